import type { LeadEnvelope } from './envelope.ts';
import { createJsonLinesFile } from './jsonl-file.ts';

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

/** A line this store wrote: anything else in the file (edited by hand, another tool's) is skipped, never shown half. */
const isStoredLead = (value: unknown): value is StoredLead => {
  const lead = value as StoredLead | null;
  const data = (lead?.envelope as { data?: { flow?: unknown; score?: unknown } } | undefined)?.data;
  return (
    typeof lead === 'object' && lead !== null && typeof lead.id === 'string' && typeof lead.receivedAt === 'string' &&
    typeof data === 'object' && data !== null && typeof data.flow === 'object' && data.flow !== null && typeof data.score === 'object' && data.score !== null
  );
};

/**
 * Leads in a JSON Lines file, one lead a line. The file is the only state: ids are read from
 * it on every add, so deleting the file resets the demo and a restart keeps de-duplicating.
 * Adds run one after another, so two deliveries of one lead racing each other store it once.
 */
export function createLeadStore(dataDir: string): LeadStore {
  const leads = createJsonLinesFile(dataDir, 'leads.jsonl', isStoredLead);

  return {
    file: leads.path,
    add(id, envelope, receivedAt) {
      return leads.queue(async () => {
        if ((await leads.read()).some((lead) => lead.id === id)) return 'duplicate' as const;
        await leads.append({ receivedAt: receivedAt.toISOString(), id, envelope });
        return 'stored' as const;
      });
    },
    async list() {
      return (await leads.read()).reverse();
    },
  };
}
