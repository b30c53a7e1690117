import { isDeliveryError, NetworkError, type DeliveryError } from './errors.ts';
import type { OutboxStorage } from './outbox-storage.ts';
import { messageId, type LeadEnvelope } from './payload.ts';
import { DEFAULT_RETRY, isRetryable, retryDelay, type RetryPolicy } from './retry-timing.ts';
import type { SendLock } from './send-lock.ts';
import { sendWebhook } from './send-webhook.ts';
import { toJson } from '../shared/to-json.ts';
import { resolvedUrl } from '../shared/url-scheme.ts';

/** One lead on its way to one webhook, as stored until that webhook answers 2xx. */
export interface OutboxEntry {
  url: string;
  mode: 'cors' | 'simple';
  envelope: LeadEnvelope;
  /** When the lead entered the outbox (ms): it is dropped after `maxAgeMs`. */
  createdAt: number;
  /** Failed attempts so far, across page loads: the backoff grows with them. */
  attempts: number;
  /** Not before this time (ms): the backoff or the receiver's `Retry-After`. */
  nextAt: number;
  /** Past `maxAgeMs`, and being tried one last time: dropped if this attempt fails too. */
  last?: true;
}

export type OutboxEvent =
  | { type: 'delivered'; entry: OutboxEntry }
  | { type: 'retry'; entry: OutboxEntry; error: DeliveryError }
  /** The webhook refused the lead (a 4xx other than 408, 425, 429): sending it again cannot help. */
  | { type: 'failed'; entry: OutboxEntry; error: DeliveryError }
  /** Undeliverable for longer than `maxAgeMs`: dropped. */
  | { type: 'expired'; entry: OutboxEntry }
  /** A bug of ours, caught so it never becomes an unhandled rejection on the host page. */
  | { type: 'error'; error: unknown };

export interface OutboxOptions {
  storage: OutboxStorage;
  lock: SendLock;
  /** Backoff for failed attempts; the outbox retries until `maxAgeMs`, `attempts` does not apply. @default DEFAULT_RETRY */
  retry?: RetryPolicy;
  /** How long an undeliverable lead is kept. @default 7 days */
  maxAgeMs?: number;
  /** Abort an attempt unanswered after this long. @default 10000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  /** While false, nothing is sent: call `flush` when the browser is back online. @default () => true */
  isOnline?: () => boolean;
  /** For a page that is going away where `fetch` has no `keepalive` (Firefox before 133). */
  beacon?: (url: string, body: string) => boolean;
  /** Whether `fetch(…, { keepalive: true })` works here. @default true */
  keepalive?: boolean;
  onEvent?: (event: OutboxEvent) => void;
  /**
   * The keys whose request is out, shared by a page's outboxes over one store: one leaving the
   * page (without a lock) must not send again what another has on its way. @default its own
   */
  requesting?: Set<string>;
}

export interface Outbox {
  /** Stores a lead for a webhook, then tries to send it: stored first, so a closed tab loses nothing. */
  add(envelope: LeadEnvelope, url: string, mode?: 'cors' | 'simple'): void;
  /** Sends what is due; resolves when those attempts are settled. */
  flush(): Promise<void>;
  /** The page is being hidden or closed: send everything now, backoff or not. */
  leave(): void;
  /** What is waiting to be delivered. */
  pending(): OutboxEntry[];
  /** Stops the retry timer (the stored leads stay for the next page load). */
  dispose(): void;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** About how long to leave a lead alone that another tab is sending. */
const LOCKED_RETRY_MS = 2000;

/** How recent a failure without an answer must be to count as the page's own teardown (see `unanswered`). */
const UNANSWERED_MS = 1000;

/**
 * The outbox: a lead is written to storage before its first attempt and removed only after
 * a 2xx, so a reload, a closed tab or an outage loses nothing. Every attempt sends the same
 * envelope (one `webhook-id`); the lock keeps two tabs from sending one lead at once.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { storage, lock, retry = DEFAULT_RETRY, maxAgeMs = WEEK_MS, now = Date.now, random = Math.random } = options;
  const isOnline = options.isOnline ?? (() => true);
  const sending = new Map<string, Promise<unknown>>();
  /** Entries another tab is sending: left alone here for a while instead of polling their lock. */
  const elsewhere = new Map<string, number>();
  /** Until when a lead is left alone; never longer than that while, even if the clock went back since. */
  const leftAlone = (key: string) => {
    const until = elsewhere.get(key) ?? 0;
    return until > now() + LOCKED_RETRY_MS * 1.5 ? 0 : until;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const read = (key: string): OutboxEntry | undefined => {
    try {
      const entry = JSON.parse(storage.get(key) ?? 'null');
      // Written by another version, or damaged: not something that can be sent. Without its times
      // (another script's entry) it is sent once and expires, rather than waiting for ever.
      return typeof entry?.envelope?.data?.id === 'string' && typeof entry.url === 'string'
        ? { ...entry, createdAt: entry.createdAt || 0, nextAt: entry.nextAt || 0, attempts: entry.attempts || 0 }
        : undefined;
    } catch {
      return undefined;
    }
  };
  const entryKeys = () => storage.keys().filter((key) => key.startsWith('lead:'));
  const save = (key: string, entry: OutboxEntry) => storage.set(key, toJson(entry));

  /** Keys whose request is out from this page: never sent twice at once from here. */
  const requesting = options.requesting ?? new Set<string>();
  /** Of those, this outbox's own: a disposed one's (its page is gone) hold no other outbox back. */
  const mine = new Set<string>();
  /** Of those, the ones a newer version of their lead replaced meanwhile: not kept if they fail. */
  const superseded = new Set<string>();
  /**
   * When a request from this page last failed without an answer. A page being left rejects its
   * fetches although they go on and arrive: leave(), on pagehide a moment later, must not send
   * them again at once (the next page load sends what is still stored then).
   */
  const unanswered = new Map<string, number>();
  /**
   * The longest a lead is ever left waiting. A later `nextAt` means the clock went back (a
   * correction, a changed time zone setting): waiting for it would park the lead for as long.
   */
  const longestWait = Math.max(retry.capMs, retry.maxRetryAfterMs);

  /** One request for a stored entry, and what its answer means for the entry. */
  async function send(key: string, entry: OutboxEntry): Promise<void> {
    requesting.add(key);
    mine.add(key);
    try {
      await sendWebhook(entry.envelope, {
        // Stored as the flow wrote it before URLs were stored resolved: relative to where the
        // lead was sent from, not to the page resuming it.
        url: resolvedUrl(entry.url, entry.envelope.data.meta.page),
        mode: entry.mode,
        ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
        ...(options.fetch && { fetch: options.fetch }),
        // A last try is made by an open page (resuming leads), which needs no keepalive, and
        // one refused for the page's keepalive budget would drop a lead never sent.
        ...(entry.last && { keepalive: false }),
        now,
      });
      storage.remove(key);
      options.onEvent?.({ type: 'delivered', entry });
    } catch (error) {
      if (error instanceof NetworkError) unanswered.set(key, now());
      if (isDeliveryError(error) && !isRetryable(error)) {
        storage.remove(key);
        return options.onEvent?.({ type: 'failed', entry, error });
      }
      if (entry.last) {
        storage.remove(key);
        return options.onEvent?.({ type: 'expired', entry });
      }
      // A bug of ours backs off like a failed attempt, so it cannot turn into a request loop.
      const retried = { ...entry, attempts: entry.attempts + 1, nextAt: now() + retryDelay(error, entry.attempts, retry, random) };
      // A newer version of the lead came while this one was out: that one is the last word.
      if (superseded.has(key)) return storage.remove(key);
      if (read(key)) save(key, retried);
      options.onEvent?.(isDeliveryError(error) ? { type: 'retry', entry: retried, error } : { type: 'error', error });
    } finally {
      if (mine.delete(key)) requesting.delete(key);
      superseded.delete(key);
      // A request sent on leaving the page is no `start`: its retry is scheduled here.
      schedule();
    }
  }

  async function attempt(key: string): Promise<void> {
    // Another tab may have delivered or rescheduled it since the list was read.
    const entry = read(key);
    // (Not after dispose: its page is gone, and its request would hold the lead back from the others.)
    if (entry && !disposed && entry.nextAt <= now() && !requesting.has(key)) await send(key, entry);
  }

  /** Wakes up for the earliest entry not being sent, whichever tab stored it. */
  function schedule(): void {
    clearTimeout(timer);
    if (disposed) return;
    const next = Math.min(
      ...entryKeys()
        .filter((key) => !sending.has(key) && !requesting.has(key))
        .map((key) => Math.max(read(key)?.nextAt ?? Infinity, leftAlone(key))),
    );
    if (next < Infinity) timer = setTimeout(() => void flush(), Math.max(0, next - now()));
  }

  function start(key: string): Promise<unknown> {
    // Jittered, so two tabs that keep meeting at the lock drift apart.
    const later = () => elsewhere.set(key, now() + LOCKED_RETRY_MS * (0.5 + random()));
    const done = lock
      .run(key, () => attempt(key))
      .then(
        (ran) => (ran ? elsewhere.delete(key) : later()),
        // Not tried again at once: a lock that keeps failing would spin (and flood the console).
        (error: unknown) => (later(), options.onEvent?.({ type: 'error', error })),
      )
      .finally(() => {
        sending.delete(key);
        schedule();
      });
    sending.set(key, done);
    return done;
  }

  function flush(): Promise<void> {
    if (disposed || !isOnline()) return Promise.resolve();
    const started: Array<Promise<unknown>> = [];
    for (const key of entryKeys()) {
      const entry = read(key);
      // Another version's entry is that version's to send: left alone, not dropped.
      if (!entry) continue;
      if (sending.has(key)) {
        started.push(sending.get(key)!);
        continue;
      }
      let due = entry.nextAt;
      if (now() - entry.createdAt > maxAgeMs) {
        // One last try before it is dropped: it may never have had one (a visitor offline all
        // week), or the receiver may be back.
        if (entry.last) {
          storage.remove(key);
          options.onEvent?.({ type: 'expired', entry });
          continue;
        }
        save(key, { ...entry, last: true, nextAt: (due = now()) });
      } else if (due > now() + longestWait) save(key, { ...entry, nextAt: (due = now() + longestWait) });
      if (Math.max(due, leftAlone(key)) <= now()) started.push(start(key));
    }
    schedule();
    return Promise.all(started).then(() => {});
  }

  return {
    add(envelope, url, mode = 'cors') {
      const key = `lead:${messageId(envelope)}|${url}`;
      // A newer version of a lead makes its partial events still waiting for this same address
      // pointless. (The whole address after the message id: another target's may end in it.)
      const older = `lead:${envelope.data.id}.partial.`;
      for (const other of entryKeys())
        if (other !== key && other.startsWith(older) && other.slice(other.indexOf('|') + 1) === url) requesting.has(other) ? superseded.add(other) : storage.remove(other);
      if (!read(key)) save(key, { url, mode, envelope, createdAt: now(), attempts: 0, nextAt: now() });
      void flush();
    },
    flush: () => flush(),
    leave() {
      if (disposed || !isOnline()) return;
      // A closing page runs no more callbacks: no lock (its callback would never come), no
      // backoff, every request started in this very task. Another tab may send the same lead
      // meanwhile; the receiver de-duplicates by webhook-id. What is still stored afterwards
      // (no answer before the page was gone) is sent again on the next load.
      for (const key of entryKeys()) {
        const entry = read(key);
        // (A failure "in the future" was before the clock went back: long enough ago.)
        const since = now() - (unanswered.get(key) ?? -Infinity);
        if (!entry || requesting.has(key) || (since >= 0 && since < UNANSWERED_MS)) continue;
        // No keepalive (Firefox before 133): a beacon outlives the page; its answer is never known.
        if (options.keepalive === false) options.beacon?.(entry.url, toJson(entry.envelope));
        else void send(key, entry);
      }
    },
    pending: () => entryKeys().flatMap((key) => read(key) ?? []),
    dispose() {
      disposed = true;
      clearTimeout(timer);
      mine.forEach((key) => requesting.delete(key));
      mine.clear();
    },
  };
}
