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

/** Every property name the flow format knows, to suggest one for a misspelt key. */
function knownKeys(schema: z.core.$ZodType): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    const shape = def['shape'] as Record<string, unknown> | undefined;
    for (const key of Object.keys(shape ?? {})) {
      names.add(key);
      walk(shape![key]);
    }
    for (const key of ['innerType', 'element', 'valueType', 'catchall']) walk(def[key]);
    for (const option of (def['options'] as unknown[] | undefined) ?? []) walk(option);
  };
  walk(schema);
  return [...names];
}

type Translate = (issue: ZodIssue, path: JsonPath, input: unknown, schema: z.core.$ZodType) => Issue;

/**
 * Load issues per zod issue code: zod/mini ships no message locale (that keeps the bundle
 * small), and "Invalid input" would not tell anyone what to change.
 */
const translations: Partial<Record<ZodIssue['code'], Translate>> = {
  invalid_type(issue, path, input) {
    const got = valueAt(input, path);
    const { expected } = issue as { expected: string };
    return got === undefined ? loadIssue('missing', path, { expected }) : loadIssue('invalid_type', path, { expected, got });
  },
  unrecognized_keys(issue, path, _input, schema) {
    const key = (issue as { keys: string[] }).keys[0]!;
    return loadIssue('unknown_property', [...path, key], { key }, __LEADFLOW_EXPLAIN__ ? knownKeys(schema) : []);
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
 * matches (an unknown `type` is reported as such), otherwise the one with fewest complaints.
 */
function unionIssues(errors: ZodIssue[][], path: JsonPath, input: unknown): ZodIssue[] | Issue {
  const aboutType = (branch: ZodIssue[]) => branch.some((i) => i.path.length === 1 && i.path[0] === 'type');
  const value = valueAt(input, path);
  if (value && typeof value === 'object' && errors.length && errors.every(aboutType)) {
    const type = (value as Record<string, unknown>)['type'];
    return loadIssue('unknown_type', [...path, 'type'], { type }, Object.keys(stepKinds));
  }
  const candidates = errors.some(aboutType) ? errors.filter((branch) => !aboutType(branch)) : errors;
  return [...candidates].sort((a, b) => a.length - b.length)[0] ?? [];
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
  return [translations[issue.code]?.(issue, path, input, schema) ?? loadIssue('refused', path, { reason: issue.message })];
}
