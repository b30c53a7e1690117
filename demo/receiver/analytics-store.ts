import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFunnelEvent, type FunnelEvent } from './analytics-batch.ts';

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
  const file = join(dataDir, 'analytics.jsonl');
  let queue: Promise<unknown> = Promise.resolve();
  /** Every stored batch id; undefined until the first add has read the file. */
  let storedIds: Set<string> | undefined;

  const read = async (): Promise<StoredBatch[]> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try {
        const parsed: unknown = JSON.parse(line);
        return isStoredBatch(parsed) ? [parsed] : [];
      } catch {
        // A line cut short by a crash or an editor must not hide every other batch.
        return [];
      }
    });
  };

  return {
    file,
    add(id, events, receivedAt) {
      const added = queue.then(async () => {
        const ids = (storedIds ??= new Set((await read()).map((batch) => batch.id)));
        if (ids.has(id)) return 'duplicate' as const;
        const batch: StoredBatch = { receivedAt: receivedAt.toISOString(), id, events: [...events] };
        await mkdir(dataDir, { recursive: true });
        await appendFile(file, `${JSON.stringify(batch)}\n`, 'utf8');
        // Only once written: a failed append leaves the retry free to store the batch.
        ids.add(id);
        return 'stored' as const;
      });
      queue = added.catch(() => {});
      return added;
    },
    async listEvents() {
      // Checked again on the way out: the file may have been edited by hand, and the
      // statistics must be able to trust every field.
      return (await read()).flatMap((batch) =>
        batch.events.flatMap((event) => {
          const parsed = parseFunnelEvent(event);
          return parsed.ok ? [parsed.value] : [];
        }),
      );
    },
  };
}
