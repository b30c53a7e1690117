import { formatPath, validateFlow, type Issue } from '../../../src/engine/index.ts';
import type { FlowJson } from '../fixtures.ts';

/** A single choice in English, the question most flow-file tests start from. */
export const role = {
  id: 'role',
  type: 'single_choice',
  title: 'What is your role?',
  options: [
    { id: 'sign_off', label: 'I decide' },
    { id: 'research', label: 'I research' },
  ],
};
export const done = { id: 'done', type: 'end', title: 'Thank you!' };

/** A flow of `steps` and the top-level properties in `extra`. */
export const tinyFlow = (steps: unknown[], extra: Record<string, unknown> = {}): FlowJson => ({ id: 'tiny', version: 1, ...extra, steps });

/** Every issue `validateFlow` reports (loading, then the linter's warnings and errors). */
export function issuesOf(flow: unknown): Issue[] {
  const result = validateFlow(flow);
  return result.ok ? [] : result.issues;
}

/** The issues at one JSON path, written as `formatPath` writes it. */
export const at = (issues: Issue[], path: string) => issues.filter((issue) => formatPath(issue.path) === path);
