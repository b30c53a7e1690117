import { conditionInputs } from '../flow-conditions.ts';
import type { Condition } from '../schema/condition.ts';
import type { Flow } from '../schema/flow.ts';
import type { Criterion, Dimension, NegativeRule, Route, Signal, Tiers, Knockout } from '../schema/scoring.ts';
import { questionsOf } from '../step-kinds.ts';
import { personalDomains, type DomainOverrides } from './personal-domains.ts';
import { BLANK, presets } from './presets.ts';

/** A criterion with its id settled: the id names it in the trace and in `criteria`. */
export type NamedCriterion = Criterion & { id: string };

/** A flow's scoring with its preset applied: what `scoreLead` runs. */
export interface ResolvedScoring {
  dimensions: Record<string, Dimension>;
  criteria: NamedCriterion[];
  negative: NegativeRule[];
  knockouts: Knockout[];
  tiers: Tiers;
  signals: Signal[];
  strongSignals: { strong: number; medium: number };
  routes: Route[];
  personalDomains: DomainOverrides;
  /** `flow@version:hash`: which scoring produced a result, so a server can tell when it changed. */
  readonly configVersion: string;
}

/** The flow's entries replace the preset's with the same id; the rest of the preset stays, in its order. */
function merge<T extends { id?: string }>(base: readonly T[], own: readonly T[] = [], omit: readonly string[]): T[] {
  const mine = new Set(own.map((entry) => entry.id));
  return [...base.filter((entry) => !mine.has(entry.id) && !omit.includes(entry.id!)), ...own];
}

/**
 * JSON with every object's keys sorted: the same rules written in another key order give the
 * same text. (Arrays keep their order: routes are tried first to last.)
 */
const canonicalJson = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

/** FNV-1a: a short, stable fingerprint of the declared scoring; not a security measure. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}

/** A flow's criterion without an id is named by its question, or else by its place in the flow. */
export const named = (criterion: Criterion, i: number): NamedCriterion => ({
  ...criterion,
  id: criterion.id ?? ('answer' in criterion ? criterion.answer : `criteria[${i}]`),
});

/** Declaring a preset's dimension again changes only what it says (`{ "weight": 40 }` keeps the kind and cap). */
const mergeDimensions = (base: Record<string, Dimension>, own: Record<string, Dimension> = {}) => {
  const merged = { ...base };
  for (const [id, dimension] of Object.entries(own)) merged[id] = { ...base[id], ...dimension };
  return merged;
};

const resolved = new WeakMap<Flow, ResolvedScoring>();
const reads = new WeakMap<Flow, Set<string>>();

/**
 * The questions a flow's scoring reads, in criteria, rules, signals and knock-outs (memoized
 * per flow): an answer to any other question cannot change the score.
 */
export function scoredQuestions(flow: Flow): Set<string> {
  const known = reads.get(flow);
  if (known) return known;
  const questions = new Set<string>();
  const visit = (value: unknown): void => {
    if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) key === 'answer' && typeof inner === 'string' ? questions.add(inner) : visit(inner);
  };
  const { criteria, negative, knockouts, signals, routes } = resolveScoring(flow);
  visit([criteria, negative, knockouts, signals, routes]);
  reads.set(flow, questions);
  return questions;
}

/**
 * The flow's scoring with its preset applied, memoized per flow (a pure function of an
 * immutable flow). A preset rule applies only when the flow asks the question or declares
 * the hidden field it reads, so a BANT flow without a `visits` field is not checked for one.
 */
export function resolveScoring(flow: Flow): ResolvedScoring {
  let result = resolved.get(flow);
  if (result) return result;
  const own = flow.scoring ?? {};
  const base = own.extend ? presets[own.extend] : BLANK;
  const omit = own.omit ?? [];
  const questions = new Set(flow.steps.flatMap(questionsOf));
  const hidden = flow.hidden ?? [];
  const applies = (when: Condition) =>
    conditionInputs(when).every((p) => ('answer' in p ? questions.has(p.answer) : 'hidden' in p ? hidden.includes(p.hidden) : true));
  const fromPreset = <T extends { when: Condition }>(rules: readonly T[]) => rules.filter((rule) => applies(rule.when));
  const rules = {
    dimensions: mergeDimensions(base.dimensions, own.dimensions),
    criteria: merge<NamedCriterion>(fromPreset(base.criteria as Array<NamedCriterion & { when: Condition }>), own.criteria?.map(named), omit),
    negative: merge(fromPreset(base.negative), own.negative, omit),
    knockouts: own.knockouts ?? [],
    tiers: {
      cold: { ...base.tiers.cold, ...own.tiers?.cold },
      warm: { ...base.tiers.warm, ...own.tiers?.warm },
      hot: { ...base.tiers.hot, ...own.tiers?.hot },
    },
    signals: merge(fromPreset(base.signals), own.signals, omit),
    strongSignals: { ...(base.strongSignals as ResolvedScoring['strongSignals']), ...own.strongSignals },
    routes: own.routes ?? base.routes,
    personalDomains: own.personalDomains ?? {},
    configVersion: '',
  };
  // Everything that decides a score: the resolved rules (which preset rules apply depends on
  // the questions and hidden fields) and the built-in list of personal domains. Worked out when
  // a score first reads it: building and hashing the list took ~3 ms of the first step.
  let version: string | undefined;
  result = Object.defineProperty({ ...rules }, 'configVersion', {
    enumerable: true,
    get: () => (version ??= `${flow.id}@${flow.version}:${fingerprint(canonicalJson([rules, personalDomains()]))}`),
  });
  resolved.set(flow, result);
  return result;
}
