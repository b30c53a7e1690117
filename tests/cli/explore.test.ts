import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explorePaths, type Exploration } from '../../src/cli/explore.ts';
import { formatIssue, loadFlow, type Flow, type HiddenFields } from '../../src/engine/index.ts';

/**
 * `simulate --all-paths` explores each state once when its answers decide the rest of the flow
 * alike (same steps answered, same truths, same points per open dimension, …). That merging
 * must never change what is reported: compared here with walking every combination.
 */
const load = (path: string): Flow => {
  const result = loadFlow(readFileSync(new URL(path, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
};

/** The result without the work done, paths in a stable order, sets sorted. */
const comparable = (result: Exploration) => ({
  ...result,
  states: 0,
  paths: result.paths
    .map((path) => ({ ...path, tiers: [...path.tiers].sort(), routes: [...path.routes].sort(), knockouts: [...path.knockouts].sort() }))
    .sort((a, b) => a.steps.join(' ').localeCompare(b.steps.join(' '))),
});

const both = (flow: Flow, hidden: HiddenFields = {}) => {
  const options = { hidden, maxPaths: 1000, maxStates: 1_000_000 };
  const merged = explorePaths(flow, options);
  const walked = explorePaths(flow, { ...options, merge: false });
  return { merged, walked };
};

describe('simulate --all-paths: merging equivalent states', () => {
  it.each([
    ['a flow with back jumps, branching on earlier answers and on fit, negative bands, rule criteria and routing on intent', './flows/tricky.json', {}],
    ['the same with a hidden field', './flows/tricky.json', { visits: '3' }],
    ['demo/flows/saas-bant.json', '../../demo/flows/saas-bant.json', {}],
    ['demo/flows/anum.json with repeat visits', '../../demo/flows/anum.json', { visits: '2' }],
  ] as const)('reports the same as walking every combination: %s', (_name, path, hidden) => {
    const { merged, walked } = both(load(path), hidden);
    expect(comparable(merged)).toEqual(comparable(walked));
    expect(merged.states).toBeLessThanOrEqual(walked.states);
    expect(merged.cutShort).toBeUndefined();
  });

  it('covers the tricky flow: the back jump, every ending but the unreachable one, knock-outs and both routes', () => {
    const { merged } = both(load('./flows/tricky.json'));
    const paths = Object.fromEntries(merged.paths.map((path) => [path.steps.join(' '), path]));
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(['seat size extra seat', 'seat size topics contact end_hot', 'seat size topics extra contact end_no']),
    );
    expect(paths['seat size extra seat']!.ending).toBeUndefined();
    expect(merged.endingsNotReached).toEqual(['end_never']);
    expect(new Set(merged.paths.flatMap((path) => path.routes))).toEqual(new Set(['sales_now', 'fit_check', 'nurture', 'disqualified']));
  });

  it('names a step with more answer combinations than it tries', () => {
    const fields = Array.from({ length: 9 }, (_, i) => ({ id: `email${i}`, kind: 'email', required: false }));
    const result = loadFlow({
      id: 'crowded',
      version: 1,
      webhook: 'https://hooks.example.com/leads',
      steps: [
        { id: 'contact', type: 'contact', title: 'Addresses', fields },
        { id: 'done', type: 'end', title: 'Done' },
      ],
      scoring: { knockouts: fields.map((field) => ({ id: `personal${field.id}`, when: { answer: field.id, domain: 'personal' } })) },
    });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    // Two kinds of address on each of 9 fields: 512 combinations, of which 256 are tried.
    const explored = explorePaths(result.value, { hidden: {}, maxPaths: 1000, maxStates: 20_000 });
    expect(explored).toMatchObject({ crowdedSteps: ['contact'], combinations: 256, cutShort: undefined });
  });

  it('stops at the limits and says so', () => {
    const flow = load('../../demo/flows/bant.json');
    expect(explorePaths(flow, { hidden: {}, maxPaths: 1000, maxStates: 50 }).cutShort).toBe('states');
    expect(explorePaths(flow, { hidden: {}, maxPaths: 2, maxStates: 20_000 }).cutShort).toBe('paths');
  });
});
