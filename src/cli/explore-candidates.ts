/**
 * The answers `leadflow simulate --all-paths` tries on each question: every option, numbers at
 * the edges of the bands and comparisons that read them, sample texts by kind, and nothing for
 * an optional question.
 */

import { resolveScoring, type AnswerValue, type Condition, type Flow, type Predicate, type Step, type StepOf, type StepType } from '../engine/index.ts';

/** An answer to try; `undefined` leaves an optional question empty. */
export type Candidate = AnswerValue | undefined;

/** Answers tried per kind of text question: a business and a personal e-mail, a student and a buyer. */
const TEXT_SAMPLES: Record<string, string[]> = {
  email: ['max@acme.example', 'max@gmail.com'],
  job_title: ['Student', 'Head of Sales'],
  name: ['Max Mustermann'],
  first_name: ['Max'],
  last_name: ['Mustermann'],
  company: ['Acme GmbH'],
  phone: ['+49 30 1234567'],
  website: ['acme.example'],
  short_text: ['Example answer'],
  date: ['2026-12-01'],
};

/** Every condition that can change a path or a score: branching, the resolved scoring (preset rules included), routes. */
export function allConditions(flow: Flow): Condition[] {
  const scoring = resolveScoring(flow);
  const found: Array<Condition | undefined> = [
    ...flow.steps.flatMap((step) => (step.type === 'end' ? [] : (step.next ?? []).map((rule) => rule.if))),
    ...scoring.criteria.map((criterion) => ('when' in criterion ? criterion.when : undefined)),
    ...[...scoring.negative, ...scoring.knockouts, ...scoring.signals].map((rule) => rule.when),
    ...scoring.routes.map((row) => row.when),
  ];
  return found.filter((c): c is Condition => c !== undefined);
}

/** Numbers at the edges of every band and comparison on a question, one either side, within its min and max. */
function numberCandidates(flow: Flow, step: Extract<Step, { type: 'number' | 'range' }>, on: Predicate[]): number[] {
  const edges: number[] = [];
  for (const p of on) {
    for (const op of ['is', 'not', 'gt', 'gte', 'lt', 'lte'] as const) if (typeof p[op] === 'number') edges.push(p[op] as number);
    for (const value of p.in ?? []) if (typeof value === 'number') edges.push(value);
  }
  for (const criterion of resolveScoring(flow).criteria) {
    if (!('answer' in criterion) || criterion.answer !== step.id) continue;
    if ('bands' in criterion) for (const band of criterion.bands) edges.push(...[band.min, band.max].filter((n) => n !== undefined));
    // Without levels an evidence criterion reads the number as a 0–3 rating.
    if (!('options' in criterion) && !('bands' in criterion) && !('when' in criterion) && !criterion.levels) edges.push(0, 1, 2, 3);
  }
  const values = edges.length ? edges.flatMap((n) => [n - 1, n, n + 1]) : [1, 10, 100];
  if (step.min !== undefined) values.push(step.min);
  if (step.max !== undefined) values.push(step.max);
  // With a `step`, the grid points on either side of each (counted from `min` or 0, to a
  // billionth so 3 × 0.1 is 0.3): rounding to the nearest would fold 9, 10 and 11 into 10 on a
  // grid of 5 and never try the other side of `gt: 10`.
  const base = step.min ?? 0;
  const unit = step.step;
  const grid = unit
    ? (n: number) => {
        const k = (n - base) / unit;
        return [Math.floor(k + 1e-9), Math.ceil(k - 1e-9)].map((i) => Math.round((base + i * unit) * 1e9) / 1e9);
      }
    : (n: number) => [n];
  const within = (n: number) => Math.min(step.max ?? Infinity, Math.max(step.min ?? -Infinity, n));
  const clamped = values.flatMap((n) => grid(within(n)).map(within)).filter(Number.isFinite);
  return [...new Set(clamped)].sort((a, b) => a - b);
}

/** Selections to try: each option alone and all of them, within minSelected / maxSelected. */
function selections(step: Extract<Step, { type: 'multiple_choice' }>): string[][] {
  const ids = step.options.map((o) => o.id);
  const min = Math.max(1, step.minSelected ?? 0);
  const max = Math.min(ids.length, step.maxSelected ?? ids.length);
  const out: string[][] = [];
  // Each run of `min` neighbours (each option alone when one is enough), then the largest selection allowed.
  for (let i = 0; i + min <= ids.length; i++) out.push(ids.slice(i, i + min));
  out.push(ids.slice(0, max));
  return out;
}

/** Texts cut to a question's `maxLength` too, so a short limit leaves something to try. */
const withinLength = (texts: Candidate[], maxLength?: number): Candidate[] =>
  maxLength ? [...texts, ...texts.map((text) => String(text).slice(0, maxLength))] : texts;

/**
 * Texts a `matches` pattern wants, where it is a word or a choice of words (`^ceo`, `student|intern`):
 * the alternatives without anchors, if they are plain text. Other patterns get none (and the step is
 * reported as not fully tried).
 */
const sampleFor = (pattern: string): string[] =>
  pattern
    .replace(/^\^?\(?(?:\?:)?|\)?\$?$/g, '')
    .split('|')
    .map((part) => part.replace(/^\^|\$$/g, ''))
    .filter((part) => /^[\w .@-]+$/.test(part));

/** What a question's answers are drawn from: its step, the question id, and the samples for a text kind. */
interface CandidateSource<T extends StepType> {
  flow: Flow;
  step: StepOf<T>;
  question: string;
  on: Predicate[];
  texts: (kind: string) => Candidate[];
}

/**
 * The answers each step kind is tried with, keyed by type: a kind added to the schema must be
 * added here to compile.
 */
const candidatesByType: { [T in StepType]: (source: CandidateSource<T>) => Candidate[] } = {
  // The text typed for an "other" option is its own question, `<id>_other`.
  single_choice: ({ step, question, texts }) => (question === step.id ? step.options.map((o) => o.id) : texts('short_text')),
  multiple_choice: ({ step }) => selections(step),
  dropdown: ({ step }) => step.options.map((o) => o.id),
  number: ({ flow, step, on }) => numberCandidates(flow, step, on),
  range: ({ flow, step, on }) => numberCandidates(flow, step, on),
  rating: ({ step }) => Array.from({ length: step.max - step.min + 1 }, (_, i) => step.min + i),
  consent: () => [true],
  email: ({ texts }) => texts('email'),
  short_text: ({ step, texts }) => withinLength(texts('short_text'), step.maxLength),
  long_text: ({ step, texts }) => withinLength(texts('short_text'), step.maxLength),
  phone: ({ texts }) => texts('phone'),
  website: ({ texts }) => texts('website'),
  // The sample, and the question's own bounds: a `min` after the sample must not leave it untried.
  date: ({ step, texts }) => [...texts('date'), ...[step.min, step.max].filter((d) => d !== undefined)],
  contact: ({ step, question, texts }) => texts(step.fields.find((field) => field.id === question)!.kind),
  statement: () => [],
  end: () => [],
};

/** The answers a question may get in the enumeration, before equivalent ones are merged. */
export function rawCandidates(flow: Flow, step: Step, question: string, on: Predicate[]): Candidate[] {
  const texts = (kind: string) => {
    const samples = [...(TEXT_SAMPLES[kind] ?? TEXT_SAMPLES['short_text']!)];
    // Values conditions compare the text with, and an address at each domain they name.
    for (const p of on) {
      for (const value of [p.is, p.not, ...(p.in ?? [])]) if (typeof value === 'string') samples.push(value);
      if (Array.isArray(p.domain)) samples.push(...p.domain.map((domain) => `max@${domain.replace(/^@/, '')}`));
      if (p.matches !== undefined) samples.push(...sampleFor(p.matches));
    }
    return samples;
  };
  return (candidatesByType[step.type] as (source: CandidateSource<StepType>) => Candidate[])({ flow, step: step as never, question, on, texts });
}

export const isOptional = (step: Step, question: string) =>
  step.type === 'contact' ? step.fields.find((f) => f.id === question)?.required === false : 'required' in step && step.required === false;
