import type * as z from 'zod/mini';
import type { Issue, JsonPath } from '../../shared/issue.ts';
import { stepKinds } from '../step-kinds.ts';
import type { ConstraintIssue } from '../schema/constraints.ts';
import { loadIssue, type LoadIssueCode } from './load-issues.ts';

type ZodIssue = z.core.$ZodIssue;

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const key of path) value = value == null ? undefined : (value as Record<string | number, unknown>)[key];
  return value;
}

type Def = Record<string, unknown> & { type?: string };
const defOf = (node: unknown): Def | undefined => (node as { _zod?: { def?: Def } } | undefined)?._zod?.def;
const shapeOf = (def: Def | undefined) => def?.['shape'] as Record<string, unknown> | undefined;
const isNever = (node: unknown): boolean => defOf(node)?.type === 'never' || (!!defOf(node)?.['innerType'] && isNever(defOf(node)!['innerType']));
/** The properties an object allows: not those it names only to refuse them. */
const allowedKeys = (def: Def | undefined) => Object.entries(shapeOf(def) ?? {}).flatMap(([key, value]) => (isNever(value) ? [] : [key]));

/**
 * The union branch that fits `value` best: the one with a literal `type` it names (step kinds),
 * else the object whose properties cover most of the value's.
 */
function branchFor(options: unknown[], value: unknown): unknown {
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  const fit = (option: unknown) => {
    const shape = shapeOf(defOf(option));
    if (!shape) return -Infinity;
    const literal = defOf(shape['type'])?.['values'] as unknown[] | undefined;
    if (literal && literal.includes((value as Record<string, unknown>)['type'])) return Infinity;
    const allowed = allowedKeys(defOf(option));
    // Then the fewest required properties missing: `{ answer, weigth }` is an evidence criterion.
    const missing = allowed.filter((key) => defOf(shape[key])?.type !== 'optional' && !keys.includes(key)).length;
    return (keys.filter((key) => allowed.includes(key)).length - keys.length) * 1000 - missing;
  };
  return options.reduce((best, option) => (fit(option) > fit(best) ? option : best));
}

/**
 * The property names allowed in the object at `path`, to suggest one for a misspelt key: the
 * schema is followed along the path, through optional values, lists, maps and unions (taking
 * the branch the value fits).
 */
function keysAt(schema: unknown, path: JsonPath, input: unknown): string[] {
  let node = schema;
  for (let depth = 0; depth <= path.length; ) {
    const def = defOf(node);
    if (!def) return [];
    if (def['innerType']) node = def['innerType'];
    else if (def['getter']) node = (def['getter'] as () => unknown)();
    else if (def.type === 'union') node = branchFor(def['options'] as unknown[], valueAt(input, path.slice(0, depth)));
    else if (depth === path.length) return allowedKeys(def);
    else {
      const key = path[depth++]!;
      node = shapeOf(def)?.[key] ?? def['catchall'] ?? def['element'] ?? def['valueType'];
    }
  }
  return [];
}

type Translate = (issue: ZodIssue, path: JsonPath, input: unknown, schema: z.core.$ZodType) => Issue | Issue[];

/** A property the object does not allow, each named with those it does allow there. */
const unknownProperties = (keys: string[], path: JsonPath, input: unknown, schema: z.core.$ZodType) => {
  const allowed = keysAt(schema, path, input);
  return keys.map((key) => loadIssue('unknown_property', [...path, key], { key }, allowed.filter((known) => known !== key)));
};

/**
 * Load issues per zod issue code: zod/mini ships no message locale (that keeps the bundle
 * small), and "Invalid input" would not tell anyone what to change.
 */
const translations: Partial<Record<ZodIssue['code'], Translate>> = {
  invalid_type(issue, path, input, schema) {
    const got = valueAt(input, path);
    const { expected } = issue as { expected: string };
    // A property one form of an object forbids by name (an evidence criterion's `options`).
    if (expected === 'never') return unknownProperties([String(path.at(-1))], path.slice(0, -1), input, schema);
    return got === undefined ? loadIssue('missing', path, { expected }) : loadIssue('invalid_type', path, { expected, got });
  },
  unrecognized_keys(issue, path, input, schema) {
    return unknownProperties((issue as { keys: string[] }).keys, path, input, schema);
  },
  invalid_value(issue, path, input) {
    return loadIssue('invalid_value', path, { value: valueAt(input, path), allowed: (issue as { values: unknown[] }).values });
  },
  custom(issue, path) {
    return loadIssue('refused', path, { reason: issue.message });
  },
};

/**
 * The issues of the union branch the author meant: for step kinds the one whose `type`
 * matches (an unknown `type` is reported as such), otherwise the one whose complaints are
 * least about its form — the value itself, or a property it lacks or does not allow — and
 * then the one with fewest: `{ "de": "…", "en": null }` is a locale map with a bad entry, not
 * a bad text.
 */
function unionIssues(errors: ZodIssue[][], path: JsonPath, input: unknown): ZodIssue[] | Issue {
  const aboutType = (branch: ZodIssue[]) => branch.some((i) => i.path.length === 1 && i.path[0] === 'type');
  const value = valueAt(input, path);
  if (value && typeof value === 'object' && errors.length && errors.every(aboutType)) {
    const type = (value as Record<string, unknown>)['type'];
    return loadIssue('unknown_type', [...path, 'type'], { type }, Object.keys(stepKinds));
  }
  const candidates = errors.some(aboutType) ? errors.filter((branch) => !aboutType(branch)) : errors;
  const aboutForm = (branch: ZodIssue[]) =>
    branch.filter(
      (i) =>
        !i.path.length ||
        i.code === 'unrecognized_keys' ||
        (i.path.length === 1 && ((i as { expected?: string }).expected === 'never' || valueAt(value, i.path as JsonPath) === undefined)),
    ).length;
  return [...candidates].sort((a, b) => aboutForm(a) - aboutForm(b) || a.length - b.length)[0] ?? [];
}

export function translateIssues(issue: ZodIssue, input: unknown, schema: z.core.$ZodType): Issue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // A step whose `type` names no kind: the discriminated union says which property decided.
  if (issue.code === 'invalid_union' && 'discriminator' in issue)
    return [loadIssue('unknown_type', path, { type: valueAt(input, path) }, Object.keys(stepKinds))];
  if (issue.code === 'invalid_union' && __LEADFLOW_EXPLAIN__) {
    const branch = unionIssues(issue.errors, path, input);
    if (!Array.isArray(branch)) return [branch];
    // A branch's issues are relative to the union, so they are re-rooted at the union's path.
    if (branch.length) return branch.flatMap((i) => translateIssues({ ...i, path: [...path, ...i.path] }, input, schema));
    return [loadIssue('no_match', path, {})];
  }
  const constraint = (issue as { params?: { issue?: ConstraintIssue } }).params?.issue;
  if (constraint) {
    const { code, quote, ...params } = constraint;
    return [loadIssue(code as LoadIssueCode, path, (quote ? { ...params, value: valueAt(input, path) } : params) as never)];
  }
  if (!__LEADFLOW_EXPLAIN__) {
    // The production script tag reports zod's own code and details: `schema "unrecognized_keys" ["titel"]`;
    // a value that fits none of the allowed forms (a step of no known kind) is named by its path alone.
    const { code, path: _path, message: _message, input: _input, inst: _inst, errors: _errors, ...details } = issue as ZodIssue & {
      inst?: unknown;
      errors?: unknown;
    };
    return [loadIssue('schema', path, { code, ...details })];
  }
  return [translations[issue.code]?.(issue, path, input, schema) ?? loadIssue('refused', path, { reason: issue.message })].flat();
}
