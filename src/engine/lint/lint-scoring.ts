import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue, JsonPath } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';
import type { Criterion, Tiers } from '../schema/scoring.ts';
import type { StepType } from '../schema/step.ts';
import { presets } from '../scoring/presets.ts';
import { named, resolveScoring } from '../scoring/resolve-scoring.ts';
import { questionsOf } from '../step-kinds.ts';

/** Reports an unknown question or option; returns the question's step type when it exists. */
export type ReferenceCheck = (
  question: string,
  path: JsonPath,
  options?: { values: readonly unknown[]; at: JsonPath[] },
) => StepType | undefined;

/** Which kinds of question each form of criterion can score; any other always gives 0. */
const CHOICES: readonly StepType[] = ['single_choice', 'multiple_choice', 'dropdown'];
/** Kinds whose answer is a number. */
const NUMBERS: readonly StepType[] = ['number', 'range', 'rating'];
const FORMS = {
  // A number's answer is looked up as text too: `{ "5": 10 }` scores a 5 on a rating.
  options: { types: [...CHOICES, ...NUMBERS], hint: 'points per option need a choice, dropdown, or (keyed by number) a rating, range or number question' },
  bands: { types: NUMBERS, hint: 'bands need a number, range or rating question' },
  levels: { types: [...CHOICES, ...NUMBERS], hint: 'evidence levels per option need a choice, dropdown, or (keyed by number) a rating, range or number question' },
  rating: { types: NUMBERS, hint: 'without "levels", an evidence criterion reads a number (a 0–3 rating); add "levels" for a choice' },
} as const;

/** The highest answer a number question allows, if it says. */
const highest = (step: Flow['steps'][number] | undefined) => (step && 'max' in step && typeof step.max === 'number' ? step.max : undefined);

/**
 * Tier ranges must meet: each tier's `max` one below the next tier's `min` (totals are whole
 * numbers unless a rule gives fractions), mins rising. A gap leaves totals in no tier; an
 * overlap puts them in two.
 */
export function checkTiers(tiers: Tiers, issues: Issue[]): void {
  if (tiers.hot.max !== undefined && tiers.hot.max < tiers.hot.min)
    issues.push({ code: 'range_order', path: ['scoring', 'tiers', 'hot', 'max'], message: `hot ends at ${tiers.hot.max}, below where it starts (${tiers.hot.min})`, hint: 'remove "max": hot has no upper end' });
  const ranges = [['cold', { min: -Infinity, ...tiers.cold }], ['warm', tiers.warm], ['hot', tiers.hot]] as const;
  for (let i = 0; i < 2; i++) {
    const [lowerName, lower] = ranges[i]!;
    const [upperName, upper] = ranges[i + 1]!;
    const path = ['scoring', 'tiers', upperName, 'min'];
    if (upper.min <= lower.min) {
      issues.push({ code: 'tier_order', path, message: `${upperName} starts at ${upper.min}, not above ${lowerName} (${lower.min})`, hint: 'the defaults are warm from 31, hot from 61' });
      continue;
    }
    if (lower.max === undefined) continue;
    if (lower.max >= upper.min)
      issues.push({
        code: 'tier_overlap',
        path: ['scoring', 'tiers', lowerName, 'max'],
        message: `${lowerName} (up to ${lower.max}) overlaps ${upperName} (from ${upper.min})`,
        hint: `set ${lowerName}.max to ${upper.min - 1}`,
      });
    else if (lower.max + 1 < upper.min)
      issues.push({
        code: 'tier_gap',
        path: ['scoring', 'tiers', lowerName, 'max'],
        message: `gap: totals above ${lower.max} and below ${upper.min} are in no tier`,
        hint: `set ${lowerName}.max to ${upper.min - 1} or ${upperName}.min to ${lower.max + 1}`,
      });
  }
}

/**
 * The scoring block's own references: answers and options named by criteria, dimensions
 * that exist, evidence criteria that can give points, ids used once, `omit` naming preset
 * rules, routing rows that can be reached. Conditions are checked with the flow's others.
 */
export function checkScoring(flow: Flow, issues: Issue[], reference: ReferenceCheck): void {
  const scoring = flow.scoring;
  if (!scoring) return;
  const resolved = resolveScoring(flow);
  const dimensions = Object.keys(resolved.dimensions);
  // Each question's step, looked up once: a flow of 10,000 steps has as many criteria.
  const stepOf = new Map(flow.steps.flatMap((step) => questionsOf(step).map((question) => [question, step] as const)));
  scoring.criteria?.forEach((criterion, i) => {
    const path = ['scoring', 'criteria', i];
    if (criterion.dimension && !dimensions.includes(criterion.dimension))
      issues.push({
        code: 'unknown_dimension',
        path: [...path, 'dimension'],
        message: `unknown dimension "${criterion.dimension}"`,
        hint: dimensions.length ? suggestName(criterion.dimension, dimensions) : 'declare it under scoring.dimensions, or "extend" a framework',
      });
    if (!('answer' in criterion)) return;
    const table = 'options' in criterion ? criterion.options : 'levels' in criterion ? criterion.levels : undefined;
    const key = 'options' in criterion ? 'options' : 'levels';
    const values = Object.keys(table ?? {});
    const type = reference(criterion.answer, [...path, 'answer'], { values, at: values.map((v) => [...path, key, v]) });
    const form = FORMS['options' in criterion ? 'options' : 'bands' in criterion ? 'bands' : 'levels' in criterion ? 'levels' : 'rating'];
    if (type && !(form.types as readonly StepType[]).includes(type))
      issues.push({ code: 'criterion_form', path: [...path, 'answer'], message: `question "${criterion.answer}" is a ${type} question, so this criterion always gives 0 points`, hint: form.hint });
    const step = stepOf.get(criterion.answer);
    if (type && NUMBERS.includes(type)) {
      // Keys of a number question's table are its answers written out: a word never matches.
      for (const value of values)
        if (!Number.isFinite(Number(value)) || String(Number(value)) !== value)
          issues.push({ code: 'unknown_option', path: [...path, key, value], message: `question "${criterion.answer}" answers with a number, so "${value}" never matches`, hint: 'key the points by the numbers it answers, e.g. "5"' });
      // Without `levels`, the answer is the evidence level itself, kept to 0–3: on a 1–5 scale
      // a 3, 4 and 5 would all count as proven.
      const max = highest(step);
      if (!('bands' in criterion) && !table && (max === undefined || max > 3))
        issues.push({
          code: 'evidence_scale',
          path: [...path, 'answer'],
          message: `question "${criterion.answer}" answers up to ${max ?? 'any number'}, but without "levels" the answer is the evidence level (0–3): everything from 3 up counts as proven`,
          hint: 'map its answers to levels, e.g. "levels": { "1": 0, "2": 1, "3": 2, "4": 3, "5": 3 }, or score it with "bands"',
          severity: 'warning',
        });
    }
    // A band with its bounds swapped contains no number: it silently gives nothing.
    if ('bands' in criterion)
      criterion.bands.forEach((band, k) => {
        if (band.min !== undefined && band.max !== undefined && band.min > band.max)
          issues.push({ code: 'range_order', path: [...path, 'bands', k, 'min'], message: `${band.min} is greater than ${band.max}, so no answer falls in this band`, hint: 'swap "min" and "max"' });
      });
    if (!('bands' in criterion) && !('options' in criterion) && !(criterion.weight ?? resolved.dimensions[criterion.dimension ?? '']?.weight))
      issues.push({ code: 'no_weight', path, message: 'this evidence criterion has no weight, so it always gives 0 points', hint: 'add "weight", or put it in a dimension that has one' });
  });
  // Criteria without an id are named by their question: two on one question need ids.
  const seen = new Map<string, string>();
  for (const list of ['criteria', 'negative', 'knockouts', 'signals'] as const)
    scoring[list]?.forEach((rule, i) => {
      const id = list === 'criteria' ? named(rule as Criterion, i).id : rule.id!;
      const first = seen.get(id);
      if (first)
        issues.push({
          code: 'duplicate_id',
          path: ['scoring', list, i, ...(rule.id ? ['id'] : [])],
          message: `duplicate rule id "${id}" (first used at ${first})`,
          hint: rule.id ? 'ids must be unique: rename one of them' : 'give each criterion on the same question its own "id"',
        });
      else seen.set(id, `scoring.${list}[${i}]`);
    });
  scoring.criteria?.forEach((criterion, i) => {
    const dimension = criterion.dimension && resolved.dimensions[criterion.dimension];
    if (dimension && criterion.kind && criterion.kind !== (dimension.kind ?? 'fit'))
      issues.push({
        code: 'kind_conflict',
        path: ['scoring', 'criteria', i, 'kind'],
        message: `the criterion says "${criterion.kind}", but its dimension "${criterion.dimension}" counts as "${dimension.kind ?? 'fit'}", which wins`,
        hint: 'remove "kind", or move the criterion to a dimension of that kind',
      });
  });
  const base = scoring.extend ? presets[scoring.extend] : undefined;
  const presetIds = base ? [...base.criteria, ...base.negative, ...base.signals].map((rule) => rule.id!) : [];
  // A flow rule replaces the preset rule of the same id only in the same list.
  if (base)
    for (const list of ['criteria', 'negative', 'signals'] as const)
      scoring[list]?.forEach((rule, i) => {
        if (!rule.id || scoring.omit?.includes(rule.id)) return;
        const owner = (['criteria', 'negative', 'signals'] as const).find((other) => other !== list && base[other].some((p) => p.id === rule.id));
        if (owner)
          issues.push({
            code: 'duplicate_id',
            path: ['scoring', list, i, 'id'],
            message: `"${rule.id}" is one of the preset's ${owner === 'negative' ? 'negative rules' : owner}, so this does not replace it: both apply`,
            hint: `rename it, or add "${rule.id}" to "omit" and keep this one`,
          });
      });
  scoring.omit?.forEach((id, i) => {
    if (!presetIds.includes(id))
      issues.push({
        code: 'unknown_rule',
        path: ['scoring', 'omit', i],
        message: base ? `the preset "${scoring.extend}" has no rule "${id}"` : '"omit" drops preset rules, but this scoring extends no preset',
        hint: base ? suggestName(id, presetIds) : 'add "extend" or remove "omit"',
      });
  });
  // The ranges as merged over the defaults: a flow may change one bound and clash with a default.
  if (scoring.tiers) checkTiers(resolved.tiers, issues);
  const catchAll = scoring.routes?.findIndex((row) => !row.tier && !row.signals && !row.when) ?? -1;
  if (catchAll >= 0 && catchAll < scoring.routes!.length - 1)
    issues.push({
      code: 'unreachable_route',
      path: ['scoring', 'routes', catchAll + 1],
      message: `routes[${catchAll}] matches every lead, so the rows after it are never used`,
      hint: 'move the row without conditions to the end',
    });
}
