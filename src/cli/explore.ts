import {
  currentStep,
  evaluateCondition,
  nextStep,
  pathAnswers,
  questionsOf,
  resolveScoring,
  scoreLead,
  setAnswer,
  validateStep,
  type Condition,
  type Flow,
  type FlowState,
  type HiddenFields,
  type Predicate,
  startFlow,
  type Tier,
} from '../engine/index.ts';
import { conditionInputs } from '../engine/flow-conditions.ts';
import { testPattern } from '../engine/safe-pattern.ts';
import { allConditions, isOptional, rawCandidates, type Candidate } from './explore-candidates.ts';

export interface ExploreOptions {
  hidden: HiddenFields;
  /** At most this many distinct paths are listed. */
  maxPaths: number;
  /** At most this many steps are answered in all (every try of a step counts). */
  maxStates: number;
  /** Explore equivalent states once (default); off, every combination is walked (tests compare the two). */
  merge?: boolean;
}

/** One path through the flow (a sequence of steps) and what the answer combinations on it lead to. */
export interface PathGroup {
  steps: string[];
  /** The end step reached; undefined when the path goes back to a step it already visited (the last one). */
  ending: string | undefined;
  combinations: number;
  total: { min: number; max: number } | undefined;
  tiers: Tier[];
  routes: string[];
  knockouts: string[];
}

export interface Exploration {
  paths: PathGroup[];
  /** Answer combinations (of the representative answers) the paths stand for. */
  combinations: number;
  /** Steps answered (`nextStep` calls) to find them. */
  states: number;
  /** Why the enumeration stopped early, or undefined when every combination was covered. */
  cutShort: 'paths' | 'states' | undefined;
  /** Steps with more distinct answers or combinations than are tried on one step (the rest are skipped). */
  crowdedSteps: string[];
  /** End steps no combination reached. */
  endingsNotReached: string[];
}

/** The most combinations tried on one step (a contact step multiplies its fields' answers). */
const MAX_STEP_COMBINATIONS = 256;
/** The most distinct candidates kept for one question. */
const MAX_CANDIDATES = 24;

/** Something in the flow that reads answers: a scoring rule, a routing row or a branching rule. */
interface Reader {
  role: 'criterion' | 'negative' | 'knockout' | 'signal' | 'route' | 'next';
  index: number;
  condition: Condition | undefined;
  /** The questions it reads. */
  questions: string[];
  /** Routing rows and branching rules may read the score, which changes until the end. */
  readsScore: boolean;
  /** For branching rules: the step they belong to. */
  step?: string;
}

/**
 * What decides everything after a step, as a string: two states with the same key lead to the
 * same paths with the same scores, so the enumeration explores each key once. It holds the
 * steps answered so far (hence which questions are answered); for every rule that can still
 * change (it reads a question not answered yet, or the score), the truth of the predicates it
 * reads; for every rule that cannot, only its effect: points per open dimension, fit and intent
 * (a dimension that can get no more points counts only through its capped sum), negative points,
 * the knock-outs and signals that hold, and the outcome of later routing and branching rules.
 */
function stateKeyOf(flow: Flow, hidden: HiddenFields): (state: FlowState) => string {
  const scoring = resolveScoring(flow);
  const stepOf = new Map(flow.steps.flatMap((step) => questionsOf(step).map((question) => [question, step.id] as const)));
  const inputs = (condition: Condition | undefined) => (condition ? conditionInputs(condition) : []);
  const questionsIn = (condition: Condition | undefined) => inputs(condition).flatMap((p) => ('answer' in p ? [p.answer] : []));
  const readers: Reader[] = [
    ...scoring.criteria.map((c, index): Reader => ({
      role: 'criterion',
      index,
      condition: 'when' in c ? c.when : undefined,
      questions: 'answer' in c ? [c.answer] : questionsIn(c.when),
      readsScore: false,
    })),
    ...scoring.negative.map((r, index): Reader => ({ role: 'negative', index, condition: r.when, questions: questionsIn(r.when), readsScore: false })),
    ...scoring.knockouts.map((r, index): Reader => ({ role: 'knockout', index, condition: r.when, questions: questionsIn(r.when), readsScore: false })),
    ...scoring.signals.map((r, index): Reader => ({ role: 'signal', index, condition: r.when, questions: questionsIn(r.when), readsScore: false })),
    ...scoring.routes.flatMap((row, index): Reader[] =>
      row.when ? [{ role: 'route', index, condition: row.when, questions: questionsIn(row.when), readsScore: inputs(row.when).some((p) => 'score' in p) }] : [],
    ),
    ...flow.steps.flatMap((step) =>
      step.type === 'end'
        ? []
        : (step.next ?? []).flatMap((rule, index): Reader[] =>
            rule.if ? [{ role: 'next', index, step: step.id, condition: rule.if, questions: questionsIn(rule.if), readsScore: inputs(rule.if).some((p) => 'score' in p) }] : [],
          ),
    ),
  ];
  const bucketOf = (c: (typeof scoring.criteria)[number]) => (c.dimension ? `dimension:${c.dimension}` : `kind:${c.kind ?? 'fit'}`);
  const gains = (c: (typeof scoring.criteria)[number]) =>
    'options' in c ? Object.values(c.options) : 'bands' in c ? c.bands.map((b) => b.points) : 'when' in c ? [c.points] : [0];
  /** Dimensions whose criteria never give negative points: their sum only matters up to the cap. */
  const ceilings = new Map<string, number>();
  for (const [id, dimension] of Object.entries(scoring.dimensions))
    if (dimension.cap !== undefined && scoring.criteria.every((c) => c.dimension !== id || gains(c).every((points) => points >= 0)))
      ceilings.set(`dimension:${id}`, dimension.cap);

  const readsParts =
    scoring.tiers.hot.minFit !== undefined ||
    readers.some((reader) => reader.readsScore && inputs(reader.condition).some((p) => 'score' in p && (p.score === 'fit' || p.score === 'intent')));

  return (state) => {
    const visited = new Set(state.history);
    const current = state.history.at(-1)!;
    // A question is settled once its step was answered (the current step's are not yet); a
    // question the flow does not ask never changes.
    const settled = (question: string) => !stepOf.has(question) || (visited.has(stepOf.get(question)!) && stepOf.get(question) !== current);
    const answers = pathAnswers(flow, state);
    const context = { answers, hidden, score: () => ({}), personalDomains: scoring.personalDomains };
    const decided = (reader: Reader) => !reader.readsScore && reader.questions.every(settled);
    const open = new Set<Predicate>();
    const outcomes: string[] = [];
    const sums: Record<string, number> = {};
    const openBuckets = new Set<string>();
    let negative = 0;
    const knockouts: string[] = [];
    const signals = { strong: 0, medium: 0 };
    // The trace starts with one entry per criterion, in order, with its points after the criterion's cap.
    const trace = scoreLead(flow, answers, { hidden }).trace;
    for (const reader of readers) {
      // Branching rules of steps already passed are never read again.
      if (reader.role === 'next' && visited.has(reader.step!) && reader.step !== current) continue;
      if (!decided(reader)) {
        for (const p of inputs(reader.condition)) if ('answer' in p) open.add(p);
        if (reader.role === 'criterion') openBuckets.add(bucketOf(scoring.criteria[reader.index]!));
        if (reader.role !== 'criterion' || !('answer' in scoring.criteria[reader.index]!)) continue;
      }
      const holds = () => evaluateCondition(reader.condition!, context);
      if (reader.role === 'criterion') {
        const criterion = scoring.criteria[reader.index]!;
        // An unanswered question gives 0 for now; its bucket stays open.
        const bucket = bucketOf(criterion);
        sums[bucket] = Math.min((sums[bucket] ?? 0) + trace[reader.index]!.points, ceilings.get(bucket) ?? Infinity);
      } else if (reader.role === 'negative') negative += holds() ? scoring.negative[reader.index]!.points : 0;
      else if (reader.role === 'knockout') holds() && knockouts.push(scoring.knockouts[reader.index]!.id);
      else if (reader.role === 'signal') holds() && signals[scoring.signals[reader.index]!.strength]++;
      else outcomes.push(`${reader.role}:${reader.step ?? ''}:${reader.index}:${holds() ? 1 : 0}`);
    }
    // A closed dimension adds its capped sum to fit or intent, like a criterion outside dimensions.
    for (const bucket of Object.keys(sums)) {
      if (!bucket.startsWith('dimension:') || openBuckets.has(bucket)) continue;
      const dimension = scoring.dimensions[bucket.slice('dimension:'.length)];
      const kind = `kind:${dimension?.kind ?? 'fit'}`;
      sums[kind] = (sums[kind] ?? 0) + Math.min(sums[bucket]!, dimension?.cap ?? Infinity);
      delete sums[bucket];
    }
    // Unless something reads fit or intent alone, only their sum with the negative points matters.
    if (!readsParts) {
      sums['total'] = (sums['kind:fit'] ?? 0) + (sums['kind:intent'] ?? 0) + negative;
      delete sums['kind:fit'];
      delete sums['kind:intent'];
      negative = 0;
    }
    // The rating only asks whether enough signals of a strength hold.
    const rating = [Math.min(signals.strong, scoring.strongSignals.strong), Math.min(signals.medium, scoring.strongSignals.medium)];
    const truths = [...open].map((p) => (evaluateCondition(p, context) ? 1 : 0)).join('');
    return JSON.stringify([
      current,
      [...visited].sort(),
      truths,
      Object.entries(sums).sort(),
      negative,
      knockouts,
      rating,
      outcomes,
    ]);
  };
}

/**
 * Walks every path through a flow with representative answers — each option of a choice,
 * single options and all of them for a multiple choice, the numbers at the edges of every band
 * and comparison, business and personal e-mail addresses — and groups the combinations by the
 * path they take. Answers that every condition and scoring rule treats alike are tried once:
 * they cannot lead anywhere else or score differently.
 */
export function explorePaths(flow: Flow, options: ExploreOptions): Exploration {
  const conditionsOn = new Map<string, Predicate[]>();
  for (const condition of allConditions(flow))
    for (const p of conditionInputs(condition))
      if ('answer' in p) conditionsOn.set(p.answer, [...(conditionsOn.get(p.answer) ?? []), p]);
  const personalDomains = flow.scoring?.personalDomains;
  const criteriaCount = resolveScoring(flow).criteria.length;

  /** What an answer changes: the truth of every predicate on its question and the points of every criterion. */
  const signature = (question: string, value: Candidate) => {
    const answers = value === undefined ? {} : { [question]: value };
    const context = { answers, hidden: options.hidden, score: () => ({}), personalDomains };
    const truths = (conditionsOn.get(question) ?? []).map((p) => evaluateCondition(p, context));
    // The trace starts with one entry per criterion, in order: its points after the criterion's cap.
    const points = scoreLead(flow, answers, { hidden: options.hidden }).trace.slice(0, criteriaCount).map((entry) => entry.points);
    return JSON.stringify([truths, points]);
  };

  const crowdedSteps: string[] = [];
  /** Per step, the combinations of its questions' distinct answers. */
  const combinationsOf = new Map<string, Array<Array<[string, Candidate]>>>();
  for (const step of flow.steps) {
    if (step.type === 'end') continue;
    let crowded = false;
    const perQuestion = questionsOf(step).map((question) => {
      const raw = rawCandidates(flow, step, question, conditionsOn.get(question) ?? []);
      if (isOptional(step, question)) raw.push(undefined);
      const kept = new Map<string, Candidate>();
      for (const value of raw) {
        if (value !== undefined && validateStep(step, { [question]: value }, flow.scoring?.personalDomains).some((issue) => issue.question === question)) continue;
        const key = signature(question, value);
        if (!kept.has(key)) kept.set(key, value);
      }
      if (kept.size > MAX_CANDIDATES) crowded = true;
      // A required question none of whose tries passed its checks, or a `matches` rule no try
      // satisfies (no answer could be made up for the pattern): the paths behind it are untried.
      const tried = [...kept.values()].filter((value) => value !== undefined);
      if (!isOptional(step, question) && !tried.length) crowded = true;
      // (A choice's options are all tried: if none matches, the rule just never holds.)
      const choice = 'options' in step && question === step.id;
      for (const p of conditionsOn.get(question) ?? [])
        if (!choice && p.matches !== undefined && !tried.some((value) => testPattern(p.matches!, String(value)))) crowded = true;
      return [...kept.values()].slice(0, MAX_CANDIDATES).map((value): [string, Candidate] => [question, value]);
    });
    let combos: Array<Array<[string, Candidate]>> = [[]];
    for (const answers of perQuestion) {
      combos = combos.flatMap((combo) => answers.map((answer) => [...combo, answer]));
      if (combos.length > MAX_STEP_COMBINATIONS) {
        crowded = true;
        combos = combos.slice(0, MAX_STEP_COMBINATIONS);
      }
    }
    if (crowded) crowdedSteps.push(step.id);
    combinationsOf.set(step.id, combos);
  }

  const stateKey = stateKeyOf(flow, options.hidden);

  interface Outcome {
    steps: string[];
    back: boolean;
    combinations: number;
    min: number;
    max: number;
    tiers: Set<Tier>;
    routes: Set<string>;
    knockouts: Set<string>;
  }
  type Outcomes = Map<string, Outcome>;
  const outcomeKey = (steps: readonly string[], back: boolean) => `${steps.join(' ')}${back ? ' (back)' : ''}`;
  const merge = (into: Outcomes, prefix: string, child: Outcome) => {
    const steps = [prefix, ...child.steps];
    const key = outcomeKey(steps, child.back);
    const found = into.get(key);
    if (!found) return void into.set(key, { ...child, steps, tiers: new Set(child.tiers), routes: new Set(child.routes), knockouts: new Set(child.knockouts) });
    found.combinations += child.combinations;
    found.min = Math.min(found.min, child.min);
    found.max = Math.max(found.max, child.max);
    for (const tier of child.tiers) found.tiers.add(tier);
    for (const route of child.routes) found.routes.add(route);
    for (const knockout of child.knockouts) found.knockouts.add(knockout);
  };

  const memo = new Map<string, Outcomes>();
  let states = 0;
  let cutShort: Exploration['cutShort'];

  /** The paths from the current step on, depth-first; a step already on the path ends it ("back"). */
  const explore = (state: FlowState): Outcomes => {
    const key = options.merge === false ? undefined : stateKey(state);
    const known = key === undefined ? undefined : memo.get(key);
    if (known) return known;
    const step = currentStep(flow, state);
    const outcomes: Outcomes = new Map();
    if (step.type === 'end') {
      const score = scoreLead(flow, pathAnswers(flow, state), { hidden: state.hidden });
      outcomes.set(step.id, {
        steps: [step.id],
        back: false,
        combinations: 1,
        min: score.total,
        max: score.total,
        tiers: new Set([score.tier]),
        routes: new Set([score.route]),
        knockouts: new Set(score.knockouts),
      });
      if (key !== undefined) memo.set(key, outcomes);
      return outcomes;
    }
    for (const combo of combinationsOf.get(step.id)!) {
      if (states >= options.maxStates) cutShort ??= 'states';
      if (cutShort) return outcomes;
      states++;
      let next = state;
      for (const [question, value] of combo) next = setAnswer(next, question, value);
      const moved = nextStep(flow, next);
      if (!moved.ok) continue;
      const target = currentStep(flow, moved.value).id;
      const children: Outcomes = state.history.includes(target)
        ? new Map([[target, { steps: [target], back: true, combinations: 1, min: NaN, max: NaN, tiers: new Set(), routes: new Set(), knockouts: new Set() }]])
        : explore(moved.value);
      for (const child of children.values()) merge(outcomes, step.id, child);
      if (outcomes.size > options.maxPaths) cutShort ??= 'paths';
    }
    if (!cutShort && key !== undefined) memo.set(key, outcomes);
    return outcomes;
  };
  const all = [...explore(startFlow(flow, options.hidden)).values()];
  const toGroup = (o: (typeof all)[number]): PathGroup => ({
    steps: o.steps,
    ending: o.back ? undefined : o.steps.at(-1),
    combinations: o.combinations,
    total: o.back ? undefined : { min: o.min, max: o.max },
    tiers: [...o.tiers],
    routes: [...o.routes],
    knockouts: [...o.knockouts],
  });
  // The last merge may pass the limit: at most `maxPaths` are listed, while the counts and the
  // endings reached take in every path found, so the summary agrees with what was tried.
  const found = all.map(toGroup);
  const paths = found.slice(0, options.maxPaths);
  const combinations = found.reduce((sum, path) => sum + path.combinations, 0);
  const reached = new Set(found.map((path) => path.ending));
  const endingsNotReached = flow.steps.filter((step) => step.type === 'end' && !reached.has(step.id)).map((step) => step.id);
  return { paths, combinations, states, cutShort, crowdedSteps, endingsNotReached };
}
