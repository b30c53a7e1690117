import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentStep, formatIssue, nextStep, setAnswer, startFlow, validateFlow, type Flow, type FlowState } from '../../src/engine/index.ts';

/** The JSON code blocks of a Markdown file that are whole flows (they have "steps"). */
function flowsIn(file: string): unknown[] {
  const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .filter((block) => block.includes('"steps"'))
    .map((block) => JSON.parse(block));
}

describe('the flow examples in the docs', () => {
  it('README: the example flow is valid, lints clean, and its booking ending can be reached', () => {
    const [example] = flowsIn('README.md');
    const result = validateFlow(example);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
    const flow = (result as { value: Flow }).value;
    let state: FlowState = startFlow(flow);
    const answers: Record<string, unknown> = { role: 'sign_off', team_size: 40, email: 'ada@acme.example' };
    while (currentStep(flow, state).type !== 'end') {
      for (const [question, value] of Object.entries(answers)) state = setAnswer(state, question, value as never);
      const next = nextStep(flow, state);
      if (!next.ok) throw new Error(JSON.stringify(next.issues));
      state = next.value;
    }
    expect(currentStep(flow, state).id).toBe('talk');
  });
});

describe('the numbers the docs quote', () => {
  const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

  it('the size budget in the README, in docs/benchmarks.md and in the size gate is the same', () => {
    const gate = /const BUDGET_KIB = ([\d.]+);/.exec(read('scripts/size.mjs'))?.[1];
    const readme = /fails above its budget \(([\d.]+) KiB gzip/.exec(read('README.md'))?.[1];
    const budgetTable = [...read('docs/benchmarks.md').matchAll(/\| ([\d.]+) KiB \|\n(?!\|)/g)].map((m) => m[1]);
    expect(gate).toBeDefined();
    expect(readme).toBe(gate);
    // The last row of the budget table names the budget the gate holds.
    expect(budgetTable[0]).toBe(gate);
  });

  it('the README says the snippet weighs about what the budget allows', () => {
    const gate = Number(/const BUDGET_KIB = ([\d.]+);/.exec(read('scripts/size.mjs'))?.[1]);
    const quoted = Number(/one snippet, about (\d+) KiB gzip/.exec(read('README.md'))?.[1]);
    expect(Math.abs(quoted - gate)).toBeLessThanOrEqual(1);
  });
});
