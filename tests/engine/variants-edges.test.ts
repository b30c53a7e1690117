import { describe, expect, it, vi } from 'vitest';
import { memoryStorage, type OutboxStorage } from '../../src/delivery/index.ts';
import { chooseVariant } from '../../src/embed/variant-choice.ts';
import { createFunnelTracker, setAnswer, startFlow, type Flow, type FunnelEvent } from '../../src/engine/index.ts';
import { demoJson, load, type FlowJson } from './fixtures.ts';
import { mulberry32 } from './support/random.ts';
import { next } from './support/walk.ts';

/**
 * A/B assignment as a visitor meets it, page load after page load: `chooseVariant` with the
 * browser's storage (a memory store per visitor), the page's query string and a seeded random.
 */

const withVariants = (variants: unknown[]): Flow => load({ ...demoJson(), variants } satisfies FlowJson);
const experiment = () =>
  withVariants([
    { id: 'control', weight: 1 },
    { id: 'who', weight: 3, steps: { role: { title: { de: 'Wer sind Sie?', en: 'Who are you?' } } } },
    { id: 'paused', weight: 0, title: 'Paused' },
  ]);
type LoadFile = Parameters<typeof chooseVariant>[3];
const noFiles: LoadFile = async () => ({ ok: false, issues: ['no files in this test'] });
const params = (query = '') => new URLSearchParams(query);
const always = (value: number) => () => value;

/** One page load of a visitor: what they are shown and counted as. */
const visit = (flow: Flow, storage: OutboxStorage, random: () => number, query = '', load: LoadFile = noFiles) => chooseVariant(flow, params(query), storage, load, random);

describe('chooseVariant: weights over many new visitors', () => {
  it('assigns 1:3 to 20,000 new visitors within 4 standard deviations, and never a variant of weight 0', async () => {
    const flow = experiment();
    const random = mulberry32(20261127);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const choice = await visit(flow, memoryStorage(), random);
      counts[choice.variant!] = (counts[choice.variant!] ?? 0) + 1;
    }
    // Binomial(20,000, 1/4): mean 5,000, sd √(20,000 · 0.25 · 0.75) = 61.2.
    expect(Math.abs(counts.control! - 5000)).toBeLessThan(4 * 61.3);
    expect(counts.control! + counts.who!).toBe(20_000);
    expect(counts.paused).toBeUndefined();
  });

  it('would notice weights read the wrong way round (the check above can fail)', async () => {
    const flow = withVariants([
      { id: 'control', weight: 3 },
      { id: 'who', weight: 1 },
    ]);
    const random = mulberry32(20261127);
    let control = 0;
    for (let i = 0; i < 2000; i++) if ((await visit(flow, memoryStorage(), random)).variant === 'control') control++;
    expect(Math.abs(control - 500)).toBeGreaterThan(4 * 19.4);
  });
});

describe('chooseVariant: sticky per visitor', () => {
  it('keeps the first draw on every later page load, whatever the random number says', async () => {
    const storage = memoryStorage();
    const flow = experiment();
    expect((await visit(flow, storage, always(0.9))).variant).toBe('who');
    const random = vi.fn(always(0.01));
    for (let i = 0; i < 5; i++) expect((await visit(flow, storage, random)).variant).toBe('who');
    expect(random).not.toHaveBeenCalled();
  });

  it('gives a visitor whose variant was removed a variant drawn by the current weights, and keeps that one', async () => {
    const storage = memoryStorage();
    storage.set('variant:saas-bant', 'gone');
    const flow = withVariants([
      { id: 'control', weight: 0 },
      { id: 'who', weight: 1, title: 'Wer?' },
    ]);
    const first = await visit(flow, storage, always(0));
    expect(first).toMatchObject({ variant: 'who', qa: false });
    expect(first.flow.title).toBe('Wer?');
    expect(storage.get('variant:saas-bant')).toBe('who');
  });

  it('keeps a visitor on a variant paused at weight 0', async () => {
    const storage = memoryStorage();
    storage.set('variant:saas-bant', 'paused');
    expect((await visit(experiment(), storage, always(0))).variant).toBe('paused');
  });

  it('shows the flow without an experiment once the variants are gone, leaving the assignment alone', async () => {
    const storage = memoryStorage();
    storage.set('variant:saas-bant', 'who');
    expect(await visit(load(demoJson()), storage, always(0))).toMatchObject({ variant: null, qa: false });
    expect(storage.get('variant:saas-bant')).toBe('who');
  });
});

describe('chooseVariant: ?leadflow_variant= for QA', () => {
  it('marks the visit qa and neither draws nor stores an assignment for a new visitor', async () => {
    const storage = memoryStorage();
    const random = vi.fn(always(0.9));
    expect(await visit(experiment(), storage, random, '?leadflow_variant=paused')).toMatchObject({ variant: 'paused', qa: true });
    expect(random).not.toHaveBeenCalled();
    expect(storage.keys()).toEqual([]);
    // The next page load without the parameter is a real visitor's first draw.
    expect(await visit(experiment(), storage, always(0.1))).toMatchObject({ variant: 'control', qa: false });
  });

  it('falls back to the assignment, not qa, for a parameter naming no variant', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const storage = memoryStorage();
    storage.set('variant:saas-bant', 'who');
    expect(await visit(experiment(), storage, always(0), '?leadflow_variant=Who')).toMatchObject({ variant: 'who', qa: false });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('chooseVariant: a variant file that cannot be loaded', () => {
  const fileExperiment = () =>
    withVariants([
      { id: 'control', weight: 0 },
      { id: 'short', weight: 1, flow: './short.json' },
    ]);

  it('shows the flow as it is, counted without a variant, and keeps the assignment for the next page load', async () => {
    const storage = memoryStorage();
    const failed = await visit(fileExperiment(), storage, always(0.5));
    expect(failed).toMatchObject({ variant: null, qa: false, error: expect.stringContaining('variants[1].flow "./short.json": no files in this test') });
    expect(storage.get('variant:saas-bant')).toBe('short');

    const short = { ...demoJson(), id: 'saas-bant-short', version: 4 };
    const loaded = await visit(fileExperiment(), storage, always(0), '', async () => ({ ok: true as const, value: load(short) }));
    expect(loaded).toMatchObject({ variant: 'short', variantFlow: { id: 'saas-bant-short', version: 4 } });
    // Reported under the experiment, so it is compared with its siblings.
    expect(loaded.flow).toMatchObject({ id: 'saas-bant', version: 1 });
  });
});

describe('funnel events of an assigned variant', () => {
  it('carry the variant and the QA mark on every event, from view to submit', () => {
    const flow = experiment();
    const tracker = createFunnelTracker({ flow, variant: 'who', session: 's', qa: true });
    let state = startFlow(flow, {});
    const events: FunnelEvent[] = [...tracker.observe(state, 0)];
    state = setAnswer(state, 'role', 'sign_off');
    events.push(...tracker.observe(state, 1000));
    events.push(...tracker.leave('hidden', 1500));
    state = next(flow, state);
    events.push(...tracker.observe(state, 2000));
    events.push(...tracker.leave('closed', 2500));
    expect(events.map((e) => e.type)).toEqual(['view', 'step_view', 'start', 'abandon', 'step_complete', 'step_view', 'abandon']);
    expect(events.every((e) => e.variant === 'who' && e.qa === true && e.session === 's')).toBe(true);
  });
});
