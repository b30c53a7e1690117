import { describe, expect, it } from 'vitest';
import { formatIssue, lintFlow, loadFlow, validateFlow } from '../../src/engine/index.ts';
import { demoJson, type FlowJson } from './fixtures.ts';

function demoWith(change: (flow: FlowJson) => void): FlowJson {
  const flow = demoJson();
  change(flow);
  return flow;
}

describe('what the widget refuses (loadFlow) and what only the linter reports (validateFlow)', () => {
  it('refuses, at load time, what would break a running flow', () => {
    const brokenGoto = demoWith((f) => (f.steps[0].next[0].goto = 'end_studnet'));
    const result = loadFlow(brokenGoto);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map(formatIssue)).toEqual([
      'steps[0].next[0].goto: unknown step "end_studnet" — did you mean "end_student"?',
    ]);
  });

  it('loads a flow whose condition can never match, and the linter names it', () => {
    const neverMatches = demoWith((f) => (f.steps[0].next[0].if = { answer: 'role', is: 'studnet' }));
    expect(loadFlow(neverMatches).ok).toBe(true);
    const linted = validateFlow(neverMatches);
    expect(linted.ok).toBe(false);
    if (!linted.ok) expect(linted.issues.map(formatIssue)).toEqual([
      'steps[0].next[0].if.is: question "role" has no option "studnet", so this can never match — did you mean "student"?',
    ]);
  });

  it('lints a loaded flow on its own, and finds nothing in the demo flow', () => {
    const loaded = loadFlow(demoJson());
    if (!loaded.ok) throw new Error('the demo flow must load');
    expect(lintFlow(loaded.value)).toEqual([]);
    const badScoring = loadFlow(demoWith((f) => (f.scoring.criteria[0].answer = 'rol')));
    if (!badScoring.ok) throw new Error('scoring references are lint, not load errors');
    expect(lintFlow(badScoring.value).map(formatIssue)).toEqual([
      'scoring.criteria[0].answer: unknown question "rol" — did you mean "role"?',
    ]);
  });
});
