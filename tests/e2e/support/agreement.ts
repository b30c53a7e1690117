import { readFileSync } from 'node:fs';
import {
  canGoBack,
  currentStep,
  formatIssue,
  loadFlow,
  nextStep,
  pathAnswers,
  previousStep,
  progress,
  restoreFlow,
  questionsOf,
  resolveText,
  scoreLead,
  setAnswer,
  startFlow,
  summarizeAnswers,
  type AnswerValue,
  type Flow,
  type FlowState,
  type LeadAnswers,
  type ScoreResult,
  type Step,
} from '../../../src/engine/index.ts';
import { random, type Random } from '../../engine/support/random.ts';

/**
 * Differential testing of the widget against the engine (and the CLI): one visitor's plan —
 * what they answer on each showing of each step, where they press Back — is played by
 * several drivers (the engine's functions, the built widget in Chromium), which must end with
 * the same path, ending, progress labels and lead. The control logic is shared, so any
 * difference comes from the driver: what the widget makes of what was typed and clicked.
 */

export const DEMO_FLOW_NAMES = ['bant', 'anum', 'meddpicc', 'champ', 'faint', 'gpctba', 'saas-bant', 'saas-bant-short'] as const;
export type DemoFlowName = (typeof DEMO_FLOW_NAMES)[number];

export const demoFlowFile = (name: string): string => new URL(`../../../demo/flows/${name}.json`, import.meta.url).pathname;
export const readDemoJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(demoFlowFile(name), 'utf8')) as Record<string, unknown>;

export function loadJson(json: unknown): Flow {
  const result = loadFlow(json);
  if (!result.ok) throw new Error(`flow is invalid:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.value;
}

export const LOCALE = 'de';
export const de = (flow: Flow, text: Parameters<typeof resolveText>[0]): string => resolveText(text, LOCALE, flow.locales ?? []);

/**
 * One question's answer as the visitor enters it: `value` is what they mean (an option id, ids,
 * a number, a text, a tick; undefined = left empty), `typed` the text they type for a number.
 */
export interface Entry {
  value: AnswerValue | undefined;
  typed?: string;
}

/** The questions of one showing of a step. */
export type StepEntries = Record<string, Entry>;

export interface VisitorPlan {
  flow: string;
  seed: number;
  hidden: Record<string, string>;
  /** Per step id: what to enter on its first, second, … showing (the last repeats). */
  entries: Record<string, StepEntries[]>;
  /** After the n-th successful Next (1-based), press Back this many times. */
  backs: Record<number, number>;
  /** How the browser visitor moves: mouse clicks, or the keyboard (letter shortcuts, Enter). */
  input: 'mouse' | 'keyboard';
  /**
   * A page reload: `after` the n-th Next, or `mid`-step (answers entered, Next not yet pressed)
   * on the showing reached by n Nexts. The widget resumes from sessionStorage (README, Resume).
   */
  reload?: { at: number; kind: 'after' | 'mid' };
}

/** A plan as a short text, to print with a failure. */
export const describePlan = (plan: VisitorPlan): string =>
  JSON.stringify({ ...plan, entries: Object.fromEntries(Object.entries(plan.entries).map(([id, list]) => [id, list.map((e) => Object.fromEntries(Object.entries(e).map(([q, x]) => [q, x.typed ?? x.value ?? null])))])) });

// ---------------------------------------------------------------------------------------------
// Generating plans.

/** Numbers at, below and above every edge of every band and comparison that reads `question`. */
function edgesOf(flow: Flow, question: string): number[] {
  const edges = new Set<number>();
  const criteria = flow.scoring?.criteria ?? [];
  for (const criterion of criteria)
    if ('answer' in criterion && criterion.answer === question && 'bands' in criterion && criterion.bands)
      for (const band of criterion.bands)
        for (const edge of [band.min, band.max]) if (edge !== undefined) for (const d of [-1, 0, 1]) edges.add(edge + d);
  return [...edges];
}

/** How a German visitor may type `n`: plain, with thousands dots, with spaces around, a comma for decimals. */
export function germanTypings(n: number): string[] {
  const plain = String(n).replace('.', ',');
  const ways = [plain, ` ${plain} `];
  if (Number.isInteger(n) && Math.abs(n) >= 1000) ways.push(n.toLocaleString('de-DE'));
  return ways;
}

function numberEntry(rng: Random, flow: Flow, step: Extract<Step, { type: 'number' }>): Entry {
  const min = step.min ?? 0;
  const max = step.max ?? 1_000_000;
  const candidates = [...edgesOf(flow, step.id), min, rng.int(min, Math.min(max, 200_000))].filter((n) => n >= min && n <= max);
  let n = rng.pick(candidates);
  // Without a grid, a decimal now and then: 2500,5.
  if (!step.step && rng.chance(0.2) && n + 0.5 <= max) n += 0.5;
  return { value: n, typed: rng.pick(germanTypings(n)) };
}

const NAMES = ['Anna Berg', 'Jörg Müller-Lüdenscheidt', '  Erika Muster ', 'Chen Li', 'Åsa Nyström'];
const BUSINESS = ['anna.berg@nordlicht.example', 'j.mueller@stadtwerke-hafen.example', 'info@acme-gmbh.example'];
const PERSONAL = ['erika.muster@gmail.com', 'chen.li@gmx.de', 'asa@web.de'];
const JOB_TITLES = ['Head of International Sales', 'Werkstudentin Vertrieb', 'Praktikant', 'Intern', 'Leiter Logistik', ' CFO '];
const COMPANIES = ['Nordlicht Maschinen GmbH', 'Bäckerei Sonnenkorn', 'ACME & Söhne KG'];
const OTHER_TEXTS = ['Werkstudent im Vertrieb', '  Freelancer ', 'Agentur für Vertriebsberatung'];
const PHONES = ['+49 30 1234567', '0711 9876543', '+41 (44) 123 45 67'];

/** Domains a knock-out or a domain rule names ("rival.example"). */
function namedDomains(flow: Flow): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) key === 'domain' && Array.isArray(value) ? value.forEach((d) => found.add(String(d))) : visit(value);
  };
  visit(flow.scoring);
  return [...found];
}

function contactEntry(rng: Random, flow: Flow, field: { id: string; kind: string; required?: boolean | undefined }): Entry {
  if (field.required === false && rng.chance(0.4)) return { value: undefined };
  switch (field.kind) {
    case 'email': {
      const rival = namedDomains(flow);
      const kind = rng.int(0, 9);
      if (kind === 0 && rival.length) return { value: `einkauf@${rng.pick(rival)}` };
      return { value: kind < 4 ? rng.pick(PERSONAL) : rng.pick(BUSINESS) };
    }
    case 'job_title':
      return { value: rng.pick(JOB_TITLES) };
    case 'company':
      return { value: rng.pick(COMPANIES) };
    case 'phone':
      return { value: rng.pick(PHONES) };
    default:
      return { value: rng.pick(NAMES) };
  }
}

/** One showing's answers for a step, chosen at random. */
function entriesFor(rng: Random, flow: Flow, step: Step): StepEntries {
  switch (step.type) {
    case 'single_choice':
    case 'dropdown': {
      const skip = step.required === false && rng.chance(0.3);
      const option = skip ? undefined : rng.pick(step.options);
      const entries: StepEntries = { [step.id]: { value: option?.id } };
      // "Other" asks for a text; choosing another option withdraws it (src/ui/questions/choice-question.tsx).
      if (step.type === 'single_choice' && step.options.some((o) => o.other))
        entries[`${step.id}_other`] = { value: option?.other ? rng.pick(OTHER_TEXTS) : undefined };
      return entries;
    }
    case 'multiple_choice': {
      const ids = step.options.map((o) => o.id);
      const min = Math.max(step.required === false ? 0 : 1, step.minSelected ?? 0);
      const chosen = rng.subset(ids, min, step.maxSelected ?? ids.length);
      return { [step.id]: { value: chosen.length ? chosen : undefined } };
    }
    case 'number':
      return { [step.id]: step.required === false && rng.chance(0.35) ? { value: undefined, typed: '' } : numberEntry(rng, flow, step) };
    case 'consent':
      return { [step.id]: { value: true } };
    case 'contact':
      return Object.fromEntries(step.fields.map((field) => [field.id, contactEntry(rng, flow, field)]));
    default:
      throw new Error(`the agreement tests do not answer "${step.type}" steps yet (${step.id})`);
  }
}

/** Picks a visitor's plan for a flow: answers per showing, Back presses, hidden fields. */
export function generatePlan(name: string, flow: Flow, seed: number): VisitorPlan {
  const rng = random(seed);
  const entries: VisitorPlan['entries'] = {};
  for (const step of flow.steps) {
    if (step.type === 'end') continue;
    // Now and then the visitor comes back and changes what they said.
    const versions = rng.chance(0.3) ? rng.int(2, 3) : 1;
    entries[step.id] = Array.from({ length: versions }, () => entriesFor(rng, flow, step));
  }
  const backs: Record<number, number> = {};
  for (let n = 1; n <= 12; n++) if (rng.chance(0.18)) backs[n] = rng.chance(0.7) ? 1 : 2;
  const hidden: Record<string, string> = {};
  for (const field of flow.hidden ?? []) {
    if (field === 'visits' && rng.chance(0.6)) hidden[field] = String(rng.int(0, 4));
    if (field === 'utm_source' && rng.chance(0.4)) hidden[field] = rng.pick(['linkedin', 'google', 'newsletter']);
  }
  const input = rng.chance(0.5) ? 'keyboard' : 'mouse';
  const reload = rng.chance(0.4) ? { at: rng.int(0, 8), kind: rng.chance(0.5) ? ('after' as const) : ('mid' as const) } : undefined;
  return { flow: name, seed, hidden, entries, backs, input, ...(reload && { reload }) };
}

// ---------------------------------------------------------------------------------------------
// Playing a plan.

/** What a driver can do: what a visitor sees and does. */
export interface Driver {
  /** The id of the step on screen. */
  currentStepId(): Promise<string>;
  /** The progress text shown ("Schritt 2 von 7"). */
  progressLabel(): Promise<string>;
  /** Enters what `entries` says on the step on screen (changing what it shows now). */
  enter(step: Step, entries: StepEntries): Promise<void>;
  /** The text of the Next button ("Weiter", or "Absenden" when it sends the lead). */
  buttonText(): Promise<string>;
  /** Presses Next (or Submit); resolves once the next step is on screen. */
  next(step: Step): Promise<void>;
  canGoBack(): Promise<boolean>;
  back(): Promise<void>;
  /** Reloads the page: the widget resumes where it was. */
  reload(): Promise<void>;
}

export interface Showing {
  step: string;
  /** How the step came on screen. */
  via: 'start' | 'next' | 'back' | 'reload';
  /** The progress label when the step appears. */
  label: string;
  /** The progress label once this showing's answers are entered, and the Next button's text then. */
  entered?: string;
  button?: string;
}

/** Plays a plan with a driver; returns every step showing (after each Next, Back and reload) with its progress label, and the ending. */
export async function play(flow: Flow, plan: VisitorPlan, driver: Driver): Promise<{ showings: Showing[]; ending: string }> {
  const visits: Record<string, number> = {};
  const showings: Showing[] = [];
  const stepById = (id: string) => flow.steps.find((s) => s.id === id)!;
  const shown = async (via: Showing['via']) => {
    const id = await driver.currentStepId();
    if (stepById(id).type !== 'end') showings.push({ step: id, via, label: await driver.progressLabel() });
    return stepById(id);
  };
  const noteEntered = async () => Object.assign(showings.at(-1)!, { entered: await driver.progressLabel(), button: await driver.buttonText() });
  let step = await shown('start');
  let nexts = 0;
  for (let guard = 0; guard < 80; guard++) {
    if (step.type === 'end') return { showings, ending: step.id };
    const visit = (visits[step.id] = (visits[step.id] ?? -1) + 1);
    const versions = plan.entries[step.id]!;
    await driver.enter(step, versions[Math.min(visit, versions.length - 1)]!);
    await noteEntered();
    if (plan.reload?.kind === 'mid' && plan.reload.at === nexts) {
      await driver.reload();
      step = await shown('reload');
      if (step.type === 'end') continue;
      await noteEntered();
    }
    await driver.next(step);
    nexts++;
    step = await shown('next');
    if (plan.reload?.kind === 'after' && plan.reload.at === nexts && step.type !== 'end') {
      await driver.reload();
      step = await shown('reload');
    }
    for (let i = 0; i < (plan.backs[nexts] ?? 0) && step.type !== 'end'; i++) {
      if (!(await driver.canGoBack())) break;
      await driver.back();
      step = await shown('back');
    }
  }
  throw new Error('the plan never reached an ending');
}

/** The German progress label, as the widget writes it. */
export const progressText = (step: number, total: number) => `Schritt ${step} von ${total}`;

/** The engine as a driver: the functions the widget's model calls, with the meant values. */
export class EngineDriver implements Driver {
  state: FlowState;
  constructor(
    readonly flow: Flow,
    hidden: Record<string, string>,
  ) {
    this.state = startFlow(flow, hidden);
  }
  async currentStepId() {
    return currentStep(this.flow, this.state).id;
  }
  async progressLabel() {
    const { done, remaining } = progress(this.flow, this.state);
    return progressText(done + 1, done + remaining);
  }
  async buttonText() {
    return progress(this.flow, this.state).remaining <= 1 ? 'Absenden' : 'Weiter';
  }
  async enter(_step: Step, entries: StepEntries) {
    for (const [question, entry] of Object.entries(entries)) this.state = setAnswer(this.state, question, entry.value);
  }
  async next(step: Step) {
    const moved = nextStep(this.flow, this.state);
    if (!moved.ok) throw new Error(`the engine refused step "${step.id}": ${JSON.stringify(moved.issues)}`);
    this.state = moved.value;
  }
  async canGoBack() {
    return canGoBack(this.flow, this.state);
  }
  async reload() {
    // What sessionStorage holds (JSON), restored as the widget restores it.
    const saved = JSON.parse(JSON.stringify({ history: this.state.history, answers: this.state.answers })) as { history: unknown; answers: unknown };
    this.state = restoreFlow(this.flow, saved, this.state.hidden) ?? startFlow(this.flow, this.state.hidden);
  }
  async back() {
    this.state = previousStep(this.flow, this.state);
  }
}

/** What a lead says, as the engine computes it for the end of a plan. */
export interface Outcome {
  path: string[];
  ending: string;
  showings: Showing[];
  answers: LeadAnswers['answers'];
  contact: LeadAnswers['contact'];
  score: ScoreResult;
  /** Every answer typed, on the path or not (what a CLI answers file may hold). */
  allAnswers: Record<string, AnswerValue>;
}

export async function engineOutcome(flow: Flow, plan: VisitorPlan): Promise<Outcome> {
  const driver = new EngineDriver(flow, plan.hidden);
  const { showings, ending } = await play(flow, plan, driver);
  const answers = pathAnswers(flow, driver.state);
  const summary = summarizeAnswers(flow, answers, LOCALE);
  const allAnswers = Object.fromEntries(Object.entries(driver.state.answers).filter(([, v]) => v !== undefined)) as Record<string, AnswerValue>;
  return {
    path: [...driver.state.history],
    ending,
    showings,
    ...summary,
    score: scoreLead(flow, answers, { hidden: driver.state.hidden }),
    allAnswers,
  };
}

/**
 * What the progress label and the Next button must do along the showings (README: "Schritt 2
 * von 5", Next says Submit where it sends): Next adds one to the step number, Back takes one
 * off, a step's total does not change while it is shown unless its answers changed, and the
 * button says "Absenden" exactly when the ending follows, where the label reads "k von k".
 */
export function progressProblems(showings: readonly Showing[]): string[] {
  const problems: string[] = [];
  const parse = (label: string) => /^Schritt (\d+) von (\d+)$/.exec(label)?.slice(1).map(Number) as [number, number] | undefined;
  showings.forEach((showing, i) => {
    const at = parse(showing.label);
    const entered = showing.entered === undefined ? undefined : parse(showing.entered);
    if (!at || (showing.entered !== undefined && !entered)) return void problems.push(`#${i} ${showing.step}: unreadable label "${showing.label}" / "${showing.entered}"`);
    if (at[0] > at[1]) problems.push(`#${i} ${showing.step}: "${showing.label}" is past its total`);
    const following = showings[i + 1];
    if (entered) {
      if (entered[0] !== at[0]) problems.push(`#${i} ${showing.step}: the step number changed while answering: "${showing.label}" → "${showing.entered}"`);
      // Left by Next, and nothing followed: the ending came.
      const last = following === undefined;
      if (following?.via !== 'reload') {
        if (showing.button === 'Absenden' && !last && following?.via === 'next') problems.push(`#${i} ${showing.step}: the button said "Absenden" but the flow went on`);
        if (showing.button !== 'Absenden' && last) problems.push(`#${i} ${showing.step}: the button said "${showing.button}" but the lead was sent`);
        if (last && entered[0] !== entered[1]) problems.push(`#${i} ${showing.step}: the last step before the ending says "${showing.entered}"`);
      }
    }
    if (following) {
      const then = parse(following.label);
      const expected = at[0] + (following.via === 'next' ? 1 : following.via === 'back' ? -1 : 0);
      if (then && then[0] !== expected) problems.push(`#${i + 1} ${following.step}: "${following.label}" after "${showing.entered ?? showing.label}" (${following.via})`);
      if (then && following.via === 'reload' && following.label !== (showing.entered ?? showing.label))
        problems.push(`#${i + 1} ${following.step}: a reload changed "${showing.entered ?? showing.label}" to "${following.label}"`);
    }
  });
  return problems;
}

/** The questions asked on a path. */
export const askedOn = (flow: Flow, path: readonly string[]): Set<string> =>
  new Set(path.flatMap((id) => questionsOf(flow.steps.find((s) => s.id === id)!)));
