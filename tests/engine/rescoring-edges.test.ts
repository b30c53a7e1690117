/**
 * Audit: a site owner's server re-scores a received lead with `dist/engine.mjs` (DESIGN.md:
 * "importable in Node without a DOM, e.g. to re-score leads on a server"), following the
 * README's recipe ("Re-scoring a received lead gives the result the browser computed").
 *
 * Browser side: the widget's own code — `createFlowModel` (src/ui/model) driven as the widget
 * drives it (answers set, Next/Back pressed, numbers read with `parseNumberInput` in the
 * visitor's locale, a reload restored with `restoreFlow` from JSON), `chooseVariant` for A/B
 * tests and `submitLead` (src/embed) building the envelope, which is then sent through JSON.
 * Server side: the built `dist/engine.mjs`, with the README's recipe code run as written.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../../src/delivery/outbox-storage.ts';
import type { LeadEnvelope } from '../../src/delivery/payload.ts';
import type { PageOutbox } from '../../src/embed/page-outbox.ts';
import { submitLead, type SubmitContext } from '../../src/embed/submit-lead.ts';
import { chooseVariant } from '../../src/embed/variant-choice.ts';
import * as browserEngine from '../../src/engine/index.ts';
import type { AnswerValue, Flow, FlowState, ScoreResult, Step } from '../../src/engine/index.ts';
import { createFlowModel, type Completion, type FlowModel, type Snapshot } from '../../src/ui/model/flow-model.ts';
import { parseNumberInput } from '../../src/ui/questions/number-input.ts';
import { DEMO_FLOW_NAMES, generatePlan, play, type Driver, type StepEntries } from '../e2e/support/agreement.ts';

type Engine = typeof browserEngine;
const distUrl = new URL('../../dist/engine.mjs', import.meta.url);
// The server imports the built engine, as `leadflow/engine` resolves to it (package.json exports).
const server = (await import(distUrl.href)) as Engine;

// ---------------------------------------------------------------------------------------------
// The server side: the README's recipe, run as written.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The code block after "Re-scoring a received lead" in the README. */
const recipe = /Re-scoring a received lead[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

/**
 * What a receiver that follows the README does: the flow file the lead names (README: "the lead
 * names the file's own flow as `data.variantFlow` (re-score with that)", else `data.flow`),
 * loaded with the built engine, then the README's code block with the engine's exports in scope.
 */
function rescoreAsDocumented(data: LeadEnvelope['data'], files: Record<string, string>): unknown {
  expect(recipe, 'the README re-scoring recipe').toContain('scoreLead(');
  const ref = data.variantFlow ?? data.flow;
  const text = files[`${ref.id}@${ref.version}`];
  if (text === undefined) throw new Error(`the receiver keeps no file for ${ref.id}@${ref.version}`);
  const loaded = server.loadFlow(text);
  if (!loaded.ok) throw new Error(loaded.issues.map(server.formatIssue).join('\n'));
  const names = Object.keys(server).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && !['flow', 'data'].includes(name));
  // The README's own code, run as a receiver pastes it.
  const run = new Function('engine', 'flow', 'data', `const { ${names.join(', ')} } = engine;\n${recipe}\nreturn score;`) as (e: Engine, f: Flow, d: unknown) => ScoreResult;
  return JSON.parse(JSON.stringify(run(server, loaded.value, data)));
}

// ---------------------------------------------------------------------------------------------
// The browser side: the widget's model and lead builder.

const sent: LeadEnvelope[] = [];
beforeAll(() => {
  // submitLead reads the page's address for `meta.page`; nothing else of the DOM.
  vi.stubGlobal('location', { protocol: 'https:', href: 'https://shop.example/pricing?utm_source=mail' });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

interface Exposure {
  variant?: string | null;
  variantFlow?: { id: string; version: number };
}

/** The lead `submitLead` posts for a completion, as the receiver parses it from the request body. */
function leadOf(flow: Flow, completion: Snapshot | Completion, locale: string, exposure: Exposure = {}, type: LeadEnvelope['type'] = 'lead.submitted'): LeadEnvelope['data'] {
  sent.length = 0;
  const outbox = { send: (envelope: LeadEnvelope) => void sent.push(envelope) } as unknown as PageOutbox;
  const context: SubmitContext = {
    flow,
    variant: exposure.variant ?? null,
    ...(exposure.variantFlow && { variantFlow: exposure.variantFlow }),
    qa: false,
    locale,
    leadId: '01936f4e-8a5b-7c3d-9e2f-1a2b3c4d5e6f',
    transport: 'cors',
    startedAt: new Date(),
    fillStart: performance.now() - 120_000,
    emit: () => {},
    outbox,
    attribution: { utm_source: 'linkedin', referrer: 'https://www.linkedin.com/' },
    bots: 'flag',
    minFillMs: 0,
  };
  submitLead(completion, type, context);
  expect(sent).toHaveLength(1);
  return (JSON.parse(JSON.stringify(sent[0])) as LeadEnvelope).data;
}

/** What the widget stores per question from what the visitor typed: a number field reads the text by the locale. */
function stored(step: Step, question: string, input: AnswerValue | undefined, locale: string): AnswerValue | undefined {
  return step.type === 'number' && question === step.id && typeof input === 'string' ? parseNumberInput(input, locale) : input;
}

/** The widget's model as an agreement-test driver (tests/e2e/support/agreement.ts), reloads restored from JSON. */
class ModelDriver implements Driver {
  model!: FlowModel;
  completion: Completion | undefined;
  /** What the widget sends as `lead.partial` once the contact step is done (with `partialLeads`). */
  contact: Snapshot | undefined;
  constructor(
    readonly flow: Flow,
    readonly hidden: Record<string, string>,
    readonly locale = 'de',
  ) {
    this.open(browserEngine.startFlow(flow, hidden));
  }
  open(initial: FlowState) {
    this.model = createFlowModel({ flow: this.flow, locale: this.locale, hidden: this.hidden, initial, onComplete: (c) => void (this.completion = c), onContact: (snapshot) => void (this.contact = snapshot) });
  }
  async currentStepId() {
    return this.model.step.value.id;
  }
  async progressLabel() {
    return '';
  }
  async buttonText() {
    return '';
  }
  async enter(step: Step, entries: StepEntries) {
    for (const [question, entry] of Object.entries(entries)) this.model.setAnswer(question, stored(step, question, entry.typed ?? entry.value, this.locale));
  }
  async next(step: Step) {
    if (!this.model.next()) throw new Error(`the widget refused "${step.id}": ${JSON.stringify(this.model.issues.value)}`);
  }
  async canGoBack() {
    return this.model.canGoBack.value;
  }
  async back() {
    this.model.back();
  }
  async reload() {
    const { history, answers } = this.model.state.value;
    const saved = JSON.parse(JSON.stringify({ history, answers })) as { history: unknown; answers: unknown };
    this.model.dispose();
    this.open(browserEngine.restoreFlow(this.flow, saved, this.hidden) ?? browserEngine.startFlow(this.flow, this.hidden));
  }
}

/** A scripted visit: answers for the step on screen, then Next; `'back'` presses Back. */
type Action = Record<string, AnswerValue | undefined> | 'back';

let lastContact: Snapshot | undefined;

function visit(flow: Flow, actions: Action[], hidden: Record<string, string> = {}, locale = 'de'): Completion {
  const driver = new ModelDriver(flow, hidden, locale);
  const { model } = driver;
  for (const action of actions) {
    if (action === 'back') {
      model.back();
      continue;
    }
    const step = model.step.value;
    for (const [question, input] of Object.entries(action)) model.setAnswer(question, stored(step, question, input, locale));
    if (!model.next()) throw new Error(`the widget refused "${step.id}": ${JSON.stringify(model.issues.value)}`);
  }
  if (!driver.completion) throw new Error(`the visit ended on "${model.step.value.id}", not an ending: ${JSON.stringify(model.state.value)}`);
  lastContact = driver.contact;
  return driver.completion;
}

const loadSrc = (json: unknown): Flow => {
  const loaded = browserEngine.loadFlow(json);
  if (!loaded.ok) throw new Error(loaded.issues.map(browserEngine.formatIssue).join('\n'));
  return loaded.value;
};
const demoText = (name: string) => readFileSync(new URL(`../../demo/flows/${name}.json`, import.meta.url), 'utf8');

// ---------------------------------------------------------------------------------------------
// A flow with every edge the audit asked about, its points worked out by hand below.

const EDGES = {
  id: 'rescore-edges',
  version: 3,
  locales: ['de', 'en'],
  webhook: 'https://crm.example/hook',
  hidden: ['utm_source', 'visits'],
  steps: [
    {
      id: 'role',
      type: 'single_choice',
      title: 'Rolle',
      options: [
        { id: 'sign_off', label: { de: 'Ich entscheide', en: 'I decide' } },
        { id: 'recommend', label: 'Ich empfehle' },
        { id: 'student', label: 'Student' },
        { id: 'other', label: 'Etwas anderes', other: true },
      ],
      next: [{ if: { answer: 'role', is: 'student' }, goto: 'end_student' }],
    },
    {
      id: 'team_size',
      type: 'number',
      title: 'Team',
      min: 1,
      // Score-based branching: a big team is asked about SSO first.
      next: [{ if: { score: 'total', gte: 50 }, goto: 'sso' }, { goto: 'start' }],
    },
    { id: 'sso', type: 'single_choice', title: 'SSO?', options: [{ id: 'yes', label: 'Ja' }, { id: 'no', label: 'Nein' }] },
    { id: 'start', type: 'date', title: 'Start', required: false },
    { id: 'nps', type: 'rating', title: 'NPS', min: 0, max: 10 },
    { id: 'budget', type: 'range', title: 'Budget', min: 0, max: 100000, step: 1000 },
    {
      id: 'tools',
      type: 'multiple_choice',
      title: 'Tools',
      options: [
        { id: 'crm', label: 'CRM' },
        { id: 'sheets', label: 'Tabellen' },
        { id: 'none', label: 'Keine' },
      ],
    },
    {
      id: 'contact',
      type: 'contact',
      title: 'Kontakt',
      fields: [
        { id: 'name', kind: 'name' },
        { id: 'email', kind: 'email' },
        { id: 'job_title', kind: 'job_title', required: false },
      ],
    },
    {
      id: 'privacy',
      type: 'consent',
      title: 'Einverstanden?',
      label: 'Ich stimme zu',
      next: [
        { if: { score: 'route', is: 'disqualified' }, goto: 'end_student' },
        { if: { score: 'tier', is: 'hot' }, goto: 'end_hot' },
        { goto: 'end_other' },
      ],
    },
    { id: 'end_hot', type: 'end', title: 'Termin buchen' },
    { id: 'end_other', type: 'end', title: 'Danke' },
    { id: 'end_student', type: 'end', title: 'Tschüss' },
  ],
  scoring: {
    criteria: [
      { id: 'authority', answer: 'role', options: { sign_off: 30, recommend: 15 } },
      { id: 'size', answer: 'team_size', bands: [{ max: 49, points: 0 }, { min: 50, max: 999, points: 10 }, { min: 1000, points: 20 }] },
      { id: 'sso', answer: 'sso', options: { yes: 20 } },
      { id: 'start_known', when: { answer: 'start', answered: true }, points: 5 },
      { id: 'promoter', answer: 'nps', options: { '9': 5, '10': 10 } },
      { id: 'budget', answer: 'budget', bands: [{ max: 9999, points: 0 }, { min: 10000, points: 15 }] },
      { id: 'tools', answer: 'tools', options: { crm: 5, sheets: 3 } },
      { id: 'linkedin', kind: 'intent', when: { hidden: 'utm_source', is: 'linkedin' }, points: 5 },
      { id: 'returning', kind: 'intent', when: { hidden: 'visits', gte: 2 }, points: 5 },
    ],
    negative: [{ id: 'personal_email', when: { answer: 'email', domain: 'personal' }, points: -10 }],
    knockouts: [{ id: 'agency', when: { answer: 'role_other', matches: 'agentur|agency' } }],
    signals: [{ id: 'big_budget', strength: 'strong', when: { answer: 'budget', gte: 50000 } }],
    personalDomains: { add: ['privat-post.example'] },
  },
};
const EDGES_TEXT = JSON.stringify(EDGES);

// ---------------------------------------------------------------------------------------------

describe('re-scoring a received lead on a server with dist/engine.mjs', () => {
  // Checked and fine: dist/engine.mjs imports and scores in a plain Node process whose DOM and
  // browser globals throw when touched (none is read at import or score time), and the result
  // is plain JSON data: no functions, no undefined values, the same trace whatever order the
  // answers arrive in.
  it('imports and scores in plain Node without touching browser globals, with a JSON-stable trace', () => {
    const script = `
      for (const name of ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'requestIdleCallback', 'HTMLElement', 'fetch', 'XMLHttpRequest'])
        Object.defineProperty(globalThis, name, { configurable: true, get() { throw new Error('touched ' + name); } });
      const e = await import(${JSON.stringify(distUrl.href)});
      const flow = e.loadFlow(${JSON.stringify(EDGES_TEXT)});
      if (!flow.ok) throw new Error('not ok');
      const answers = { role: 'sign_off', team_size: 1500, sso: 'yes', start: '2027-01-15', nps: 10, budget: 60000, tools: ['sheets', 'crm'], name: 'A', email: 'a@gmail.com' };
      const reversed = Object.fromEntries(Object.entries(answers).reverse());
      const a = e.scoreLead(flow.value, answers, { hidden: { utm_source: 'linkedin', visits: '3' } });
      const b = e.scoreLead(flow.value, reversed, { hidden: { visits: '3', utm_source: 'linkedin' } });
      const holes = [];
      JSON.stringify(a, (k, v) => { if (v === undefined || typeof v === 'function') holes.push(k); return v; });
      console.log(JSON.stringify({ a, b: JSON.stringify(b), holes, keys: Object.keys(a) }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as {
      a: ScoreResult;
      b: string;
      holes: string[];
      keys: string[];
    };
    expect(out.holes).toEqual([]);
    expect(JSON.stringify(out.a)).toBe(out.b);
    expect(out.keys).toContain('configVersion');
    // By hand: 30 + 20 + 20 + 5 + 10 + 15 + (5 + 3) = 108 fit, 5 + 5 intent, −10 negative.
    expect([out.a.total, out.a.tier, out.a.route, out.a.signals]).toEqual([108, 'hot', 'sales_now', 'strong']);
    expect(out.a.trace.map((t) => t.rule)).toEqual(['authority', 'size', 'sso', 'start_known', 'promoter', 'budget', 'tools', 'linkedin', 'returning', 'personal_email', 'tier', 'big_budget', 'signals', 'route']);
  });

  // Checked and fine: for every demo flow, visitors generated like the agreement tests' (choices,
  // multiple choices, numbers typed the German way, Back presses that leave branches, reloads
  // restored from JSON, personal and business e-mails, knock-outs, hidden `visits` /
  // `utm_source`, score-based endings) get a lead whose `data.score` the README recipe run on
  // dist/engine.mjs reproduces exactly.
  it('reproduces data.score of random visitors of every demo flow', async () => {
    for (const name of DEMO_FLOW_NAMES) {
      const text = demoText(name);
      const flow = loadSrc(JSON.parse(text));
      const routes = new Set<string>();
      for (let seed = 1; seed <= 30; seed++) {
        const plan = generatePlan(name, flow, seed * 7919);
        const driver = new ModelDriver(flow, plan.hidden);
        await play(flow, plan, driver);
        const data = leadOf(flow, driver.completion!, 'de');
        routes.add(data.score.route);
        const rescored = rescoreAsDocumented(data, { [`${flow.id}@${flow.version}`]: text });
        expect(rescored, `${name}, seed ${seed * 7919}`).toEqual(data.score);
        // Byte for byte too, key order included: a receiver may compare or hash the JSON.
        expect(JSON.stringify(rescored)).toBe(JSON.stringify(data.score));
      }
      // The sample reached more than one route, so the comparison covered more than one ending.
      expect(routes.size, name).toBeGreaterThan(1);
    }
  });

  // Checked and fine: "other" text (trimmed, read by a knock-out), numbers typed in a German and
  // an English format, a date, a rating scored per value, a slider's bands, a multiple choice,
  // hidden fields (UTM, visits) in criteria, a flow-added personal e-mail domain, and an answer
  // given on a score-based branch the visitor then left: the README recipe reproduces each
  // lead's score, and the totals match the flow worked out by hand.
  it('reproduces data.score for other-text, locale numbers, dates, ratings, ranges, hidden fields and abandoned branches', () => {
    const flow = loadSrc(EDGES);
    const files = { 'rescore-edges@3': EDGES_TEXT };
    const hidden = { utm_source: 'linkedin', visits: '3' };

    // A big team (30 + 20 + 10 hidden = 60 ≥ 50) is asked about SSO; the visitor answers, goes back
    // twice and corrects the team to 12 (30 + 0 + 10 = 40 < 50): the SSO answer is on an abandoned branch.
    const abandoned = visit(
      flow,
      [{ role: 'sign_off' }, { team_size: '1.500' }, { sso: 'yes' }, 'back', 'back', { team_size: ' 12 ' }, { start: '2027-03-01' }, { nps: 9 }, { budget: 20000 }, { tools: ['sheets', 'crm'] }, { name: 'Erika Muster', email: ' erika@privat-post.example ' }, { privacy: true }],
      hidden,
    );
    const lead1 = leadOf(flow, abandoned, 'de');
    expect(lead1.answers).not.toHaveProperty('sso');
    expect(rescoreAsDocumented(lead1, files)).toEqual(lead1.score);
    // By hand: 30 (sign_off) + 0 (12) + 5 (date) + 5 (NPS 9) + 15 (20 000) + 8 (crm, sheets) fit,
    // 5 (linkedin) + 5 (3 visits) intent, −10 (the flow's added personal domain) = 63: hot, weak signals → nurture.
    expect([lead1.score.total, lead1.score.tier, lead1.score.signals, lead1.score.route]).toEqual([63, 'hot', 'weak', 'nurture']);
    // The `lead.partial` sent after the contact step (before the consent) re-scores the same way.
    const partial = leadOf(flow, lastContact!, 'de', {}, 'lead.partial');
    expect(partial.answers).not.toHaveProperty('privacy');
    expect(rescoreAsDocumented(partial, files)).toEqual(partial.score);

    // "Other" typed with spaces, a knock-out on it; an English visitor types 1,500.
    const other = visit(
      flow,
      [{ role: 'other', role_other: '  Digitalagentur Nord ' }, { team_size: '1,500' }, { start: '' }, { nps: 10 }, { budget: 60000 }, { tools: ['none'] }, { name: 'Kim', email: 'kim@nord.example', job_title: 'CEO' }, { privacy: true }],
      {},
      'en',
    );
    const lead2 = leadOf(flow, other, 'en');
    expect(lead2.answers.role_other).toEqual({ value: 'Digitalagentur Nord' });
    expect(rescoreAsDocumented(lead2, files)).toEqual(lead2.score);
    // By hand: 0 (other) + 20 ("1,500" in English is 1500) + 0 (no date) + 10 (NPS 10) + 15
    // (60 000) + 0 (none) = 45; SSO not asked (20 < 50); no hidden fields; knock-out "agentur".
    expect([lead2.answers.team_size?.value, lead2.score.total, lead2.score.route, lead2.score.knockouts]).toEqual([1500, 45, 'disqualified', ['agency']]);
    expect(other.ending.id).toBe('end_student');

    // An ending straight after the first question.
    const student = visit(flow, [{ role: 'student' }], hidden);
    const lead3 = leadOf(flow, student, 'de');
    expect(rescoreAsDocumented(lead3, files)).toEqual(lead3.score);
    expect(lead3.score.total).toBe(10);
  });

  // Checked and fine: a variant that shows another flow file (README: "the lead names the file's
  // own flow as `data.variantFlow` (re-score with that)") re-scores exactly with that file,
  // configVersion included; and after the flow file got a new version with other points, the
  // kept old file still reproduces an old lead, while the new one gives a configVersion that
  // tells the receiver the scoring changed.
  it('reproduces data.score of a variant-file lead, and tells an old flow version from a new one', async () => {
    const baseJson = { ...(JSON.parse(demoText('saas-bant')) as Record<string, unknown>), variants: [{ id: 'short', weight: 1, flow: './saas-bant-short.json' }] };
    const shortText = demoText('saas-bant-short');
    const settings = memoryStorage();
    settings.set('variant:saas-bant', 'short');
    const choice = await chooseVariant(loadSrc(baseJson), new URLSearchParams(), settings, async () => browserEngine.loadFlow(shortText) as never);
    expect([choice.variant, choice.variantFlow]).toEqual(['short', { id: 'saas-bant-short', version: 1 }]);
    const files = { 'saas-bant@1': JSON.stringify(baseJson), 'saas-bant-short@1': shortText };
    for (let seed = 1; seed <= 10; seed++) {
      const plan = generatePlan('saas-bant-short', choice.flow, seed * 104729);
      const driver = new ModelDriver(choice.flow, plan.hidden);
      await play(choice.flow, plan, driver);
      const data = leadOf(choice.flow, driver.completion!, 'de', choice);
      expect(data.flow).toEqual({ id: 'saas-bant', version: 1 });
      const rescored = rescoreAsDocumented(data, files);
      expect(rescored, `seed ${seed * 104729}`).toEqual(data.score);
      expect(JSON.stringify(rescored)).toBe(JSON.stringify(data.score));
    }

    // Version 1 of the edges flow scored a lead; version 4 gives "sign_off" 40 instead of 30.
    const v1 = loadSrc(EDGES);
    const lead = leadOf(v1, visit(v1, [{ role: 'recommend' }, { team_size: '80' }, { start: '' }, { nps: 7 }, { budget: 5000 }, { tools: ['crm'] }, { name: 'Jo', email: 'jo@firma.example' }, { privacy: true }]), 'de');
    const v4 = { ...EDGES, version: 4, scoring: { ...EDGES.scoring, criteria: [{ id: 'authority', answer: 'role', options: { sign_off: 40, recommend: 15 } }, ...EDGES.scoring.criteria.slice(1)] } };
    const old = rescoreAsDocumented(lead, { 'rescore-edges@3': EDGES_TEXT }) as ScoreResult;
    expect(old).toEqual(lead.score);
    const now = rescoreAsDocumented({ ...lead, flow: { id: 'rescore-edges', version: 4 } }, { 'rescore-edges@4': JSON.stringify(v4) }) as ScoreResult;
    // By hand: 15 (recommend) + 10 (80 people) + 5 (crm) = 30 under both versions; only the configuration differs.
    expect([old.total, now.total]).toEqual([30, 30]);
    expect(now.configVersion).toMatch(/^rescore-edges@4:/);
    expect(now.configVersion.split(':')[1]).not.toBe(old.configVersion.split(':')[1]);
  });

  // Was (docs): the README's recipe, and its A/B section, said nothing about `data.variant`. A
  // variant that overrides steps changes the flow the visitor answered, and what it changes can
  // decide the score: a preset rule applies only where the flow asks its question
  // (src/engine/scoring/resolve-scoring.ts:95-97, `applies`), and the configVersion
  // fingerprint covers the resolved rules (resolve-scoring.ts:118-120). Here the base flow (BANT)
  // asks for a phone number only, the variant "email_ask" asks for an e-mail instead: the
  // browser takes 10 points off for a gmail address (preset rule `personal_email`), the server
  // following the README re-scored with the base flow, where that rule does not apply — another
  // total, trace and configVersion, so a tamper check flagged an honest lead. The recipe lays the
  // variant over the flow with `loadVariant` now.
  it('re-scoring a lead of a step-overriding A/B variant as the README documents reproduces its data.score', async () => {
    const bant = JSON.parse(demoText('bant')) as { steps: Array<{ id: string; fields?: unknown[] }> } & Record<string, unknown>;
    const emailFields = bant.steps.find((step) => step.id === 'contact')!.fields!;
    const baseJson = {
      ...bant,
      steps: bant.steps.map((step) => (step.id === 'contact' ? { ...step, fields: [{ id: 'name', kind: 'name' }, { id: 'phone', kind: 'phone' }, { id: 'company', kind: 'company' }] } : step)),
      variants: [
        { id: 'control', weight: 1 },
        { id: 'email_ask', weight: 1, steps: { contact: { fields: emailFields } } },
      ],
    };
    const settings = memoryStorage();
    settings.set('variant:crm-bant', 'email_ask');
    const choice = await chooseVariant(loadSrc(baseJson), new URLSearchParams(), settings, async () => ({ ok: false, issues: ['no files here'] }));
    expect(choice.variant).toBe('email_ask');
    const plan = generatePlan('bant', choice.flow, 42);
    plan.entries.contact = [{ name: { value: 'Erika Muster' }, email: { value: 'erika.muster@gmail.com' }, company: { value: 'Nordlicht GmbH' }, job_title: { value: 'Leiterin Vertrieb' } }];
    const driver = new ModelDriver(choice.flow, plan.hidden);
    await play(choice.flow, plan, driver);
    const data = leadOf(choice.flow, driver.completion!, 'de', choice);
    expect(data.variant).toBe('email_ask');
    expect(data.score.trace.map((entry) => entry.rule)).toContain('personal_email');

    // What does reproduce it (so the fix is a recipe, not the engine): the variant laid over the flow.
    const base = server.loadFlow(JSON.stringify(baseJson));
    if (!base.ok) throw new Error('base flow invalid');
    const merged = server.loadVariant(base.value, base.value.variants!.find((v) => v.id === data.variant)!);
    if (!merged.ok) throw new Error('variant invalid');
    const answers = { ...Object.fromEntries(Object.entries(data.answers).map(([id, a]) => [id, a.value])), ...data.contact };
    expect(JSON.parse(JSON.stringify(server.scoreLead(merged.value, answers, { hidden: data.hidden })))).toEqual(data.score);

    const rescored = rescoreAsDocumented(data, { 'crm-bant@1': JSON.stringify(baseJson) });
    expect(rescored).toEqual(data.score);
  });
});
