/**
 * Property-style tests of lead scoring: random flows (questions, criteria of every kind,
 * dimensions with caps, presets, negative rules, knock-outs, signals) and random answers,
 * generated from fixed seeds. A failing case prints its seed; `LEADFLOW_SEED=<seed>` replays it.
 */
import { describe, expect, it } from 'vitest';
import {
  nextStep,
  pathAnswers,
  presets,
  previousStep,
  resolveScoring,
  scoreLead,
  setAnswer,
  startFlow,
  validateFlow,
  formatIssue,
  type Answers,
  type AnswerValue,
  type Condition,
  type Flow,
  type FlowState,
  type FrameworkId,
  type HiddenFields,
  type ScoreResult,
} from '../../src/engine/index.ts';
import { load, type FlowJson } from './fixtures.ts';
import { forAll, replay, type Random } from './support/random.ts';

/* ------------------------------------------------------------------ generators */

type QuestionType = 'single_choice' | 'multiple_choice' | 'number' | 'email';

interface Question {
  id: string;
  type: QuestionType;
  options: string[];
  min: number;
  max: number;
  minSelected?: number;
  maxSelected?: number;
  required: boolean;
}

/** A `next` rule as the navigation model reads it: one predicate on an earlier answer. */
type BranchPredicate = { answer: string; is: string } | { answer: string; gte: number };
interface BranchRule {
  if: BranchPredicate;
  goto: string;
}

interface Generated {
  json: FlowJson;
  questions: Question[];
  hidden: string[];
  /** `next` rules by step id, for the navigation model. */
  rules: Record<string, BranchRule[]>;
}

interface GenOptions {
  /** Only option criteria with points ≥ 0 and rising band tables; negative rules read hidden fields only. */
  monotone?: boolean;
  /** `next` rules that skip questions, so navigating leaves answers behind on abandoned branches. */
  branching?: boolean;
  /** Always declare at least one knock-out. */
  knockouts?: boolean;
  /**
   * Nothing the linter refuses. Without it a criterion in a dimension may name another kind
   * than its dimension's: the widget loads such a flow (it does not lint), so it is scored too.
   */
  lintClean?: boolean;
}

const FRAMEWORKS: FrameworkId[] = ['bant', 'anum', 'meddic', 'meddpicc', 'champ', 'faint', 'gpctba'];
const HIDDEN = ['visits', 'email_clicks', 'downloads', 'social', 'opted_out', 'source'];
const EMAILS = ['ann@gmail.com', 'bob@acme.com', 'cy@yahoo.com', 'dee@rival.io'];
const DIMENSION_POOL = ['budget', 'authority', 'need', 'timeline', 'engagement', 'size'];
const END = 'done';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function genQuestions(rng: Random, options: GenOptions): Question[] {
  const questions: Question[] = [];
  const count = rng.int(2, 5);
  for (let i = 0; i < count; i++) {
    const type = rng.pick(['single_choice', 'single_choice', 'multiple_choice', 'number'] as const);
    // Some numbers are 0–3 evidence ratings, which an evidence criterion reads as they are.
    const evidence = type === 'number' && rng.chance(0.3);
    const min = evidence ? 0 : rng.int(-5, 10);
    const question: Question = {
      id: `q${i}`,
      type,
      options: type === 'number' ? [] : Array.from({ length: rng.int(2, 4) }, (_, k) => `o${k}`),
      min,
      max: evidence ? 3 : min + rng.int(5, 120),
      required: !rng.chance(0.15),
    };
    if (type === 'multiple_choice') {
      if (rng.chance(0.3)) question.minSelected = 1;
      if (rng.chance(0.4)) question.maxSelected = rng.int(question.minSelected ?? 1, question.options.length);
    }
    questions.push(question);
  }
  // The conventional ids the presets' rules read: a request (demo/pricing) and an e-mail.
  if (!options.monotone && rng.chance(0.4))
    questions.splice(rng.int(0, questions.length), 0, {
      id: 'request',
      type: 'single_choice',
      options: ['demo', 'pricing', 'info'],
      min: 0,
      max: 0,
      required: true,
    });
  if (!options.monotone && rng.chance(0.25))
    questions.splice(rng.int(0, questions.length), 0, { id: 'email', type: 'email', options: [], min: 0, max: 0, required: !rng.chance(0.3) });
  return questions;
}

function stepJson(question: Question, next: BranchRule[] | undefined): FlowJson {
  const step: FlowJson = { id: question.id, type: question.type, title: `Question ${question.id}` };
  if (!question.required) step.required = false;
  if (question.type === 'number') Object.assign(step, { min: question.min, max: question.max });
  if (question.type === 'single_choice' || question.type === 'multiple_choice')
    step.options = question.options.map((id) => ({ id, label: id.toUpperCase() }));
  if (question.minSelected !== undefined) step.minSelected = question.minSelected;
  if (question.maxSelected !== undefined) step.maxSelected = question.maxSelected;
  if (next?.length) step.next = next;
  return step;
}

/** A valid answer to `question` (what the widget lets through). */
function validAnswer(rng: Random, question: Question): AnswerValue {
  switch (question.type) {
    case 'single_choice':
      return rng.pick(question.options);
    case 'multiple_choice':
      return rng.subset(question.options, Math.max(1, question.minSelected ?? 1), question.maxSelected ?? question.options.length);
    case 'number':
      return rng.chance(0.2) ? rng.int(question.min, question.max - 1) + 0.5 : rng.int(question.min, question.max);
    case 'email':
      return rng.pick(EMAILS);
  }
}

/** An answer `nextStep` must refuse (or an empty one). */
function invalidAnswer(rng: Random, question: Question): AnswerValue {
  switch (question.type) {
    case 'single_choice':
      return 'nope';
    case 'multiple_choice':
      return rng.pick([[], ['nope'], [...question.options, 'nope']]);
    case 'number':
      return rng.pick([question.max + 1, question.min - 1, 'abc' as AnswerValue]);
    case 'email':
      return 'not-an-email';
  }
}

function genAnswers(rng: Random, questions: readonly Question[], answered = 0.85): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const question of questions) if (rng.chance(answered)) answers[question.id] = validAnswer(rng, question);
  return answers;
}

function genHidden(rng: Random, names: readonly string[]): Record<string, string> {
  const hidden: Record<string, string> = {};
  for (const name of names) {
    if (!rng.chance(0.7)) continue;
    hidden[name] =
      name === 'opted_out' ? rng.pick(['1', 'true', 'yes', 'no', '0']) : name === 'source' ? rng.pick(['ads', 'linkedin', 'newsletter']) : String(rng.int(0, 4));
  }
  return hidden;
}

/** A random condition over the flow's answers and hidden fields (no score: scoring rules cannot read it). */
function genCondition(rng: Random, questions: readonly Question[], hidden: readonly string[], depth = 0): Condition {
  if (depth < 2 && rng.chance(0.25)) {
    const shape = rng.pick(['all', 'any', 'not'] as const);
    if (shape === 'not') return { not: genCondition(rng, questions, hidden, depth + 1) };
    const parts = Array.from({ length: rng.int(1, 3) }, () => genCondition(rng, questions, hidden, depth + 1));
    return shape === 'all' ? { all: parts } : { any: parts };
  }
  if (hidden.length && (rng.chance(0.3) || !questions.length)) {
    const name = rng.pick(hidden);
    if (name === 'source') return { hidden: name, is: rng.pick(['ads', 'linkedin']) };
    if (name === 'opted_out') return { hidden: name, in: ['1', 'true', 'yes'] };
    return rng.chance(0.7) ? { hidden: name, gte: rng.int(0, 3) } : { hidden: name, lte: rng.int(0, 3) };
  }
  const question = rng.pick(questions);
  const answer = question.id;
  switch (question.type) {
    case 'number': {
      const at = rng.int(question.min, question.max);
      return rng.pick<Condition>([
        { answer, gte: at },
        { answer, lte: at },
        { answer, gt: at },
        { answer, lt: at },
        { answer, gte: at, lte: at + rng.int(0, 30) },
        { answer, answered: true },
      ]);
    }
    case 'email':
      return rng.pick<Condition>([{ answer, domain: 'personal' }, { answer, domain: ['acme.com'] }, { answer, answered: true }]);
    default:
      return rng.pick<Condition>([
        { answer, is: rng.pick(question.options) },
        { answer, not: rng.pick(question.options) },
        { answer, in: rng.subset(question.options, 1) },
        { answer, answered: rng.chance(0.7) },
      ]);
  }
}

interface DimensionJson {
  kind?: 'fit' | 'intent';
  weight?: number;
  cap?: number;
}

function genDimensions(rng: Random, preset: FrameworkId | undefined): Record<string, DimensionJson> {
  const pool = [...DIMENSION_POOL, ...(preset ? Object.keys(presets[preset].dimensions) : [])];
  const dimensions: Record<string, DimensionJson> = {};
  for (const name of rng.subset([...new Set(pool)], 0, 3)) {
    const dimension: DimensionJson = {};
    if (rng.chance(0.7)) dimension.kind = rng.pick(['fit', 'intent'] as const);
    if (rng.chance(0.6)) dimension.weight = rng.int(0, 40);
    if (rng.chance(0.7)) dimension.cap = rng.int(0, 40);
    dimensions[name] = dimension;
  }
  return dimensions;
}

/** Band tables: random ones may overlap or leave gaps; monotone ones cover every number, points rising. */
function genBands(rng: Random, question: Question, monotone: boolean): FlowJson[] {
  const count = rng.int(1, 4);
  if (!monotone)
    return Array.from({ length: count }, () => {
      const band: FlowJson = { points: rng.int(-10, 30) };
      const min = rng.int(question.min - 5, question.max);
      if (rng.chance(0.8)) band.min = min;
      if (rng.chance(0.8)) band.max = min + rng.int(0, 40);
      return band;
    });
  const cuts = [...new Set(Array.from({ length: count - 1 }, () => rng.int(question.min, question.max)))].sort((a, b) => a - b);
  let points = rng.int(0, 5);
  return [...cuts, undefined].map((max, i) => {
    const band: FlowJson = { points };
    if (i > 0) band.min = cuts[i - 1];
    if (max !== undefined) band.max = max;
    points += rng.int(0, 10);
    return band;
  });
}

function genCriteria(
  rng: Random,
  questions: readonly Question[],
  hidden: readonly string[],
  dimensions: Record<string, DimensionJson>,
  options: GenOptions,
): FlowJson[] {
  const choices = questions.filter((q) => q.type === 'single_choice' || q.type === 'multiple_choice');
  const numbers = questions.filter((q) => q.type === 'number');
  const dimensionIds = Object.keys(dimensions);
  const criteria: FlowJson[] = [];
  const count = rng.int(1, 6);
  for (let i = 0; i < count; i++) {
    const kinds = options.monotone
      ? [...(choices.length ? ['options'] : []), ...(numbers.length ? ['bands'] : [])]
      : [
          ...(choices.length ? ['options', 'options', 'levels'] : []),
          ...(numbers.length ? ['bands', 'rating'] : []),
          ...(questions.length || hidden.length ? ['when'] : []),
        ];
    if (!kinds.length) break;
    const kind = rng.pick(kinds);
    const criterion: FlowJson = { id: `c${i}` };
    if (dimensionIds.length && rng.chance(0.6)) criterion.dimension = rng.pick(dimensionIds);
    if (rng.chance(0.3))
      criterion.kind =
        criterion.dimension && options.lintClean ? (dimensions[criterion.dimension]!.kind ?? 'fit') : rng.pick(['fit', 'intent']);
    if (rng.chance(0.3)) criterion.cap = rng.int(0, 40);
    if (kind === 'options') {
      const question = rng.pick(choices);
      criterion.answer = question.id;
      criterion.options = Object.fromEntries(
        rng.subset(question.options, 1).map((o) => [o, options.monotone ? rng.int(0, 30) : rng.int(-15, 30)]),
      );
    } else if (kind === 'bands') {
      const question = rng.pick(numbers);
      criterion.answer = question.id;
      criterion.bands = genBands(rng, question, !!options.monotone);
    } else if (kind === 'levels' || kind === 'rating') {
      // A wider number than 0–3 needs levels per answer (the linter says so): keyed by number.
      const ratings = numbers.filter((q) => q.max <= 3);
      const question = rng.pick(kind === 'levels' ? choices : ratings.length ? ratings : numbers);
      criterion.answer = question.id;
      if (kind === 'levels') criterion.levels = Object.fromEntries(rng.subset(question.options, 1).map((o) => [o, rng.pick([0, 1, 1.5, 2, 3])]));
      else if (question.max > 3)
        criterion.levels = Object.fromEntries(
          [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(question.min, question.max)))].map((n) => [String(n), rng.pick([0, 1, 2, 3])]),
        );
      const dimensionWeight = criterion.dimension ? dimensions[criterion.dimension]?.weight : undefined;
      if (!dimensionWeight || rng.chance(0.5)) criterion.weight = rng.int(1, 40);
    } else {
      criterion.when = genCondition(rng, questions, hidden);
      criterion.points = rng.int(-10, 30);
    }
    criteria.push(criterion);
  }
  // Sometimes no id: the answer names it (when no other criterion reads that answer) or its position.
  for (const criterion of criteria) {
    const shared = criterion.answer && criteria.filter((c) => c.answer === criterion.answer).length > 1;
    if (!shared && rng.chance(0.2)) delete criterion.id;
  }
  return criteria;
}

/** Tier thresholds as `tierOf` reads them (only the mins decide; `max` documents). */
interface Thresholds {
  warm: { min: number };
  hot: { min: number; minFit?: number };
}

function genTiers(rng: Random): FlowJson {
  const warm = rng.int(5, 50);
  const hot = warm + rng.int(1, 50);
  return {
    cold: { max: warm - 1 },
    warm: { min: warm, max: hot - 1 },
    hot: { min: hot, ...(rng.chance(0.5) && { minFit: rng.int(0, 40) }) },
  };
}

function genFlow(rng: Random, options: GenOptions = {}): Generated {
  const preset = rng.chance(0.4) ? rng.pick(FRAMEWORKS) : undefined;
  const questions = genQuestions(rng, options);
  const hidden = rng.subset(HIDDEN);
  const ownDimensions = genDimensions(rng, preset);
  // A preset's dimension declared again keeps what it does not change.
  const dimensions: Record<string, DimensionJson> = { ...(preset ? presets[preset].dimensions : {}) };
  for (const [id, dimension] of Object.entries(ownDimensions)) dimensions[id] = { ...dimensions[id], ...dimension };
  const criteria = genCriteria(rng, questions, hidden, dimensions, options);
  const scoring: FlowJson = { criteria };
  if (preset) {
    scoring.extend = preset;
    const base = presets[preset];
    const presetIds = [...base.criteria, ...base.negative, ...base.signals].map((rule) => rule.id!);
    if (rng.chance(0.3)) scoring.omit = rng.subset(presetIds, 1, 2);
    // Replace a preset criterion by declaring one with its id.
    if (!options.monotone && rng.chance(0.3))
      criteria.push({ id: rng.pick(base.criteria.map((c) => c.id!)), kind: 'intent', when: genCondition(rng, questions, hidden), points: rng.int(0, 30) });
  }
  if (Object.keys(ownDimensions).length) scoring.dimensions = ownDimensions;
  const negativeQuestions = options.monotone ? [] : questions;
  if ((negativeQuestions.length || hidden.length) && rng.chance(0.5))
    scoring.negative = Array.from({ length: rng.int(1, 2) }, (_, i) => ({
      id: `n${i}`,
      when: genCondition(rng, negativeQuestions, hidden),
      points: rng.int(-20, 0),
    }));
  if ((questions.length || hidden.length) && (options.knockouts || rng.chance(0.3)))
    scoring.knockouts = Array.from({ length: rng.int(1, 2) }, (_, i) => ({ id: `k${i}`, when: genCondition(rng, questions, hidden) }));
  if (rng.chance(0.6))
    scoring.signals = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
      id: `s${i}`,
      strength: rng.pick(['strong', 'medium']),
      when: genCondition(rng, questions, hidden),
    }));
  if (rng.chance(0.3)) scoring.strongSignals = { strong: rng.int(1, 2), medium: rng.int(1, 3) };
  if (rng.chance(0.3)) scoring.tiers = genTiers(rng);
  if (rng.chance(0.15))
    scoring.routes = [
      { route: 'hot_lead', tier: 'hot', qualified: true },
      { route: 'engaged', signals: 'strong', when: { score: 'total', gte: rng.int(0, 60) } },
      { route: 'rest' },
    ];

  // Branching: a question may skip ahead (never back) depending on an answer given so far.
  const rules: Record<string, BranchRule[]> = {};
  if (options.branching)
    questions.forEach((question, i) => {
      if (i > questions.length - 2 || !rng.chance(0.45)) return;
      const readable = questions.slice(0, i + 1).filter((q) => q.type !== 'email');
      if (!readable.length) return;
      rules[question.id] = Array.from({ length: rng.int(1, 2) }, (): BranchRule => {
        const read = rng.pick(readable);
        const goto = rng.int(i + 2, questions.length);
        return {
          if: read.type === 'number' ? { answer: read.id, gte: rng.int(read.min, read.max) } : { answer: read.id, is: rng.pick(read.options) },
          goto: goto === questions.length ? END : questions[goto]!.id,
        };
      });
    });

  const json: FlowJson = {
    id: 'props',
    version: 1,
    steps: [...questions.map((q) => stepJson(q, rules[q.id])), { id: END, type: 'end', title: 'Thanks' }],
    scoring,
  };
  if (hidden.length) json.hidden = hidden;
  return { json, questions, hidden, rules };
}

/* ------------------------------------------------------------------ checks */

/**
 * A reference model of scoring, written from the documentation (schema/scoring.ts, presets.ts)
 * and kept apart from the engine: which rules a flow ends up with, and what each one gives.
 */
type Json = FlowJson; // flow JSON as written: the reference reads it without the engine's types

/** Empty means not answered (answers.ts). */
function answered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'number' ? Number.isFinite(value) : true;
}

/** A plain decimal text (a hidden field: `"3"`) compares as a number; anything else that is no number never matches `gte`. */
const numberOf = (value: AnswerValue | undefined) =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;

const PERSONAL = new Set(['gmail.com', 'yahoo.com']); // of the e-mails generated, these are personal

function inputsOf(condition: Json): Json[] {
  if ('all' in condition) return condition.all.flatMap(inputsOf);
  if ('any' in condition) return condition.any.flatMap(inputsOf);
  if ('answer' in condition || 'hidden' in condition || 'score' in condition) return [condition];
  return inputsOf(condition.not);
}

function holds(condition: Json, answers: Answers, hidden: HiddenFields): boolean {
  if ('all' in condition) return condition.all.every((c: Json) => holds(c, answers, hidden));
  if ('any' in condition) return condition.any.some((c: Json) => holds(c, answers, hidden));
  if (!('answer' in condition || 'hidden' in condition)) return !holds(condition.not, answers, hidden);
  const subject: AnswerValue | undefined = 'answer' in condition ? answers[condition.answer] : hidden[condition.hidden];
  const contains = (operand: unknown) => (Array.isArray(subject) ? subject.includes(String(operand)) : subject === operand);
  const n = numberOf(subject);
  const checks: boolean[] = [];
  if (condition.is !== undefined) checks.push(contains(condition.is));
  if (condition.not !== undefined) checks.push(!contains(condition.not));
  if (condition.in !== undefined) checks.push(condition.in.some(contains));
  if (condition.gt !== undefined) checks.push(n > condition.gt);
  if (condition.gte !== undefined) checks.push(n >= condition.gte);
  if (condition.lt !== undefined) checks.push(n < condition.lt);
  if (condition.lte !== undefined) checks.push(n <= condition.lte);
  if (condition.answered !== undefined) checks.push(answered(subject) === condition.answered);
  if (condition.domain !== undefined) {
    const domain = typeof subject === 'string' ? subject.split('@')[1]?.toLowerCase() : undefined;
    checks.push(
      !!domain &&
        (condition.domain === 'personal'
          ? PERSONAL.has(domain)
          : condition.domain.some((d: string) => domain === d || domain.endsWith(`.${d}`))),
    );
  }
  return checks.length > 0 && checks.every(Boolean);
}

interface Reference {
  dimensions: Record<string, DimensionJson>;
  criteria: Json[];
  negative: Json[];
  knockouts: Json[];
  signals: Json[];
}

/** The flow's rules with its preset merged in: own entries replace the preset's with the same id. */
function reference(json: Json): Reference {
  const scoring = json.scoring ?? {};
  const base = scoring.extend ? presets[scoring.extend as FrameworkId] : undefined;
  const asked = new Set<string>(json.steps.filter((s: Json) => s.type !== 'end').map((s: Json) => s.id));
  const declared = new Set<string>(json.hidden ?? []);
  const applies = (rule: Json) => inputsOf(rule.when).every((p) => ('answer' in p ? asked.has(p.answer) : 'hidden' in p ? declared.has(p.hidden) : true));
  const omit: string[] = scoring.omit ?? [];
  const merge = (preset: readonly Json[] = [], own: readonly Json[] = []) => {
    const mine = new Set(own.map((rule) => rule.id));
    return [...preset.filter((rule) => applies(rule) && !mine.has(rule.id) && !omit.includes(rule.id)), ...own];
  };
  // A criterion without an id is named by its question, or else by its place in the flow's list.
  const own = (scoring.criteria ?? []).map((c: Json, i: number) => ({ ...c, id: c.id ?? c.answer ?? `criteria[${i}]` }));
  const criteria = merge(base?.criteria, own);
  // Declaring a preset's dimension again changes only what it says.
  const dimensions: Record<string, DimensionJson> = { ...(base?.dimensions ?? {}) };
  for (const [id, dimension] of Object.entries<DimensionJson>(scoring.dimensions ?? {})) dimensions[id] = { ...dimensions[id], ...dimension };
  return {
    dimensions,
    criteria,
    negative: merge(base?.negative, scoring.negative),
    knockouts: scoring.knockouts ?? [],
    signals: merge(base?.signals, scoring.signals),
  };
}

/** What one criterion gives (before its cap), or undefined when it does not apply. */
function earned(criterion: Json, dimensions: Record<string, DimensionJson>, answers: Answers, hidden: HiddenFields): number | undefined {
  const value = criterion.answer === undefined ? undefined : answers[criterion.answer];
  const chosen = (table: Record<string, number>) =>
    (Array.isArray(value) ? value : answered(value) ? [String(value)] : []).filter((o) => Object.hasOwn(table, o));
  if ('options' in criterion) {
    const picked = chosen(criterion.options);
    return picked.length ? sum(picked.map((o) => criterion.options[o])) : undefined;
  }
  if ('bands' in criterion) {
    if (typeof value !== 'number') return undefined;
    return criterion.bands.find((b: Json) => (b.min ?? -Infinity) <= value && value <= (b.max ?? Infinity))?.points;
  }
  if ('when' in criterion) return holds(criterion.when, answers, hidden) ? criterion.points : undefined;
  const levels = criterion.levels
    ? chosen(criterion.levels).map((o) => criterion.levels[o] as number)
    : typeof value === 'number'
      ? [Math.min(3, Math.max(0, value))]
      : [];
  if (!levels.length) return undefined;
  const weight = criterion.weight ?? dimensions[criterion.dimension]?.weight ?? 0;
  return Math.round((weight * Math.max(...levels)) / 3);
}

/** The reference's score: criteria after caps, dimensions after caps, and the parts that do not depend on kinds. */
function referenceScore(json: Json, answers: Answers, hidden: HiddenFields) {
  const ref = reference(json);
  const criteria: Record<string, number> = {};
  const raw: Record<string, number> = {};
  const byKind = { fit: 0, intent: 0 };
  for (const c of ref.criteria) {
    const points = Math.min(earned(c, ref.dimensions, answers, hidden) ?? 0, c.cap ?? Infinity);
    criteria[c.id] = points;
    // A criterion in a dimension counts as the dimension's kind (the linter flags a criterion saying otherwise).
    const kind: 'fit' | 'intent' = (c.dimension !== undefined ? ref.dimensions[c.dimension]?.kind : c.kind) ?? 'fit';
    byKind[kind] += points;
    if (c.dimension !== undefined) raw[c.dimension] = (raw[c.dimension] ?? 0) + points;
  }
  const dimensions: Record<string, number> = {};
  let reductions = 0;
  for (const [id, points] of Object.entries(raw)) {
    const cap = ref.dimensions[id]?.cap;
    dimensions[id] = cap === undefined ? points : Math.min(points, cap);
    reductions += points - dimensions[id]!;
    byKind[ref.dimensions[id]?.kind ?? 'fit'] -= points - dimensions[id]!;
  }
  const negative = sum(ref.negative.filter((r) => holds(r.when, answers, hidden)).map((r) => r.points));
  return {
    ref,
    criteria,
    dimensions,
    negative,
    total: sum(Object.values(criteria)) - reductions + negative,
    kinds: byKind,
    knockouts: ref.knockouts.filter((k) => holds(k.when, answers, hidden)).map((k) => k.id as string),
    signalsFound: ref.signals.filter((s) => holds(s.when, answers, hidden)).map((s) => s.id as string),
  };
}

/** The engine's result agrees with the reference model. */
function checkAgainstReference(flow: Flow, json: Json, result: ScoreResult, answers: Answers, hidden: HiddenFields = {}): void {
  const expected = referenceScore(json, answers, hidden);
  const resolved = resolveScoring(flow);
  expect(resolved.dimensions, 'resolved dimensions').toEqual(expected.ref.dimensions);
  expect(resolved.criteria.map((c) => c.id), 'resolved criteria').toEqual(expected.ref.criteria.map((c) => c.id));
  expect(resolved.negative.map((c) => c.id), 'resolved negative rules').toEqual(expected.ref.negative.map((c) => c.id));
  expect(resolved.signals.map((c) => c.id), 'resolved signals').toEqual(expected.ref.signals.map((c) => c.id));
  expect(result.criteria, 'criterion points').toEqual(expected.criteria);
  expect(Object.fromEntries(Object.entries(result.dimensions).map(([id, d]) => [id, d.points])), 'dimension points').toEqual(expected.dimensions);
  expect(result.negative, 'negative points').toBe(expected.negative);
  expect(result.total, 'total').toBe(expected.total);
  expect({ fit: result.fit, intent: result.intent }, 'fit and intent').toEqual(expected.kinds);
  expect(result.knockouts, 'knock-outs').toEqual(expected.knockouts);
  expect(result.signalsFound, 'signals found').toEqual(expected.signalsFound);
}

function expectedTier(total: number, fit: number, tiers: Thresholds): string {
  if (total >= tiers.hot.min && fit >= (tiers.hot.minFit ?? -Infinity)) return 'hot';
  if (total >= Math.min(tiers.warm.min, tiers.hot.min)) return 'warm';
  return 'cold';
}

const SCORE_KINDS = new Set(['fit', 'intent', 'negative', 'cap']);

/**
 * What every score must satisfy: caps (1), sums (2), the trace explaining the total, and the
 * tier, signal rating and (with the default table) route following from the parts.
 */
function checkScore(flow: Flow, result: ScoreResult): void {
  const scoring = resolveScoring(flow);

  // Every criterion is reported, under its id, after its cap.
  expect(Object.keys(result.criteria).sort(), 'criteria ids').toEqual(scoring.criteria.map((c) => c.id).sort());
  for (const criterion of scoring.criteria)
    if (criterion.cap !== undefined) expect(result.criteria[criterion.id], `criterion ${criterion.id} over its cap`).toBeLessThanOrEqual(criterion.cap);

  // Dimensions: the sum of their criteria, cut to the cap.
  const raw: Record<string, number> = {};
  for (const criterion of scoring.criteria)
    if (criterion.dimension) raw[criterion.dimension] = (raw[criterion.dimension] ?? 0) + result.criteria[criterion.id]!;
  expect(Object.keys(result.dimensions).sort(), 'dimension ids').toEqual(Object.keys(raw).sort());
  let reductions = 0;
  for (const [id, points] of Object.entries(raw)) {
    const cap = scoring.dimensions[id]?.cap;
    const entry = result.dimensions[id]!;
    if (cap !== undefined) {
      expect(entry.points, `dimension ${id} over its cap`).toBeLessThanOrEqual(cap);
      expect(entry.cap, `dimension ${id} reports its cap`).toBe(cap);
    }
    const capped = cap === undefined ? points : Math.min(points, cap);
    expect(entry.points, `dimension ${id} points`).toBe(capped);
    reductions += points - capped;
  }

  // Sums.
  expect(result.total, 'total = fit + intent + negative').toBe(result.fit + result.intent + result.negative);
  expect(result.negative, 'negative ≤ 0').toBeLessThanOrEqual(0);
  expect(sum(Object.values(result.criteria)) - reductions, 'criteria − cap reductions = fit + intent').toBe(result.fit + result.intent);

  // The trace explains the total.
  const explained = sum(result.trace.filter((t) => SCORE_KINDS.has(t.kind)).map((t) => t.points));
  expect(explained, 'trace points (fit, intent, negative, cap) = total').toBe(result.total);

  // Tier, signals and route follow from the parts.
  expect(result.tier, 'tier').toBe(expectedTier(result.total, result.fit, scoring.tiers));
  const strength = (s: string) => result.signalsFound.filter((id) => scoring.signals.find((x) => x.id === id)?.strength === s).length;
  const strong = strength('strong') >= scoring.strongSignals.strong || strength('strong') + strength('medium') >= scoring.strongSignals.medium;
  expect(result.signals, 'signal rating').toBe(strong ? 'strong' : 'weak');
  if (result.knockouts.length) {
    expect(result.route, 'a knock-out disqualifies').toBe('disqualified');
    expect(result.qualified).toBe(false);
  } else if (!flow.scoring?.routes) {
    const route = result.tier === 'hot' && strong ? 'sales_now' : strong ? 'follow_up' : 'nurture';
    expect(result.route, 'default routing table').toBe(route);
    expect(result.qualified).toBe(route !== 'nurture');
  }
}

/** The same object with its keys in another order. */
const reorder = <T extends object>(rng: Random, object: T): T => Object.fromEntries(rng.shuffle(Object.entries(object))) as T;

/** The same JSON with the keys of every object in another order (arrays keep theirs: order means something there). */
const reorderDeep = (rng: Random, value: Json): Json =>
  Array.isArray(value)
    ? value.map((item) => reorderDeep(rng, item))
    : value && typeof value === 'object'
      ? Object.fromEntries(rng.shuffle(Object.entries(value)).map(([key, item]) => [key, reorderDeep(rng, item)]))
      : value;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/* ------------------------------------------------------------------ random flows */

describe('scoring properties (random flows)', () => {
  it('1–2. caps are never exceeded, sums hold, the trace explains the total (400 cases)', () => {
    let capped = 0;
    let dimensionCapped = 0;
    let negative = 0;
    const cases = forAll('caps and sums', 0x5c0_0001, 400, (rng, note) => {
      const { json, questions, hidden } = genFlow(rng);
      const answers = genAnswers(rng, questions);
      const fields = genHidden(rng, hidden);
      note('flow', json);
      note('answers', answers);
      note('hidden', fields);
      const flow = load(json);
      const result = scoreLead(flow, answers, { hidden: fields });
      note('result', { ...result, trace: undefined });
      checkScore(flow, result);
      checkAgainstReference(flow, json, result, answers, fields);
      if (result.trace.some((t) => t.detail?.includes('capped at') && t.kind !== 'cap')) capped++;
      if (result.trace.some((t) => t.kind === 'cap')) dimensionCapped++;
      if (result.negative < 0) negative++;
    });
    // The generator must actually reach the interesting cases (not checked when replaying one seed).
    if (cases > 1) {
      expect(capped, 'cases where a criterion cap applied').toBeGreaterThan(20);
      expect(dimensionCapped, 'cases where a dimension cap applied').toBeGreaterThan(20);
      expect(negative, 'cases with negative points').toBeGreaterThan(20);
    }
  });

  it('generated flows are valid (load and lint cleanly) (100 cases)', () => {
    forAll('generated flows lint cleanly', 0x5c0_0002, 100, (rng, note) => {
      const { json } = genFlow(rng, { branching: true, lintClean: true });
      note('flow', json);
      const result = validateFlow(json);
      expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
    });
  });

  it('3. scoring is deterministic: twice, keys reordered, on a freshly loaded copy (300 cases)', () => {
    forAll('deterministic', 0x5c0_0003, 300, (rng, note) => {
      const { json, questions, hidden } = genFlow(rng);
      const answers = deepFreeze(genAnswers(rng, questions));
      const fields = deepFreeze(genHidden(rng, hidden));
      note('flow', json);
      note('answers', answers);
      note('hidden', fields);
      const flow = load(json);
      const first = scoreLead(flow, answers, { hidden: fields });
      const again = scoreLead(flow, answers, { hidden: fields });
      const reordered = scoreLead(flow, reorder(rng, answers), { hidden: reorder(rng, fields) });
      const fresh = scoreLead(load(JSON.parse(JSON.stringify(json))), structuredClone(answers), { hidden: { ...fields } });
      checkAgainstReference(flow, json, first, answers, fields);
      expect(again).toEqual(first);
      expect(reordered).toEqual(first);
      expect(fresh).toEqual(first);
      // Byte for byte, as a server comparing a re-scored lead would see it.
      expect(JSON.stringify(fresh)).toBe(JSON.stringify(first));
      expect(JSON.stringify(reordered)).toBe(JSON.stringify(first));
      // The flow written with its keys in another order scores the same. (Its configVersion may
      // differ: the fingerprint hashes the scoring block as written, map key order included.)
      const rewritten = scoreLead(load(reorderDeep(rng, json)), answers, { hidden: fields });
      expect({ ...rewritten, configVersion: '' }).toEqual({ ...first, configVersion: '' });
    });
  });
});

/* ------------------------------------------------------------------ navigation */

/** Whether `nextStep` lets the visitor past `question` with `value`, by the documented rules. */
function passes(question: Question, value: AnswerValue | undefined): boolean {
  if (!answered(value)) return !question.required;
  switch (question.type) {
    case 'single_choice':
      return question.options.includes(String(value));
    case 'multiple_choice': {
      const chosen = Array.isArray(value) ? value : [String(value)];
      return (
        chosen.every((o) => question.options.includes(o)) &&
        chosen.length >= (question.minSelected ?? 0) &&
        chosen.length <= (question.maxSelected ?? Infinity)
      );
    }
    case 'number':
      return typeof value === 'number' && value >= question.min && value <= question.max;
    case 'email':
      return typeof value === 'string' && EMAILS.includes(value);
  }
}

function branchHolds(predicate: BranchPredicate, answers: Answers): boolean {
  const value = answers[predicate.answer];
  if ('is' in predicate) return Array.isArray(value) ? value.includes(predicate.is) : value === predicate.is;
  return numberOf(value) >= predicate.gte;
}

/** The navigation model: a stack of step ids and every answer typed, kept apart from the engine. */
class Model {
  stack: string[];
  answers: Record<string, AnswerValue> = {};
  constructor(private readonly generated: Generated) {
    this.stack = [generated.questions[0]!.id];
  }
  get current(): Question | undefined {
    return this.generated.questions.find((q) => q.id === this.stack.at(-1));
  }
  /** The answers to the questions on the path taken, built directly. */
  path(): Record<string, AnswerValue> {
    const answers: Record<string, AnswerValue> = {};
    for (const id of this.stack) if (id !== END && this.answers[id] !== undefined) answers[id] = this.answers[id]!;
    return answers;
  }
  set(question: string, value: AnswerValue | undefined) {
    if (value === undefined) delete this.answers[question];
    else this.answers[question] = value;
  }
  next(): boolean {
    const current = this.current;
    if (!current) return true; // on the end step: nowhere to go
    if (!passes(current, this.answers[current.id])) return false;
    const path = this.path();
    const rule = this.generated.rules[current.id]?.find((r) => branchHolds(r.if, path));
    const position = this.generated.questions.indexOf(current);
    this.stack.push(rule ? rule.goto : (this.generated.questions[position + 1]?.id ?? END));
    return true;
  }
  back() {
    if (this.stack.length > 1 && this.current) this.stack.pop();
  }
}

describe('scoring properties (navigation)', () => {
  it('4. the score of a visitor going back and forth is recomputed from the path answers (250 cases)', () => {
    let abandoned = 0;
    let moves = 0;
    let scorings = 0;
    forAll('recomputed from scratch', 0x5c0_0004, 250, (rng, note) => {
      const generated = genFlow(rng, { branching: true });
      const { json, questions, hidden } = generated;
      const fields = genHidden(rng, hidden);
      note('flow', json);
      note('hidden', fields);
      const flow = load(json);
      const copy = load(structuredClone(json));
      const model = new Model(generated);
      let state: FlowState = startFlow(flow, fields);
      const actions: unknown[] = [];
      note('actions', actions);
      let leftBehind = false;
      let lastScored: string | undefined;
      for (let i = 0, count = rng.int(10, 40); i < count; i++) {
        const current = model.current;
        const roll = rng.next();
        if (current && roll < 0.4) {
          const r = rng.next();
          const value = r < 0.8 ? validAnswer(rng, current) : r < 0.9 ? invalidAnswer(rng, current) : undefined;
          actions.push(['answer', current.id, value ?? null]);
          state = setAnswer(state, current.id, value);
          model.set(current.id, value);
        } else if (roll < 0.7) {
          actions.push(['next']);
          const moved = nextStep(flow, state);
          expect(moved.ok, 'nextStep accepts the answer exactly when the model does').toBe(model.next());
          if (moved.ok) state = moved.value;
          moves++;
        } else if (roll < 0.85) {
          actions.push(['back']);
          state = previousStep(flow, state);
          model.back();
        } else {
          // Change (or clear) any answer, on the path or not.
          const question = rng.pick(questions);
          const value = rng.chance(0.85) ? validAnswer(rng, question) : undefined;
          actions.push(['set', question.id, value ?? null]);
          state = setAnswer(state, question.id, value);
          model.set(question.id, value);
        }
        expect(state.history, 'history').toEqual(model.stack);
        const direct = model.path();
        expect(pathAnswers(flow, state), 'path answers').toEqual(direct);
        const key = JSON.stringify(direct);
        if (key !== lastScored) {
          // Scored again whenever the path answers changed: built directly, on a separately
          // loaded flow, so no state is carried between scorings.
          const scored = scoreLead(flow, pathAnswers(flow, state), { hidden: state.hidden });
          expect(scored).toEqual(scoreLead(copy, JSON.parse(key), { hidden: { ...fields } }));
          checkScore(flow, scored);
          checkAgainstReference(flow, json, scored, direct, fields);
          lastScored = key;
          scorings++;
        }
        if (Object.keys(state.answers).some((id) => !(id in direct))) leftBehind = true;
      }
      if (leftBehind) abandoned++;
    });
    if (replay !== undefined) return;
    // Answers left behind on abandoned branches (or steps gone back from) must not be scored.
    expect(abandoned, 'cases with answers off the path').toBeGreaterThan(50);
    expect(moves).toBeGreaterThan(1000);
    expect(scorings).toBeGreaterThan(1000);
  });
});

/* ------------------------------------------------------------------ monotonicity */

describe('scoring properties (monotone)', () => {
  it('5. a better single-choice option or a higher number in a rising band table never lowers the total (400 cases)', () => {
    let rose = 0;
    let compared = 0;
    forAll('monotone', 0x5c0_0005, 400, (rng, note) => {
      const { json, questions, hidden } = genFlow(rng, { monotone: true });
      const answers = genAnswers(rng, questions, 0.9);
      const fields = genHidden(rng, hidden);
      note('flow', json);
      note('answers', answers);
      note('hidden', fields);
      const flow = load(json);
      const criteria = resolveScoring(flow).criteria;
      // The flow is what the property needs: option criteria without negative points, rising bands.
      for (const c of criteria) {
        if ('options' in c) expect(Object.values(c.options).every((p) => p >= 0)).toBe(true);
        else if ('bands' in c) expect(c.bands.map((b) => b.points)).toEqual([...c.bands.map((b) => b.points)].sort((a, b) => a - b));
        else expect(c.id, 'preset rules read only hidden fields here').toMatch(/^(repeat_visits|email_engagement|content_download|social_engagement)$/);
      }
      const target = rng.pick(questions);
      const reading = criteria.filter((c) => 'answer' in c && c.answer === target.id);
      let better: AnswerValue | undefined;
      if (target.type === 'single_choice') {
        // An option worth at least as much in every criterion that reads the question.
        const worth = (option: AnswerValue | undefined) =>
          reading.map((c) => (typeof option === 'string' && 'options' in c && Object.hasOwn(c.options, option) ? c.options[option]! : 0));
        const now = worth(answers[target.id]);
        const candidates = target.options.filter((o) => worth(o).every((p, i) => p >= now[i]!));
        if (candidates.length) better = rng.pick(candidates);
      } else if (target.type === 'number') {
        // Raise the number (from its lowest value when unanswered), even past the last band.
        if (typeof answers[target.id] !== 'number') answers[target.id] = target.min;
        better = (answers[target.id] as number) + rng.pick([0, 0.5, 1, rng.int(1, 50), rng.int(1, 200)]);
      } else if (target.type === 'multiple_choice') {
        // Adding options to a selection never costs points either.
        const chosen = Array.isArray(answers[target.id]) ? (answers[target.id] as string[]) : [];
        const more = [...new Set([...chosen, ...rng.subset(target.options, 1)])];
        if (more.length <= (target.maxSelected ?? Infinity)) better = target.options.filter((o) => more.includes(o));
      }
      if (better === undefined) return;
      const base = scoreLead(flow, answers, { hidden: fields });
      const after = scoreLead(flow, { ...answers, [target.id]: better }, { hidden: fields });
      note('changed', { question: target.id, from: answers[target.id] ?? null, to: better, before: base.total, after: after.total });
      expect(after.total, `total after answering ${JSON.stringify(better)} to ${target.id}`).toBeGreaterThanOrEqual(base.total);
      checkScore(flow, after);
      checkAgainstReference(flow, json, after, { ...answers, [target.id]: better }, fields);
      compared++;
      if (after.total > base.total) rose++;
    });
    if (replay !== undefined) return;
    expect(compared).toBeGreaterThan(200);
    expect(rose, 'cases where the better answer raised the total').toBeGreaterThan(50);
  });
});

/* ------------------------------------------------------------------ presets and routes */

const LEVELS = ['none', 'weak', 'clear', 'proven'];

/** A flow extending `preset`: a request question, a knock-out question, and one evidence question per dimension. */
function presetFlow(preset: FrameworkId, knockout = true): FlowJson {
  const dimensions = Object.keys(presets[preset].dimensions);
  const choice = (id: string, options: string[]) => ({ id, type: 'single_choice', title: id, options: options.map((o) => ({ id: o, label: o })) });
  return {
    id: `preset-${preset}`,
    version: 1,
    steps: [
      choice('request', ['demo', 'pricing', 'info']),
      choice('role', ['buyer', 'student']),
      ...dimensions.map((d) => choice(`${d}_evidence`, LEVELS)),
      { id: END, type: 'end', title: 'Thanks' },
    ],
    scoring: {
      extend: preset,
      criteria: dimensions.flatMap((d, i) => [
        { id: `${d}_level`, answer: `${d}_evidence`, dimension: d, levels: { none: 0, weak: 1, clear: 2, proven: 3 } },
        // A bonus on top, so some dimensions reach their cap.
        ...(i % 2 ? [{ id: `${d}_bonus`, answer: `${d}_evidence`, dimension: d, options: { proven: 10, clear: 4 } }] : []),
      ]),
      ...(knockout && { knockouts: [{ id: 'student', when: { answer: 'role', is: 'student' } }] }),
    },
  };
}

function presetAnswers(rng: Random, preset: FrameworkId): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {
    request: rng.pick(['demo', 'pricing', 'info']),
    role: rng.chance(0.2) ? 'student' : 'buyer',
  };
  const high = rng.chance(0.5); // lean the levels high or low, so both ends of the table are found
  for (const d of Object.keys(presets[preset].dimensions))
    answers[`${d}_evidence`] = high ? rng.pick(['clear', 'proven', 'proven']) : rng.pick(['none', 'weak', 'clear']);
  return answers;
}

const ROUTES = ['sales_now', 'follow_up', 'nurture', 'disqualified'];

describe('scoring properties (presets)', () => {
  it('the seven presets are the ones tested', () => {
    expect(Object.keys(presets).sort()).toEqual([...FRAMEWORKS].sort());
  });

  it.each(FRAMEWORKS)('6. every route of the default table is reachable with %s', (preset) => {
    const json = presetFlow(preset);
    const validated = validateFlow(json);
    expect(validated.ok ? [] : validated.issues.map(formatIssue)).toEqual([]);
    const flow = load(json);
    expect(resolveScoring(flow).criteria.map((c) => c.id)).toContain('demo_or_pricing');
    const found = new Map<string, Answers>();
    let tries = 0;
    forAll(`routes of ${preset}`, 0x5c0_0006 + FRAMEWORKS.indexOf(preset), 2000, (rng, note) => {
      if (found.size === ROUTES.length) return;
      tries++;
      const answers = presetAnswers(rng, preset);
      note('answers', answers);
      const result = scoreLead(flow, answers);
      note('result', { ...result, trace: undefined });
      checkScore(flow, result);
      checkAgainstReference(flow, json, result, answers);
      if (!found.has(result.route)) found.set(result.route, answers);
    });
    if (replay !== undefined) return;
    expect([...found.keys()].sort(), `routes found in ${tries} tries`).toEqual([...ROUTES].sort());
    // And each found lead routes as the seed's matrix says.
    const sales = scoreLead(flow, found.get('sales_now')!);
    expect(sales).toMatchObject({ tier: 'hot', signals: 'strong', qualified: true });
    expect(scoreLead(flow, found.get('follow_up')!)).toMatchObject({ signals: 'strong', qualified: true });
    expect(scoreLead(flow, found.get('follow_up')!).tier).not.toBe('hot');
    expect(scoreLead(flow, found.get('nurture')!)).toMatchObject({ signals: 'weak', qualified: false });
    expect(scoreLead(flow, found.get('disqualified')!)).toMatchObject({ knockouts: ['student'], qualified: false });
  });
});

/* ------------------------------------------------------------------ tiers */

/** One question, one option worth `points` (of `kind`), and an opt-out rule worth −10 read from a hidden field. */
function singleCriterionFlow(points: number, extra: FlowJson = {}): Flow {
  return load({
    id: 'tiers',
    version: 1,
    hidden: ['opted_out'],
    steps: [
      { id: 'q', type: 'single_choice', title: 'Q', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
      { id: END, type: 'end', title: 'Thanks' },
    ],
    scoring: {
      criteria: [{ id: 'only', answer: 'q', options: { x: points } }],
      negative: [{ id: 'opted_out', when: { hidden: 'opted_out', is: '1' }, points: -10 }],
      ...extra,
    },
  });
}

describe('scoring properties (tiers)', () => {
  it.each([
    [0, 'cold'],
    [30, 'cold'],
    [31, 'warm'],
    [60, 'warm'],
    [61, 'hot'],
    [100, 'hot'],
    [-10, 'cold'],
  ])('7. the seed’s thresholds: a total of %d is %s', (total, tier) => {
    const flow = singleCriterionFlow(total);
    const result = scoreLead(flow, { q: 'x' });
    expect(result).toMatchObject({ total, tier });
    checkScore(flow, result);
  });

  it('7. a negative rule alone (−10) is cold', () => {
    const flow = singleCriterionFlow(0);
    const result = scoreLead(flow, { q: 'y' }, { hidden: { opted_out: '1' } });
    expect(result).toMatchObject({ total: -10, negative: -10, tier: 'cold' });
    checkScore(flow, result);
  });

  it('7. hot.minFit gates hot: a hot total with a low fit is warm', () => {
    const flow = load({
      id: 'gated',
      version: 1,
      steps: [
        { id: 'role', type: 'single_choice', title: 'Role', options: [{ id: 'user', label: 'User' }, { id: 'buyer', label: 'Buyer' }] },
        { id: 'request', type: 'single_choice', title: 'Request', options: [{ id: 'demo', label: 'Demo' }, { id: 'info', label: 'Info' }] },
        { id: END, type: 'end', title: 'Thanks' },
      ],
      scoring: {
        criteria: [
          { id: 'role', answer: 'role', kind: 'fit', options: { user: 10, buyer: 40 } },
          { id: 'request', answer: 'request', kind: 'intent', options: { demo: 70, info: 0 } },
        ],
        tiers: { cold: { max: 30 }, warm: { min: 31, max: 60 }, hot: { min: 61, minFit: 30 } },
      },
    });
    const low = scoreLead(flow, { role: 'user', request: 'demo' });
    expect(low).toMatchObject({ total: 80, fit: 10, intent: 70, tier: 'warm' });
    expect(low.trace.find((t) => t.kind === 'tier')?.detail).toMatch(/below 30/);
    expect(scoreLead(flow, { role: 'buyer', request: 'demo' })).toMatchObject({ total: 110, fit: 40, tier: 'hot' });
  });

  it('7. random totals and fits land in the tier the thresholds give (300 cases)', () => {
    forAll('tiers', 0x5c0_0007, 300, (rng, note) => {
      const fit = rng.int(-40, 120);
      const intent = rng.int(-20, 100);
      const gate = rng.chance(0.5) ? rng.int(0, 60) : undefined;
      const tiers = { cold: { max: 30 }, warm: { min: 31, max: 60 }, hot: { min: 61, ...(gate !== undefined && { minFit: gate }) } };
      note('case', { fit, intent, gate });
      const flow = load({
        id: 'tiers',
        version: 1,
        steps: [
          { id: 'q', type: 'single_choice', title: 'Q', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
          { id: END, type: 'end', title: 'Thanks' },
        ],
        scoring: {
          criteria: [
            { id: 'who', answer: 'q', kind: 'fit', options: { x: fit } },
            { id: 'what', answer: 'q', kind: 'intent', options: { x: intent } },
          ],
          ...(gate !== undefined && { tiers }),
        },
      });
      const result = scoreLead(flow, { q: 'x' });
      const total = fit + intent;
      const tier = total >= 61 && fit >= (gate ?? -Infinity) ? 'hot' : total >= 31 ? 'warm' : 'cold';
      expect(result).toMatchObject({ total, fit, intent, tier });
      checkScore(flow, result);
    });
  });
});

/* ------------------------------------------------------------------ knock-outs */

/** A condition that holds for these answers, read from one of them. */
function holdingCondition(rng: Random, questions: readonly Question[], answers: Answers): Condition {
  const question = rng.pick(questions.filter((q) => answers[q.id] !== undefined));
  const value = answers[question.id]!;
  if (Array.isArray(value)) return { answer: question.id, is: rng.pick(value) };
  if (typeof value === 'number') return { answer: question.id, gte: Math.floor(value) };
  return rng.chance(0.5) ? { answer: question.id, is: value } : { answer: question.id, answered: true };
}

/** The parts of a result a knock-out must leave alone. */
const scoreParts = ({ total, fit, intent, negative, dimensions, criteria, tier, signals, signalsFound }: ScoreResult) => ({
  total,
  fit,
  intent,
  negative,
  dimensions,
  criteria,
  tier,
  signals,
  signalsFound,
});

describe('scoring properties (knock-outs)', () => {
  it('8. a knock-out forces disqualified and leaves the score as it was (300 cases)', () => {
    let held = 0;
    let hotStrong = 0;
    forAll('knock-outs', 0x5c0_0008, 300, (rng, note) => {
      const { json, questions, hidden } = genFlow(rng, { knockouts: true });
      const answers = genAnswers(rng, questions, 0.9);
      if (!Object.keys(answers).length) answers[questions[0]!.id] = validAnswer(rng, questions[0]!);
      const fields = genHidden(rng, hidden);
      const sure = rng.chance(0.7);
      if (sure) json.scoring.knockouts.push({ id: 'sure', when: holdingCondition(rng, questions, answers) });
      note('flow', json);
      note('answers', answers);
      note('hidden', fields);
      const without = structuredClone(json);
      delete without.scoring.knockouts;
      const flow = load(json);
      const result = scoreLead(flow, answers, { hidden: fields });
      const free = scoreLead(load(without), answers, { hidden: fields });
      checkScore(flow, result);
      checkAgainstReference(flow, json, result, answers, fields);
      expect(scoreParts(result)).toEqual(scoreParts(free));
      if (sure) expect(result.knockouts).toContain('sure');
      if (result.knockouts.length) {
        held++;
        expect(result).toMatchObject({ route: 'disqualified', qualified: false });
        expect(result.trace.filter((t) => t.kind === 'knockout').map((t) => t.rule)).toEqual(result.knockouts);
        if (free.tier === 'hot' && free.signals === 'strong') hotStrong++;
      } else {
        expect(result.route).toBe(free.route);
        expect(result.qualified).toBe(free.qualified);
      }
    });
    if (replay !== undefined) return;
    expect(held).toBeGreaterThan(150);
    expect(hotStrong, 'knocked-out cases with a hot total and strong signals').toBeGreaterThan(5);
  });

  it.each(FRAMEWORKS)('8. a knock-out disqualifies a %s lead that would go to sales now', (preset) => {
    const flow = load(presetFlow(preset));
    const free = load(presetFlow(preset, false));
    const answers: Record<string, AnswerValue> = { request: 'demo', role: 'student' };
    for (const d of Object.keys(presets[preset].dimensions)) answers[`${d}_evidence`] = 'proven';
    const without = scoreLead(free, answers);
    expect(without).toMatchObject({ route: 'sales_now', tier: 'hot', signals: 'strong' });
    const knocked = scoreLead(flow, answers);
    expect(knocked).toMatchObject({ route: 'disqualified', qualified: false, knockouts: ['student'], tier: 'hot', signals: 'strong' });
    expect(scoreParts(knocked)).toEqual(scoreParts(without));
  });
});

/* ------------------------------------------------------------------ engine defects found */

/**
 * Defects these properties exposed. Each test states the documented behaviour in a way any
 * fix passes (the engine scoring it right, or the linter refusing the flow).
 */
describe('scoring defects found by the properties', () => {
  const steps = [
    { id: 'q', type: 'single_choice', title: 'Q', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
    { id: END, type: 'end', title: 'Thanks' },
  ];
  const refused = (json: FlowJson) => !validateFlow(json).ok;

  // Was: the cap reduction came out of the dimension's kind while the points went to the
  // criterion's kind, so an intent criterion in a capped fit dimension gave fit −20, intent 30.
  // The widget does not lint, so this must hold at runtime whatever the linter says.
  it('a dimension cap never turns positive points into a negative fit or intent', () => {
    const flow = load({
      id: 'kinds',
      version: 1,
      steps,
      scoring: {
        dimensions: { budget: { kind: 'fit', cap: 10 } },
        criteria: [{ id: 'asks', answer: 'q', dimension: 'budget', kind: 'intent', options: { x: 30 } }],
      },
    });
    const result = scoreLead(flow, { q: 'x' });
    expect(result.total).toBe(10);
    expect(result.fit).toBeGreaterThanOrEqual(0);
    expect(result.intent).toBeGreaterThanOrEqual(0);
    checkScore(flow, result);
  });

  // Was: two criteria on one answer without ids both took the answer's id; the flow linted
  // cleanly and `criteria` kept only the last one ({ q: 5 } against fit 15).
  it('criteria without ids on the same answer are each reported, or the flow is refused', () => {
    const json = {
      id: 'ids',
      version: 1,
      steps,
      scoring: { criteria: [{ answer: 'q', options: { x: 10 } }, { answer: 'q', options: { x: 5 } }] },
    };
    if (refused(json)) return;
    const result = scoreLead(load(json), { q: 'x' });
    expect(result.total).toBe(15);
    expect(sum(Object.values(result.criteria))).toBe(result.fit + result.intent);
  });

  // Was: `cap` accepted any number; below 0 a criterion that did not apply gave the cap, and
  // the trace read "undefined, capped at -5". Caps are now at least 0.
  it('a criterion that does not apply gives nothing, whatever its cap (or a negative cap is refused)', () => {
    const json = {
      id: 'caps',
      version: 1,
      steps,
      scoring: { criteria: [{ id: 'capped', answer: 'q', cap: -5, options: { x: 10 } }] },
    };
    if (refused(json)) return;
    const result = scoreLead(load(json), {});
    expect(result.criteria.capped).toBe(0); // actual: −5
    expect(result.trace.map((t) => t.detail ?? '').join(' ')).not.toContain('undefined');
  });
});
