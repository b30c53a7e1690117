import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFlow, scoreLead, validateFlow, type Flow, type FunnelEvent } from '../../src/engine/index.ts';
import { buildLeadEnvelope, createAnalyticsQueue, createOutbox, DEFAULT_RETRY, memoryStorage, messageId } from '../../src/delivery/index.ts';

// Documentation audit: claims in the docs (or the public JSDoc) that the code did not keep
// ("Was:"), now brought in line; each test checks the doc against what the code does.

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const end = { id: 'end', type: 'end', title: 'Thanks' };
const choice = (id: string, options: string[]) => ({ id, type: 'single_choice', title: id, options: options.map((o) => ({ id: o, label: o })) });
const load = (flow: object): Flow => {
  const result = loadFlow(JSON.stringify(flow));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

afterEach(() => {
  vi.useRealTimers();
});

/** A receiver that answers every request with 503, and how many it got. */
function unavailable() {
  let count = 0;
  const failing = (async () => {
    count++;
    return new Response('', { status: 503 });
  }) as typeof fetch;
  return { failing, requests: () => count };
}

describe('README: Conversion insights', () => {
  // Was: README.md:246-247 says "A failed batch is retried with backoff and the same `id`
  // (de-duplicate on it) while the page is open". src/delivery/analytics-queue.ts:79 gives up
  // after `retry.attempts` tries (DEFAULT_RETRY.attempts = 4, src/delivery/retry-timing.ts:28),
  // i.e. after roughly 1 + 2 + 4 s of backoff: an analytics endpoint down for ten seconds loses
  // the batch although the visitor is still on the page. Misleads whoever runs the analytics
  // endpoint (planning a deploy/outage) and whoever reads the dashboard's drop-off numbers.
  // The README now says what the queue does: a few tries, then dropped.
  it('a failed analytics batch is tried as often as the README says, then dropped', async () => {
    vi.useFakeTimers();
    const { failing, requests } = unavailable();
    const queue = createAnalyticsQueue({ url: 'https://stats.example/a', newId: () => 'batch-1', fetch: failing, random: () => 1 });
    queue.add({ type: 'view' } as FunnelEvent);
    // Ten minutes with the page open and the endpoint answering 503 throughout.
    for (let second = 0; second < 600; second++) await vi.advanceTimersByTimeAsync(1000);
    expect(read('README.md')).toContain(`A failed batch is tried up to ${DEFAULT_RETRY.attempts} times in all`);
    expect(requests()).toBe(DEFAULT_RETRY.attempts);
  });
});

describe('public JSDoc: the widget\'s `retry` option', () => {
  // Was: src/embed/options.ts:30 documents the widget option `retry?: RetryPolicy` as "Retry
  // timing for the webhook", and RetryPolicy.attempts (src/delivery/retry-timing.ts:6-10) says
  // "Total tries, including the first. @default 4". For leads that is not so: the widget hands
  // `retry` to createOutbox (src/embed/page-outbox.ts:98), which ignores `attempts` and retries
  // until the 7-day expiry (src/delivery/outbox.ts:36, :133). An integrator who passes
  // `retry: { ...DEFAULT_RETRY, attempts: 1 }` to get one try per lead gets unlimited retries
  // (while the same option does cap analytics batches, see above).
  // The JSDoc now says `attempts` bounds analytics batches only: leads are tried on.
  it('retry.attempts is documented for analytics batches only, and a lead is tried on past it', async () => {
    vi.useFakeTimers();
    const { failing, requests } = unavailable();
    const outbox = createOutbox({
      storage: memoryStorage(),
      lock: { run: async (_name, task) => (await task(), true) },
      retry: { ...DEFAULT_RETRY, attempts: 1 },
      fetch: failing,
      random: () => 1,
    });
    const envelope = buildLeadEnvelope(
      { id: '01936f4e-8a5b-7c3d-9e2f-1a2b3c4d5e6f', flow: { id: 'f', version: 1 }, locale: 'en', answers: {}, contact: {}, score: {} as never, attribution: {}, hidden: {}, meta: {} },
      new Date(),
    );
    outbox.add(envelope, 'https://hooks.example/leads');
    for (let second = 0; second < 300; second++) await vi.advanceTimersByTimeAsync(1000);
    outbox.dispose();
    expect(requests()).toBeGreaterThan(1);
    expect(read('src/embed/options.ts')).toContain('`attempts` bounds analytics batches only');
    expect(read('src/delivery/retry-timing.ts')).toContain('Leads do not stop at a count');
  });
});

describe('README / docs/flow-format.md: validateFlow for CI checks', () => {
  // Was: README.md:401-409 says `leadflow validate` "runs `validateFlow` on each file" and that
  // "warnings alone exit 0"; README.md:378-380 offers `validateFlow` from `leadflow/engine` "for
  // CI checks of flow files", and docs/flow-format.md:196 says it "warns". But validateFlow
  // (src/engine/lint/lint-flow.ts:160-165) returns `{ ok: false, issues }` when the linter finds
  // only warnings (e.g. an http:// webhook, weights adding up to 90), so a CI script written as
  // `if (!validateFlow(json).ok) fail()` rejects flows the CLI passes with exit code 0. (The
  // CLI actually calls loadFlow + lintWithVariants and filters by severity,
  // src/cli/commands/validate.ts:49-69.)
  // The README now says so, and how to fail a check only on errors as the CLI does.
  it('validateFlow is not ok with warnings alone, as the README says', () => {
    const flow = { id: 'p', version: 1, webhook: 'http://hooks.example.com', steps: [choice('role', ['a', 'b']), end] };
    const result = validateFlow(flow);
    // Precondition: the only finding is a warning (the CLI prints it and exits 0).
    expect(result.ok ? [] : result.issues.map((i) => i.severity)).toEqual(['warning']);
    expect(read('README.md')).toContain('`validateFlow` is not `ok` with warnings alone either');
  });
});

describe('docs/qualification.md: the result example', () => {
  // Was: docs/qualification.md:143-153 shows the trace (and `criteria`) of a BANT flow with the
  // flow's own `authority` criterion first and the preset's `demo_or_pricing` after it, and
  // :39 says a flow's entry "replaces the preset's entry with the same id in the same list".
  // resolveScoring (src/engine/scoring/resolve-scoring.ts:151-154) puts the preset's remaining
  // rules first and the flow's own after them, so the real trace reads demo_or_pricing,
  // authority, … — and an overridden preset rule moves to the end. A receiver that reads the
  // trace or `criteria` by position, or a marketer comparing the trace with the docs, is misled.
  // The example now shows the order the code gives: the preset's rules, then the flow's own.
  it('the trace example lists the preset\'s rules before the flow\'s own, as scoring does', () => {
    const flow = load({
      id: 'crm-bant',
      version: 1,
      webhook: 'https://hooks.example/leads',
      steps: [choice('role', ['sign_off', 'recommend']), choice('request', ['demo', 'none']), end],
      scoring: { extend: 'bant', criteria: [{ id: 'authority', dimension: 'authority', answer: 'role', options: { sign_off: 25 } }] },
    });
    const result = scoreLead(flow, { role: 'sign_off', request: 'demo' });
    const rules = result.trace.map((entry) => entry.rule);
    const example = [...read('docs/qualification.md').matchAll(/\{ "rule": "(authority|demo_or_pricing)"/g)].map((m) => m[1]);
    expect(rules.slice(0, 2)).toEqual(['demo_or_pricing', 'authority']);
    expect(example).toEqual(rules.slice(0, 2));
    expect(Object.keys(result.criteria).slice(0, 2)).toEqual(['demo_or_pricing', 'authority']);
  });
});

describe('CHANGELOG describes the current behaviour', () => {
  const changelog = read('CHANGELOG.md');

  // Was: CHANGELOG.md:48-49 says partial leads carry "`webhook-id` `<id>.partial`". The code
  // sends `<id>.partial.<revision>` (src/delivery/payload.ts:59-60; README.md:499 and
  // docs/delivery.md:199 say so too). A receiver built from the changelog that de-duplicates or
  // matches `<id>.partial` never recognises a partial event, and would merge corrected ones.
  it('the partial lead\'s webhook-id in the CHANGELOG is the one sent', () => {
    const documented = /`webhook-id` `([^`]+)`/.exec(changelog)?.[1];
    expect(documented).toBeDefined();
    const partial = buildLeadEnvelope(
      { id: 'LEAD', revision: 1, flow: { id: 'f', version: 1 }, locale: 'en', answers: {}, contact: {}, score: {} as never, attribution: {}, hidden: {}, meta: {} },
      new Date(),
      'lead.partial',
    );
    expect(messageId(partial)).toBe(documented!.replace('<id>', 'LEAD').replace('<revision>', '1'));
  });

  // Was: CHANGELOG.md:167-171 ("### Not yet") says undelivered leads are not persisted across
  // reloads yet, and that qualification frameworks/signals/routing, popup/slider/bubble modes,
  // more question types and the CLI "come with" issues #3–#7 — all of which the same 0.1.0 entry
  // (CHANGELOG.md:22-58) lists as shipped and the code has (src/delivery/outbox.ts,
  // src/engine/scoring/presets.ts, src/embed/frame.tsx, src/cli/main.ts). A reader of the
  // release notes is told features are missing that exist.
  it('the "Not yet" section names nothing the release already ships', () => {
    const notYet = changelog.split('### Not yet')[1] ?? '';
    const shipped = {
      'not persisted across reloads': existsSync(new URL('../../src/delivery/outbox.ts', import.meta.url)),
      'npx leadflow validate': existsSync(new URL('../../src/cli/main.ts', import.meta.url)),
      'popup / slider / bubble': existsSync(new URL('../../src/embed/frame.tsx', import.meta.url)),
      'qualification frameworks': existsSync(new URL('../../src/engine/scoring/presets.ts', import.meta.url)),
    };
    const stale = Object.entries(shipped).filter(([phrase, exists]) => exists && notYet.includes(phrase)).map(([phrase]) => phrase);
    expect(stale).toEqual([]);
  });

  // Was: CHANGELOG.md:77 says the widget ships with a "25 KiB gzip budget"; the size gate holds
  // 44.25 KiB (scripts/size.mjs:21, README.md:558, docs/benchmarks.md). The existing doc test
  // (tests/build/docs-examples.test.ts) compares README and benchmarks.md only.
  it('the CHANGELOG quotes the budget the size gate holds', () => {
    const gate = /const BUDGET_KIB = ([\d.]+);/.exec(read('scripts/size.mjs'))?.[1];
    const quoted = /`dist\/leadflow\.js`, then a [\d.]+ KiB gzip budget; now ([\d.]+) KiB/.exec(changelog)?.[1];
    expect(quoted).toBeDefined();
    expect(quoted).toBe(gate);
  });
});
