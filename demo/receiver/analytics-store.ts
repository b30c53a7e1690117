import { parseFunnelEvent, type FunnelEvent } from './analytics-batch.ts';
import { createJsonLinesFile } from './jsonl-file.ts';

/** One line of `analytics.jsonl`: one batch as it was accepted. */
export interface StoredBatch {
  receivedAt: string;
  /** The batch id, the same on every retry of the batch. */
  id: string;
  events: FunnelEvent[];
}

export interface AnalyticsStore {
  /** The JSON Lines file batches are appended to. */
  readonly file: string;
  /** Appends a batch's events unless a batch with the same id is stored already. */
  add(id: string, events: readonly FunnelEvent[], receivedAt: Date): Promise<'stored' | 'duplicate'>;
  /** Every stored event, oldest batch first. */
  listEvents(): Promise<FunnelEvent[]>;
}

const isStoredBatch = (value: unknown): value is StoredBatch =>
  typeof value === 'object' && value !== null && typeof (value as StoredBatch).id === 'string' && Array.isArray((value as StoredBatch).events);

/**
 * Funnel events in a JSON Lines file, one batch a line, next to `leads.jsonl` (delete it to
 * reset the dashboard). Batch ids are read from the file once, on the first add, and kept in
 * memory: the file grows with every visit and a beacon arrives with every step, so reading it
 * all on each add would not last. Adds run one after another, so a batch retried while the
 * first delivery is still being written is stored once; a restart reads the ids again.
 */
export function createAnalyticsStore(dataDir: string): AnalyticsStore {
  const batches = createJsonLinesFile(dataDir, 'analytics.jsonl', isStoredBatch);
  /** Every stored batch id; undefined until the first add has read the file. */
  let storedIds: Set<string> | undefined;

  return {
    file: batches.path,
    add(id, events, receivedAt) {
      return batches.queue(async () => {
        const ids = (storedIds ??= new Set((await batches.read()).map((batch) => batch.id)));
        if (ids.has(id)) return 'duplicate' as const;
        await batches.append({ receivedAt: receivedAt.toISOString(), id, events: [...events] });
        // Only once written: a failed append leaves the retry free to store the batch.
        ids.add(id);
        return 'stored' as const;
      });
    },
    async listEvents() {
      // Checked again on the way out: the file may have been edited by hand, and the
      // statistics must be able to trust every field.
      return (await batches.read()).flatMap((batch) =>
        batch.events.flatMap((event) => {
          const parsed = parseFunnelEvent(event);
          return parsed.ok ? [parsed.value] : [];
        }),
      );
    },
  };
}
