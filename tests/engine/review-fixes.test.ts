import { describe, expect, it } from 'vitest';
import { formatIssue, loadFlow, prefillAnswers, validateFlow } from '../../src/engine/index.ts';
import { demoJson, load } from './fixtures.ts';

const end = { id: 'done', type: 'end', title: 'Danke' };
const flowWith = (...steps: object[]) => ({ id: 'f', version: 1, webhook: '/w', steps: [...steps, end] });

describe('found in review of issues 5–7', () => {
  it('prefills a range with a number, not the text of the parameter', () => {
    const flow = load(flowWith({ id: 'budget', type: 'range', title: 'Budget', min: 0, max: 10000, prefill: 'budget' }));
    expect(prefillAnswers(flow, new URLSearchParams('budget=5000'))).toEqual({ budget: 5000 });
    expect(prefillAnswers(flow, new URLSearchParams('budget=lots'))).toEqual({});
  });

  it('refuses a range whose min is above its max, and a rating wider than 20 points', () => {
    const issues = (json: object) => {
      const result = loadFlow(json);
      return result.ok ? [] : result.issues.map(formatIssue);
    };
    expect(issues(flowWith({ id: 'r', type: 'range', title: 'R', min: 100, max: 0 }))).toEqual(['steps[0].min: min is greater than max — lower min or raise max']);
    expect(issues(flowWith({ id: 's', type: 'rating', title: 'S', min: 0, max: 50_000_000 }))).toEqual(['steps[0].max: must be at most 20']);
    expect(issues(flowWith({ id: 'nps', type: 'rating', title: 'NPS', min: 0, max: 10 }))).toEqual([]);
  });

  it('names a piped answer that no question gives', () => {
    const json = demoJson();
    json.steps[1].title = { de: 'Danke, {{answers.nmae}}!', en: 'Thanks, {{answers.name}}!' };
    const result = validateFlow(json);
    // (The English title pipes "name" before it is asked: a warning of its own, tests/engine/big-flows-edges.)
    expect(result.ok ? [] : result.issues.filter((issue) => issue.code === 'unknown_answer').map(formatIssue)).toEqual([
      'steps[1].title.de: "{{answers.nmae}}" names no question, so it shows nothing — did you mean "name"?',
    ]);
  });

  it('reports a large loop without listing every step of it, in linear time', () => {
    // 2,000 steps that only go round: each error names at most four of them.
    const steps = Array.from({ length: 2000 }, (_, i) => ({
      id: `s${i}`,
      type: 'single_choice',
      title: `S${i}`,
      options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
      next: [{ goto: `s${(i + 1) % 2000}` }],
    }));
    const result = validateFlow({ id: 'loop', version: 1, webhook: '/w', steps: [...steps, end] });
    const issues = result.ok ? [] : result.issues.filter((issue) => issue.code === 'dead_end');
    expect(issues).toHaveLength(2000);
    expect(Math.max(...issues.map((issue) => issue.message.length))).toBeLessThan(200);
  });
});
