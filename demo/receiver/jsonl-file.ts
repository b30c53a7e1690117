import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface JsonLinesFile<T> {
  /** The file's path. */
  readonly path: string;
  /** Every line that parses and passes the type guard, oldest first; a missing file has none. */
  read(): Promise<T[]>;
  /** Appends one record as a line, creating the folder if need be. */
  append(record: T): Promise<void>;
  /**
   * Runs `operation` once every operation queued before it has settled, so a read-then-append
   * is not raced by another. A failed operation rejects its own promise only.
   */
  queue<R>(operation: () => Promise<R>): Promise<R>;
}

/** A JSON Lines file of records in `dir`, read tolerantly: damaged or foreign lines are skipped. */
export function createJsonLinesFile<T>(dir: string, name: string, isRecord: (value: unknown) => value is T): JsonLinesFile<T> {
  const path = join(dir, name);
  let tail: Promise<unknown> = Promise.resolve();

  return {
    path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return text.split('\n').flatMap((line) => {
        if (!line.trim()) return [];
        try {
          const parsed: unknown = JSON.parse(line);
          return isRecord(parsed) ? [parsed] : [];
        } catch {
          // A line cut short by a crash or an editor must not hide every other record.
          return [];
        }
      });
    },
    async append(record) {
      await mkdir(dir, { recursive: true });
      await appendFile(path, `${JSON.stringify(record)}\n`, 'utf8');
    },
    queue(operation) {
      const result = tail.then(() => operation());
      tail = result.catch(() => {});
      return result;
    },
  };
}
