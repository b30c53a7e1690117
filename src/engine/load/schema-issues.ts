import type * as z from 'zod/mini';
import type { Issue, JsonPath } from '../../shared/issue.ts';
import { suggestName } from '../../shared/did-you-mean.ts';
import { stepKinds } from '../step-kinds.ts';

type ZodIssue = z.core.$ZodIssue;

function valueAt(root: unknown, path: JsonPath): unknown {
  let value = root;
  for (const key of path) value = value == null ? undefined : (value as Record<string | number, unknown>)[key];
  return value;
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : value === undefined ? 'nothing' : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;

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
    if (shape) {
      for (const key of Object.keys(shape)) {
        names.add(key);
        walk(shape[key]);
      }
    }
    for (const key of ['innerType', 'element', 'valueType', 'in', 'out']) walk(def[key]);
    for (const option of (def['options'] as unknown[] | undefined) ?? []) walk(option);
  };
  walk(schema);
  return [...names];
}

type Translate = (issue: ZodIssue, path: JsonPath, input: unknown, schema: z.core.$ZodType) => Omit<Issue, 'path'> & { path?: JsonPath };

/**
 * Marketer-facing messages per zod issue code: zod/mini ships no message locale (that keeps
 * the bundle small), and "Invalid input" would not tell anyone what to change.
 */
const translations: Partial<Record<ZodIssue['code'], Translate>> = {
  invalid_type(issue, path, input) {
    const got = valueAt(input, path);
    const expected = (issue as { expected: string }).expected;
    if (got === undefined) return { code: 'missing', message: `required property is missing (expected ${expected})`, hint: 'add it' };
    return { code: 'invalid_type', message: `expected ${expected}, got ${describe(got)}` };
  },
  unrecognized_keys(issue, path, _input, schema) {
    const keys = (issue as { keys: string[] }).keys;
    const key = keys[0]!;
    return {
      code: 'unknown_property',
      path: [...path, key],
      message: `unknown property "${key}"`,
      hint: `${suggestName(key, knownKeys(schema))} (remove it or fix the spelling)`,
    };
  },
  too_small(issue) {
    const { minimum, origin } = issue as { minimum: number; origin: string };
    if (origin === 'array') return { code: 'too_small', message: `needs at least ${minimum} item${minimum === 1 ? '' : 's'}` };
    if (origin === 'string') return { code: 'too_small', message: 'must not be empty' };
    return { code: 'too_small', message: `must be at least ${minimum}` };
  },
  too_big(issue) {
    return { code: 'too_big', message: `must be at most ${(issue as { maximum: number }).maximum}` };
  },
  invalid_format(issue, path, input) {
    const got = JSON.stringify(valueAt(input, path));
    if (path[path.length - 1] === 'id' || (issue as { pattern?: string }).pattern?.includes('[\\w-]'))
      return {
        code: 'invalid_id',
        message: `${got} is not a valid id`,
        hint: 'start with a letter; use letters, digits, "_" or "-" only',
      };
    return { code: 'invalid_format', message: `${got} has the wrong format` };
  },
  invalid_value(issue, path, input) {
    const values = (issue as { values: unknown[] }).values.map((v) => JSON.stringify(v));
    return {
      code: 'invalid_value',
      message: `${JSON.stringify(valueAt(input, path))} is not allowed`,
      hint: `use one of ${values.join(', ')}`,
    };
  },
  custom(issue) {
    return { code: 'invalid_value', message: issue.message };
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
    const got = (value as Record<string, unknown>)['type'];
    return {
      code: 'unknown_type',
      path: [...path, 'type'],
      message: got === undefined ? '"type" is missing' : `unknown type ${JSON.stringify(got)}`,
      hint: suggestName(String(got ?? ''), Object.keys(stepKinds)),
    };
  }
  const candidates = errors.some(aboutType) ? errors.filter((branch) => !aboutType(branch)) : errors;
  return [...candidates].sort((a, b) => a.length - b.length)[0] ?? [];
}

export function translateIssues(issue: ZodIssue, input: unknown, schema: z.core.$ZodType): Issue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'invalid_union') {
    const branch = unionIssues(issue.errors, path, input);
    if (!Array.isArray(branch)) return [branch];
    // A branch's issues are relative to the union, so they are re-rooted at the union's path.
    if (branch.length) return branch.flatMap((i) => translateIssues({ ...i, path: [...path, ...i.path] }, input, schema));
    return [{ code: 'invalid_value', path, message: 'this value matches none of the allowed forms' }];
  }
  const translated = translations[issue.code]?.(issue, path, input, schema) ?? { code: issue.code, message: issue.message };
  return [{ ...translated, path: translated.path ?? path }];
}
