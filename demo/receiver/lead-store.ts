import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeadEnvelope } from './envelope.ts';

/** One line of `leads.jsonl`. */
export interface StoredLead {
  receivedAt: string;
  id: string;
  envelope: LeadEnvelope;
}

export interface LeadStore {
  /** The JSON Lines file leads are appended to. */
  readonly file: string;
  /** Appends a lead unless one with the same id is stored already. */
  add(id: string, envelope: LeadEnvelope, receivedAt: Date): Promise<'stored' | 'duplicate'>;
  /** Every stored lead, newest first. */
  list(): Promise<StoredLead[]>;
}

const isStoredLead = (value: unknown): value is StoredLead =>
  typeof value === 'object' && value !== null && typeof (value as StoredLead).id === 'string' && 'envelope' in value;

/**
 * Leads in a JSON Lines file, one lead a line. The file is the only state: ids are read from
 * it on every add, so deleting the file resets the demo and a restart keeps de-duplicating.
 * Adds run one after another, so two deliveries of one lead racing each other store it once.
 */
export function createLeadStore(dataDir: string): LeadStore {
  const file = join(dataDir, 'leads.jsonl');
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<StoredLead[]> => {
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
        return isStoredLead(parsed) ? [parsed] : [];
      } catch {
        // A line cut short by a crash or an editor must not hide every other lead.
        return [];
      }
    });
  };

  return {
    file,
    add(id, envelope, receivedAt) {
      const added = queue.then(async () => {
        if ((await read()).some((lead) => lead.id === id)) return 'duplicate' as const;
        const lead: StoredLead = { receivedAt: receivedAt.toISOString(), id, envelope };
        await mkdir(dataDir, { recursive: true });
        await appendFile(file, `${JSON.stringify(lead)}\n`, 'utf8');
        return 'stored' as const;
      });
      queue = added.catch(() => {});
      return added;
    },
    async list() {
      return (await read()).reverse();
    },
  };
}
