/** What was just stored. */
export type Change = 'lead' | 'analytics';

export interface ChangeNotifier {
  /** Tells every listener that something was stored. */
  notify(change: Change): void;
  /** Listens until the returned function is called. */
  subscribe(listener: (change: Change) => void): () => void;
}

/**
 * The link between the handlers that store (webhook, analytics) and the dashboard's live
 * stream, so neither side imports the other. A listener that throws is reported and does not
 * keep the others from hearing the change.
 */
export function createChangeNotifier(): ChangeNotifier {
  const listeners = new Set<(change: Change) => void>();
  return {
    notify(change) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          console.error('LeadFlow demo receiver: a change listener failed:', error);
        }
      }
    },
    subscribe(listener) {
      // Wrapped, so subscribing the same function twice needs two unsubscribes, as expected.
      const entry = (change: Change) => listener(change);
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
