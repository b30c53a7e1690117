import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryableStatus } from '../../src/delivery/index.ts';
import { emitterFor, type EventName } from '../../src/embed/events.ts';
import { createFunnelReporter } from '../../src/embed/funnel-reporter.ts';
import { DEFAULT_MIN_FILL_MS, modeOf, readDataOptions, type LeadFlowOptions } from '../../src/embed/options.ts';
import type { PageOutbox } from '../../src/embed/page-outbox.ts';
import { DEFAULT_ROUTES, loadFlow, nextStep, presets, scoreLead, setAnswer, startFlow, type Flow, type FlowState } from '../../src/engine/index.ts';
import { pickLocale } from '../../src/ui/i18n/pick-locale.ts';

// Documentation audit, claim by claim: README.md, docs/flow-format.md, docs/qualification.md and
// docs/delivery.md against the code. Passing tests pin the claims that matter (option names and
// defaults, event fields, error codes, CLI usage, presets); three pin claims the docs got wrong
// until this audit (see the `Was:` comment above each).

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');
const readme = read('README.md');

const load = (flow: object): Flow => {
  const result = loadFlow(JSON.stringify(flow));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
};

/** The rows of the Markdown table that follows `heading` (first match), as trimmed cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}
const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** An element as `readDataOptions` reads it, without a DOM. */
function element(attributes: Record<string, string>): Element {
  return {
    getAttribute: (name: string) => attributes[name] ?? null,
    attributes: Object.entries(attributes).map(([name, value]) => ({ name, value })),
  } as unknown as Element;
}

describe('README: Attributes and options', () => {
  const rows = tableAfter(readme, '### Attributes and options');
  const attributeRows = rows.filter(([attribute]) => attribute!.startsWith('`data-leadflow'));
  // A value each attribute accepts, so the option it sets is not its default.
  const sample: Record<string, string> = {
    'data-leadflow': '/flows/demo.json',
    'data-leadflow-webhook': 'https://hooks.example.com/leads',
    'data-leadflow-locale': 'de',
    'data-leadflow-mode': 'popup',
    'data-leadflow-trigger': 'timer:20,exit',
    'data-leadflow-lazy': 'false',
    'data-leadflow-resume': 'false',
    'data-leadflow-transport': 'simple',
    'data-leadflow-hidden': 'plan=pro&team=sales',
    'data-leadflow-hidden-<name>': 'pro',
    'data-leadflow-bots': 'flag',
    'data-leadflow-min-fill-ms': '900',
    'data-leadflow-datalayer': 'true',
    'data-leadflow-analytics': 'https://stats.example.com/leadflow',
    'data-leadflow-variants': 'control 1, short=/flows/short.json 1',
  };

  it('every attribute in the table sets the option named beside it', () => {
    expect(attributeRows.length).toBeGreaterThanOrEqual(15);
    for (const [attributeCell, optionCell] of attributeRows) {
      const attribute = codes(attributeCell!)[0]!;
      const option = codes(optionCell!)[0] as keyof LeadFlowOptions;
      expect(sample, attribute).toHaveProperty([attribute]);
      const name = attribute === 'data-leadflow-hidden-<name>' ? 'data-leadflow-hidden-plan' : attribute;
      const withIt = readDataOptions(element({ 'data-leadflow': '/f.json', [name]: sample[attribute]! }));
      const without = readDataOptions(element({ 'data-leadflow': attribute === 'data-leadflow' ? '' : '/f.json' }));
      expect(withIt[option], `${attribute} → ${option}`).not.toEqual(without[option]);
    }
  });

  it('every option the attributes produce is in the table', () => {
    const all = readDataOptions(element(Object.fromEntries(Object.entries(sample).map(([k, v]) => [k.replace('<name>', 'plan'), v]))));
    const documented = new Set(rows.flatMap(([, option]) => codes(option!)));
    for (const option of Object.keys(all)) expect(documented, option).toContain(option);
  });

  it('an element with only data-leadflow gets the defaults the README states', () => {
    const options = readDataOptions(element({ 'data-leadflow': '/f.json' }));
    // "`cors` (default)", "`drop` (default)", "(default `1500`)", "`inline` (default)"; lazy,
    // resume and dataLayer are off only when the attribute says `false` / on when it says `true`.
    expect(options).toMatchObject({ transport: 'cors', bots: 'drop', minFillMs: 1500, lazy: true, resume: true, dataLayer: false });
    expect(DEFAULT_MIN_FILL_MS).toBe(1500);
    expect(modeOf(options)).toBe('inline');
    expect(modeOf({ flow: '', mode: 'modal' as never })).toBe('inline');
    expect(readme).toMatch(/\| `data-leadflow-min-fill-ms` \| `minFillMs` \|[^\n]*\(default `1500`[;)]/);
  });

  it('the on… callbacks in the table are the events\' callbacks, each called with its event\'s detail', () => {
    const callbacks = codes(rows.find(([, option]) => option!.includes('`onReady`'))![1]!);
    const names = callbacks.filter((c) => c.startsWith('on'));
    const events = eventNames();
    expect(names).toEqual(events.map((e) => `on${e.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase())}`));
    const heard: Record<string, unknown> = {};
    const options = Object.fromEntries(names.map((n) => [n, (detail: unknown) => (heard[n] = detail)]));
    const emit = emitterFor(new EventTarget(), options);
    events.forEach((event, i) => emit(event, { marker: i } as never));
    names.forEach((n, i) => expect(heard[n], n).toEqual({ marker: i }));
  });
});

/** The event names of `LeadFlowEvents` in src/embed/events.ts, in order. */
function eventNames(): EventName[] {
  const body = read('src/embed/events.ts').split('export interface LeadFlowEvents {')[1]!.split('\n}')[0]!;
  return [...body.matchAll(/^\s{2}(\w+): /gm)].map((m) => m[1] as EventName);
}

/** `{ flow: FlowRef; locale: string; qa?: true }` → required and optional field names. */
function detailFields(name: string): { required: string[]; optional: string[] } {
  const line = read('src/embed/events.ts').match(new RegExp(`^\\s{2}${name}: \\{([^}]*)\\};`, 'm'))![1]!;
  const fields = [...line.matchAll(/(\w+)(\??):/g)];
  return { required: fields.filter((f) => !f[2]).map((f) => f[1]!), optional: fields.filter((f) => f[2]).map((f) => f[1]!) };
}

describe('README: Events', () => {
  const rows = tableAfter(readme, '### Events');

  it('the table names every event the widget declares, and no other', () => {
    const documented = rows.flatMap(([event]) => codes(event!)).map((e) => e.replace(/^leadflow:/, ''));
    expect(new Set(documented)).toEqual(new Set(eventNames()));
  });

  it('each detail lists the fields of its event type (optional ones in the explanation)', () => {
    for (const [eventCell, detail] of rows) {
      const name = codes(eventCell!)[0]!.replace(/^leadflow:/, '');
      const braces = detail!.match(/^`\{ ([^`]*) \}`/);
      if (!braces) continue; // the funnel events: described under Conversion insights
      const listed = braces[1]!.replace(/\{[^{}]*\}/g, '').split(',').map((f) => f.trim().replace(/:.*$/, ''));
      const { required, optional } = detailFields(name);
      expect(listed, name).toEqual(required);
      // A flag as `qa: true`, a value by its name (`leadId`).
      for (const field of optional) expect(detail, `${name}.${field}`).toMatch(new RegExp(`\`${field}(: true)?\``));
    }
  });

  it('the error codes listed are exactly those the widget reports', () => {
    const errorRow = rows.find(([event]) => event === '`leadflow:error`')!;
    const documented = codes(errorRow[1]!).filter((c) => /^[a-z]+_[a-z_]+$/.test(c) && c !== 'data-leadflow-variants');
    const sources = ['src/embed/mount.tsx', 'src/embed/page-outbox.ts', 'src/embed/submit-lead.ts'].map(read).join('\n');
    const emitted = [
      ...sources.matchAll(/(?:report|showError)\((?:emit, |fallback, )?'([a-z_]+)'/g),
      ...sources.matchAll(/code: '([a-z_]+)'/g),
    ].map((m) => m[1]!);
    expect(new Set(documented)).toEqual(new Set(emitted));
    expect(documented).toHaveLength(11);
  });

  it('with dataLayer every event goes to GTM as leadflow_<name>, as the Conversion insights section says', () => {
    const layer: unknown[] = [];
    (globalThis as { dataLayer?: unknown[] }).dataLayer = layer;
    try {
      const emit = emitterFor(new EventTarget(), { dataLayer: true });
      emit('step', { flow: { id: 'f', version: 1 }, stepId: 's', index: 0, total: 2 });
      emit('submit', { flow: { id: 'f', version: 1 }, variant: null, leadId: 'l', tier: 'hot', route: 'sales_now' });
    } finally {
      delete (globalThis as { dataLayer?: unknown[] }).dataLayer;
    }
    expect(layer.map((entry) => (entry as { event: string }).event)).toEqual(['leadflow_step', 'leadflow_submit']);
    expect(readme).toMatch(/GTM as\s+`leadflow_<type>`/);
  });
});

describe('README: Conversion insights — funnel events reach the page', () => {
  const flow = load({
    id: 'funnel',
    version: 1,
    webhook: 'https://hooks.example.com/leads',
    steps: [
      { id: 'q', type: 'single_choice', title: 'q', options: [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }] },
      { id: 'end', type: 'end', title: 'Thanks' },
    ],
  });
  /** One visit from the first step to the ending through the reporter the widget uses; what it emits to the page. */
  function visit() {
    const emitted: Array<{ name: string; detail: Record<string, unknown> }> = [];
    const outbox = { track() {} } as unknown as PageOutbox;
    const reporter = createFunnelReporter(
      flow,
      { variant: null, qa: false, visible: signal(true) },
      { visit: '5c1e9b2f-0000-4000-8000-000000000000' },
      { emit: (name, detail) => emitted.push({ name, detail: detail as Record<string, unknown> }), outbox, analytics: undefined },
      () => {},
    );
    const state = signal<FlowState>(startFlow(flow));
    const stop = reporter.watch(state);
    const moved = nextStep(flow, setAnswer(state.value, 'q', 'a'));
    if (!moved.ok) throw new Error('could not move on');
    state.value = moved.value;
    reporter.submitted(false, state.value);
    stop();
    return emitted;
  }

  it('view, start, step_view and step_complete go out as leadflow:<type> with the documented fields', () => {
    const emitted = visit();
    expect(emitted.map((e) => e.name)).toEqual(['view', 'step_view', 'start', 'step_complete']);
    for (const { detail } of emitted) expect(Object.keys(detail)).toEqual(expect.arrayContaining(['type', 'flow', 'variant', 'session', 'stepId', 'index', 'at']));
  });

  // Was (docs): README.md said the funnel's `submit` fires as `leadflow:submit` with the funnel
  // fields (`session`, `stepId`, `index`, `at`). The reporter gives it only to the analytics
  // endpoint (src/embed/funnel-reporter.ts), and `leadflow:submit` / `onSubmit` carry the lead's
  // detail (src/embed/submit-lead.ts). The README says so now.
  it("keeps the funnel's submit from the page, as the README now says: the page's conversion is the lead's leadflow:submit", () => {
    expect(visit().map((e) => e.name)).not.toContain('submit');
    expect(readme).toMatch(/all but the funnel's\s+`submit`, which goes only to the `analytics` endpoint/);
  });
});

describe('README: locale matching', () => {
  it('de-DE takes de before de-CH, and zh-TW takes zh-Hant, as the table\'s examples say', () => {
    expect(pickLocale(['de-CH', 'de'], undefined, ['de-DE'])).toBe('de');
    expect(pickLocale(['zh-Hans', 'zh-Hant'], undefined, ['zh-TW'])).toBe('zh-Hant');
    expect(pickLocale(['de', 'en'], 'en', ['de-DE'])).toBe('en');
  });

  // Was (docs): README.md's `data-leadflow-locale` row put the language alone before the same
  // language in the same script; src/ui/i18n/pick-locale.ts narrows to the script first (on
  // purpose: `zh-TW` takes `zh-Hant`). The row says so now, with the Serbian example.
  it('narrows to the same script first, then takes the language alone, as the row now says', () => {
    expect(pickLocale(['sr', 'sr-Latn'], undefined, ['sr-Latn-RS'])).toBe('sr-Latn');
    expect(readme).toContain('`sr-Latn-RS` takes `sr-Latn` before `sr`');
  });
});

describe('docs/flow-format.md: a criterion\'s kind', () => {
  const flow = load({
    id: 'kinds',
    version: 1,
    webhook: 'https://hooks.example.com/leads',
    steps: [
      { id: 'q', type: 'single_choice', title: 'q', options: [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }] },
      { id: 'end', type: 'end', title: 'Thanks' },
    ],
    scoring: { extend: 'bant', criteria: [{ id: 'c', dimension: 'timeline', kind: 'fit', answer: 'q', options: { a: 10 } }] },
  });

  it('a dimension\'s points all count as its kind (docs/qualification.md, "Totals")', () => {
    const score = scoreLead(flow, { q: 'a' });
    expect(score).toMatchObject({ fit: 0, intent: 10 });
    expect(read('docs/qualification.md')).toContain('a `kind` on a criterion applies only outside a dimension');
  });

  // Was (docs): docs/flow-format.md and docs/qualification.md called the dimension's kind a
  // criterion's default, which its own `kind` could override; src/engine/scoring/score-lead.ts
  // counts the dimension's kind whenever there is a dimension (the linter warns kind_conflict).
  it("counts a criterion in a dimension by the dimension's kind, as both docs now say", () => {
    expect(scoreLead(flow, { q: 'a' })).toMatchObject({ fit: 0, intent: 10 });
    expect(read('docs/flow-format.md')).toContain("in a dimension the dimension's kind counts");
    expect(read('docs/qualification.md')).toMatch(/in a dimension the\s+dimension's kind counts/);
  });
});

describe('docs/qualification.md: presets, seed rules and routing', () => {
  const doc = read('docs/qualification.md');

  it('the presets table lists each preset\'s dimensions with their kinds, each weighing floor(100 / n)', () => {
    const rows = tableAfter(doc, '## Presets');
    expect(rows.map(([id]) => codes(id!)[0])).toEqual(Object.keys(presets));
    const dimensionsOf = (id: string) => Object.entries(presets[id as keyof typeof presets].dimensions).map(([d, v]) => `${d} (${v.kind})`);
    for (const [idCell, , dimensionsCell] of rows) {
      const id = codes(idCell!)[0]!;
      const listed = dimensionsCell!.replace(/^MEDDIC plus /, `${dimensionsOf('meddic').join(', ')}, `).split(', ');
      expect(listed, id).toEqual(dimensionsOf(id));
      const dimensions = Object.values(presets[id as keyof typeof presets].dimensions);
      for (const d of dimensions) expect(d, id).toMatchObject({ weight: Math.floor(100 / dimensions.length), cap: Math.floor(100 / dimensions.length) });
    }
  });

  it('the seed rules table gives each preset rule\'s kind and points', () => {
    const rows = tableAfter(doc, 'The seed\'s values, shared by every preset.');
    const preset = presets.bant;
    for (const [idCell, kind, , points] of rows) {
      const id = codes(idCell!)[0]!;
      const rule = [...preset.criteria, ...preset.negative, ...preset.signals].find((r) => r.id === id)!;
      expect(rule, id).toBeDefined();
      if (kind === 'strong signal') expect(rule).toMatchObject({ strength: 'strong' });
      else if (kind === 'negative') expect(preset.negative).toContainEqual(expect.objectContaining({ id, points: Number(points!.replace('−', '-')) }));
      else expect(rule).toMatchObject({ kind, points: Number(points) });
    }
    expect(rows).toHaveLength(preset.criteria.length + preset.negative.length + preset.signals.length);
  });

  it('the default routing table is the one scoring uses', () => {
    const rows = tableAfter(doc, 'The default table is the seed\'s matrix:');
    const documented = rows.map(([, tier, signals, route, qualified]) => ({
      route: codes(route!)[0],
      ...(tier !== 'any' && { tier }),
      ...(signals !== 'any' && { signals }),
      ...(qualified === 'yes' && { qualified: true }),
    }));
    expect(documented).toEqual(DEFAULT_ROUTES);
  });
});

describe('README: Receiving leads', () => {
  const example = JSON.parse(readme.split('```json\n{\n  "type": "lead.submitted"')[1]!.split('```')[0]!.replace(/^/, '{\n  "type": "lead.submitted"')) as {
    data: { answers: Record<string, { value: unknown }>; contact: Record<string, string>; hidden: Record<string, string>; score: Record<string, unknown> };
  };

  it('re-scoring the example lead with the README\'s snippet gives the score the example shows', () => {
    const flow = load(JSON.parse(read('demo/flows/saas-bant.json')));
    const data = example.data;
    const answers = { ...Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])), ...data.contact };
    const score = scoreLead(flow, answers as never, { hidden: data.hidden });
    const { trace, ...shown } = data.score;
    expect(Object.keys(score).sort()).toEqual(Object.keys(data.score).sort());
    expect(score).toMatchObject(shown);
    expect(score.trace[0]).toEqual((trace as unknown[])[0]);
  });

  it('retries what the README lists, with the stated timings', () => {
    for (const status of [408, 425, 429, 500, 503, 599]) expect(isRetryableStatus(status), String(status)).toBe(true);
    for (const status of [301, 302, 303, 400, 404, 422]) expect(isRetryableStatus(status), String(status)).toBe(false);
    expect(DEFAULT_RETRY).toMatchObject({ baseMs: 1000, capMs: 30_000, maxRetryAfterMs: 60_000 });
    expect(readme).toMatch(/exponential\s+backoff and full jitter \(1 s base, 30 s cap\)/);
    expect(readme).toContain('is honoured up to 60 s');
  });
});

describe('README: Command line', () => {
  const CLI = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  it('each command\'s --help lists the options the README documents for it', () => {
    const documented: Record<string, string[]> = {
      validate: ['--json'],
      graph: ['--locale', '--variant'],
      simulate: ['--hidden', '--json', '--all-paths', '--limit', '--max-states', '--variant'],
    };
    for (const [command, options] of Object.entries(documented)) {
      const help = run(command, '--help');
      expect(help.code, command).toBe(0);
      for (const option of options) {
        expect(readme, `${command} ${option}`).toContain(option);
        expect(help.out, `${command} ${option}`).toContain(option);
      }
    }
    // "It stops at 1000 paths (`--limit`) or 20,000 answered steps (`--max-states`)".
    expect(run('simulate', '--help').out).toMatch(/--limit N .*default 1000\)[\s\S]*--max-states N .*default 20000\)/);
  });

  it('the documented commands run on the example flows', () => {
    const validate = run('validate', ...['anum', 'bant', 'champ', 'faint', 'gpctba', 'meddpicc', 'saas-bant', 'saas-bant-short'].map((f) => `demo/flows/${f}.json`));
    expect(validate.code).toBe(0);
    expect(validate.out).toContain('demo/flows/saas-bant.json: ok');
    const graph = run('graph', 'demo/flows/saas-bant.json', '--locale', 'en');
    expect(graph.code).toBe(0);
    expect(graph.out).toMatch(/^flowchart TD\n/);
    expect(graph.out).toContain('|"role is student"|');
    expect(graph.out).toContain('|"else"|');
    const all = run('simulate', 'demo/flows/saas-bant.json', '--all-paths');
    expect(all.code).toBe(0);
    expect(all.out).toContain('summary: 4 paths, 4 endings reached of 4');
  });

  it('usage mistakes print one `leadflow: …` line and exit 2', () => {
    for (const args of [[], ['frob'], ['validate'], ['validate', '--nope', 'x.json']]) {
      const result = run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(/^leadflow: /)]);
    }
  });
});

describe('docs/flow-format.md: Theme defaults', () => {
  it('each default in the table is the one the stylesheet falls back to', () => {
    const rows = tableAfter(read('docs/flow-format.md'), '## Theme');
    const css = read('src/ui/styles.css');
    expect(rows.map(([p]) => codes(p!)[0])).toEqual(['primary', 'text', 'background', 'font', 'radius', 'spacing']);
    for (const [property, fallback] of rows) expect(css, property).toContain(`var(--leadflow-${codes(property!)[0]}, ${codes(fallback!)[0]})`);
  });
});
