import * as z from 'zod/mini';
import type { Issue } from '../../shared/issue.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { flowSchema, type Flow } from '../schema/flow.ts';
import { applyVariant, checkVariants, variantIssues } from '../variants.ts';
import type { Variant } from '../schema/variant.ts';
import { checkIntegrity } from './check-integrity.ts';
import { loadIssue } from './load-issues.ts';
import { MAX_DEPTH, parseJson } from './parse-json.ts';
import { translateIssues } from './schema-issues.ts';

/**
 * Loads a flow from JSON text or an already parsed value, as the widget does: JSON, schema
 * and integrity (see `checkIntegrity`). Never throws for bad input: a broken flow comes back
 * as issues, each with the JSON path, what is wrong and how to fix it. `validateFlow` adds
 * the linter's checks on top.
 */
export function loadFlow(input: unknown): Result<Flow, Issue> {
  let data = input;
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    data = parsed.value;
  }
  let shape: ReturnType<typeof z.safeParse<typeof flowSchema>>;
  try {
    shape = z.safeParse(flowSchema, data);
  } catch (error) {
    // Only a value nested past the stack (an object handed over from JavaScript) gets here.
    if (!(error instanceof RangeError)) throw error;
    return fail([loadIssue('too_deep', [], { depth: MAX_DEPTH, where: '' })]);
  }
  if (!shape.success) return fail(shape.error.issues.flatMap((issue) => translateIssues(issue, data, flowSchema)));
  const flow = shape.data;
  const issues = [...checkIntegrity(flow), ...checkVariants(flow)];
  // A variant that breaks the flow would fail for part of the visitors only: refused up front.
  if (!issues.length)
    flow.variants?.forEach((variant, i) => {
      if (variant.flow !== undefined) return;
      const merged = loadVariant(flow, variant);
      if (!merged.ok) issues.push(...variantIssues(flow, i, merged.issues));
    });
  return issues.length ? fail(issues) : ok(flow);
}

/** Each variant's own flow, loaded once: `loadFlow` checks it, the widget then shows it. */
const variantFlows = new WeakMap<Variant, Result<Flow, Issue>>();

/**
 * The flow as an overriding variant of `flow` shows it, loaded and checked like any flow
 * (issues at the merged flow's paths; `variantIssues` moves them to the variant). A memo of a
 * pure function of immutable values, so loading, linting and showing a variant parse it once.
 */
export function loadVariant(flow: Flow, variant: Variant): Result<Flow, Issue> {
  let loaded = variantFlows.get(variant);
  if (!loaded) variantFlows.set(variant, (loaded = loadFlow(applyVariant(flow, variant))));
  return loaded;
}
