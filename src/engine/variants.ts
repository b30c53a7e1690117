import { formatPath, type Issue, type JsonPath } from '../shared/issue.ts';
import { loadIssue } from './load/load-issues.ts';
import type { Flow } from './schema/flow.ts';
import type { Variant } from './schema/variant.ts';

/**
 * A variant drawn by weight: `random()` in [0, 1) picks a point on the weights laid end to
 * end. Undefined when no variant has any weight. Pure: tests pass a seeded `random`.
 */
export function pickVariant<V extends { weight: number }>(variants: readonly V[], random: () => number): V | undefined {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (!(total > 0)) return undefined;
  let point = random() * total;
  for (const variant of variants) {
    if (variant.weight > 0 && point < variant.weight) return variant;
    point -= variant.weight;
  }
  // Rounding left the point past the end: the last variant that can be drawn.
  // Not findLast (Chrome 97, Firefox 104), which the script tag's browsers may lack.
  return [...variants].reverse().find((v) => v.weight > 0);
}

/**
 * The flow as an overriding variant shows it, before validation: the variant's `title`,
 * `theme`, `autoAdvance` and step properties laid over the flow's, the experiment itself
 * removed. `loadFlow` checks the result like any flow.
 */
export function applyVariant(flow: Flow, variant: Variant): Record<string, unknown> {
  const { variants: _experiment, ...base } = flow;
  const { title, theme, autoAdvance, steps: patches = {} } = variant;
  return {
    ...base,
    ...(title !== undefined && { title }),
    ...(theme !== undefined && { theme }),
    ...(autoAdvance !== undefined && { autoAdvance }),
    // The id stays: gotos, answers and scoring refer to it.
    steps: flow.steps.map((step) => (Object.hasOwn(patches, step.id) ? { ...step, ...patches[step.id], id: step.id } : step)),
  };
}

/**
 * What the variants themselves get wrong: ids used twice, no weight at all, a variant that
 * both names a file and overrides parts, overrides of steps the flow does not have. Whether
 * each override leaves a valid flow is checked by `loadFlow` with `variantIssues`.
 */
export function checkVariants(flow: Flow): Issue[] {
  const variants = flow.variants ?? [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const stepIds = flow.steps.map((s) => s.id);
  variants.forEach((variant, i) => {
    const first = seen.get(variant.id);
    if (first !== undefined) issues.push(loadIssue('duplicate_id', ['variants', i, 'id'], { kind: 'variant', id: variant.id, first: `variants[${first}]` }));
    else seen.set(variant.id, i);
    const overrides = (['title', 'theme', 'autoAdvance', 'steps'] as const).filter((key) => variant[key] !== undefined);
    if (variant.flow !== undefined && overrides.length)
      issues.push(loadIssue('variant_conflict', ['variants', i, overrides[0]!], { id: variant.id, file: variant.flow, key: overrides[0]! }));
    for (const stepId of Object.keys(variant.steps ?? {}))
      if (!stepIds.includes(stepId)) issues.push(loadIssue('unknown_step', ['variants', i, 'steps', stepId], { id: stepId }, stepIds));
  });
  if (variants.length && !variants.some((v) => v.weight > 0))
    issues.push(loadIssue('no_weight', ['variants'], {}));
  return issues;
}

/**
 * Issues of a variant's version of the flow, moved to where the marketer wrote the change:
 * `steps[2].title` of the merged flow is `variants[1].steps.budget.title` when the variant
 * set that title; anything else is reported on the variant, naming the merged path.
 */
export function variantIssues(flow: Flow, index: number, merged: readonly Issue[]): Issue[] {
  const variant = flow.variants![index]!;
  return merged.map((found) => {
    const [root, position, key, ...rest] = found.path;
    const step = root === 'steps' && typeof position === 'number' ? flow.steps[position] : undefined;
    const patch = step && variant.steps?.[step.id];
    // A changed property is named where the variant set it; a top-level one (title, theme)
    // likewise; anything else at the changed step's entry, or on the variant, saying where.
    const exact: JsonPath | undefined =
      patch && typeof key === 'string' && Object.hasOwn(patch, key)
        ? ['variants', index, 'steps', step.id, key, ...rest]
        : root !== 'steps' && typeof root === 'string' && root in variant
          ? ['variants', index, ...found.path]
          : undefined;
    const path = exact ?? (patch ? ['variants', index, 'steps', step.id] : ['variants', index]);
    const where = exact ? '' : `with variant "${variant.id}", ${formatPath(found.path)}: `;
    return { ...found, path, message: where + found.message };
  });
}
