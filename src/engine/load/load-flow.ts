import * as z from 'zod/mini';
import type { Issue } from '../../shared/issue.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { flowSchema, type Flow } from '../schema/flow.ts';
import { checkReferences } from './check-references.ts';
import { parseJson } from './parse-json.ts';
import { translateIssue } from './schema-issues.ts';

/**
 * Loads a flow from JSON text or an already parsed value. Never throws for bad input: a
 * broken flow comes back as issues, each with the JSON path, what is wrong and how to fix it.
 */
export function loadFlow(input: unknown): Result<Flow, Issue> {
  let data = input;
  if (typeof input === 'string') {
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    data = parsed.value;
  }
  const shape = z.safeParse(flowSchema, data);
  if (!shape.success) return fail(shape.error.issues.map((issue) => translateIssue(issue, data, flowSchema)));
  const issues = checkReferences(shape.data);
  return issues.length ? fail(issues) : ok(shape.data);
}
