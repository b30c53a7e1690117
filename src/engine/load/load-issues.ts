import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue, JsonPath } from '../../shared/issue.ts';
import { quote } from '../../shared/quote.ts';

type Explain<P> = (params: P, known: readonly string[]) => [message: string, hint?: string];

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : value === undefined ? 'nothing' : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;

/** `"1"` where a number belongs, `"true"` where a yes/no does: a spreadsheet's or HTML's habit. */
const quotedValue = (expected: string, got: unknown): string | undefined =>
  typeof got === 'string' && { number: /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, boolean: /^(true|false)$/ }[expected]?.test(got.trim())
    ? // As JSON writes it: "+31" is 31, ".5" 0.5, "007" 7.
      `write ${expected === 'number' ? JSON.stringify(Number(got)) : got.trim()} without the quotes`
    : undefined;

/**
 * What each problem found while loading a flow means and how to fix it: one table, so every
 * message reads alike. `known` holds the names a misspelt one may have meant.
 */
const explanations = {
  invalid_json: (({ subject = 'the flow file', where = '', reason, hint = 'check for a missing comma or quote, or a trailing comma, near that place' }) => [
    `${subject} is not valid JSON${where} (${reason})`,
    hint || undefined,
  ]) as Explain<{ subject?: string; where?: string; reason: string; hint?: string }>,
  too_deep: (({ subject = 'the flow file', depth, where }) => [
    `${subject} is nested more than ${depth} levels deep${where}`,
    'a flow never needs that many levels: look for brackets that are never closed, or generated nesting',
  ]) as Explain<{ subject?: string; depth: number; where: string }>,
  missing: (({ expected }) => [`required property is missing (expected ${expected})`, 'add it']) as Explain<{ expected: string }>,
  invalid_type: (({ expected, got }) =>
    // The only number JSON gives that a number check refuses: one too large (1e400 reads as Infinity).
    typeof got === 'number' && !Number.isFinite(got)
      ? [`expected ${expected}, got a number too large to use (${got})`, 'numbers past about 1.8e308 read as infinity: write a smaller one, or leave it out']
      : [`expected ${expected}, got ${describe(got)}`, quotedValue(expected, got)]) as Explain<{ expected: string; got: unknown }>,
  unknown_property: (({ key }, known) => [
    `unknown property ${quote(key)}`,
    `${suggestName(key, known)} (remove it or fix the spelling)`,
  ]) as Explain<{ key: string }>,
  too_small: (({ minimum, origin }) => [
    origin === 'array'
      ? `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`
      : origin === 'string'
        ? 'must not be empty'
        : `must be at least ${minimum}`,
  ]) as Explain<{ minimum: number; origin: string }>,
  too_big: (({ maximum }) => [`must be at most ${maximum}`]) as Explain<{ maximum: number }>,
  not_whole: (() => ['must be a whole number']) as Explain<object>,
  invalid_id: (({ value, format }) => [`${quote(value)} is not a valid id`, format]) as Explain<{ value: unknown; format?: string }>,
  invalid_format: (({ value, format }) => [`${quote(value)} has the wrong format`, format]) as Explain<{ value: unknown; format?: string }>,
  invalid_value: (({ value, allowed }) => [
    `${quote(value)} is not allowed`,
    allowed ? `use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : undefined,
  ]) as Explain<{ value: unknown; allowed?: unknown[] }>,
  refused: (({ reason }) => [reason]) as Explain<{ reason: string }>,
  /** Only without explanations: zod's issue as it is. */
  schema: (({ code }) => [code]) as Explain<{ code: string }>,
  no_match: (() => ['this value matches none of the allowed forms']) as Explain<object>,
  unknown_type: (({ type }, known) => [
    type === undefined ? '"type" is missing' : `unknown type ${quote(type)}`,
    suggestName(String(type ?? ''), known),
  ]) as Explain<{ type: unknown }>,
  duplicate_id: (({ kind, id, first }) => [
    `duplicate ${kind} id "${id}" (first used at ${first})`,
    'ids must be unique: rename one of them',
  ]) as Explain<{ kind: string; id: string; first: string }>,
  unknown_step: (({ id }, known) => [`unknown step "${id}"`, suggestName(id, known)]) as Explain<{ id: string }>,
  range_order: (({ min, max }) => [`${min} is greater than ${max}`, `lower ${min} or raise ${max}`]) as Explain<{ min: string; max: string }>,
  unsafe_pattern: (({ reason }) => [
    `this regular expression is refused: ${reason}`,
    'simplify it (no repetition inside a repeated group, no back-references), or use "in" with a list of values',
  ]) as Explain<{ reason: string }>,
  variant_conflict: (({ id, file, key }) => [
    `variant "${id}" shows the flow file "${file}" as it is, so "${key}" would be ignored`,
    'remove "flow" to change parts of this flow, or make the changes in that file',
  ]) as Explain<{ id: string; file: string; key: string }>,
  no_weight: (() => [
    'every variant has weight 0, so no visitor could be assigned one',
    'give the variants positive weights, e.g. 1 and 1 for an even split',
  ]) as Explain<object>,
  no_ending: (() => ['the flow has no end step', 'add a step with "type": "end"']) as Explain<object>,
  starts_at_end: (() => ['the flow starts with an end step, so it asks nothing and sends no lead', 'put a question first']) as Explain<object>,
  falls_off_end: (({ id }) => [
    `the last step "${id}" has nowhere to go when no rule matches`,
    'add an end step after it, or a final rule without "if"',
  ]) as Explain<{ id: string }>,
};

export type LoadIssueCode = keyof typeof explanations;
type ParamsOf<C extends LoadIssueCode> = Parameters<(typeof explanations)[C]>[0];

/**
 * An issue found while loading a flow. In the production script tag the message is the code
 * and the values involved (`unknown_step "pricng"`); everywhere else it is the explanation.
 */
export function loadIssue<C extends LoadIssueCode>(code: C, path: JsonPath, params: ParamsOf<C>, known: readonly string[] = []): Issue {
  if (!__LEADFLOW_EXPLAIN__) {
    // A check's `format` is left out of this bundle: no "undefined" in its place.
    const values = Object.values(params).flatMap((value) => (value === undefined ? [] : ` ${JSON.stringify(value)}`));
    return { code, path, message: code + values.join('') };
  }
  const [message, hint] = (explanations[code] as Explain<ParamsOf<C>>)(params, known);
  return hint ? { code, path, message, hint } : { code, path, message };
}
