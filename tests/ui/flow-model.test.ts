import { effect } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { createFlowModel, type Completion } from '../../src/ui/index.ts';
import { demoFlow } from './fixtures.tsx';

function model(options: { hidden?: Record<string, string> } = {}) {
  const onStep = vi.fn<(step: { id: string }, index: number) => void>();
  const onComplete = vi.fn<(completion: Completion) => void>();
  const flowModel = createFlowModel({ flow: demoFlow(), locale: 'de', onStep, onComplete, ...options });
  return { model: flowModel, onStep, onComplete };
}

type Model = ReturnType<typeof model>['model'];

/** Answers the current step and moves on; fails the test if the step refuses. */
function answerAndNext(m: Model, answers: Record<string, string | number | boolean | string[]>) {
  for (const [question, value] of Object.entries(answers)) m.setAnswer(question, value);
  expect(m.next(), `step "${m.step.value.id}" refused ${JSON.stringify(m.issues.value)}`).toBe(true);
}

function walkToPrivacy(m: Model) {
  answerAndNext(m, { role: 'sign_off' });
  answerAndNext(m, { need: ['forecasting'] });
  answerAndNext(m, { team_size: 3 });
  answerAndNext(m, { budget: 'none' });
  answerAndNext(m, { timeline: 'later' });
  answerAndNext(m, { name: 'Ada', email: 'ada@example.com' });
  expect(m.step.value.id).toBe('privacy');
}

describe('createFlowModel', () => {
  it('starts on the first step with no issues, no way back and nothing complete', () => {
    const { model: m } = model();
    expect(m.step.value.id).toBe('role');
    expect(m.issues.value).toEqual([]);
    expect(m.canGoBack.value).toBe(false);
    expect(m.isComplete.value).toBe(false);
    expect(m.progress.value).toEqual({ done: 0, remaining: 7, ratio: 0 });
    expect(m.locale).toBe('de');
  });

  it('keeps hidden fields in its state', () => {
    const { model: m } = model({ hidden: { utm_source: 'newsletter' } });
    expect(m.state.value.hidden).toEqual({ utm_source: 'newsletter' });
  });

  it('refuses next() with the issues of the step and stays put', () => {
    const { model: m, onStep } = model();
    expect(m.next()).toBe(false);
    expect(m.issues.value).toEqual([{ code: 'required', question: 'role' }]);
    expect(m.step.value.id).toBe('role');
    expect(onStep).not.toHaveBeenCalled();
  });

  it('shows no issues while answering before the first attempt to continue', () => {
    const { model: m } = model();
    m.setAnswer('role', 'nonsense');
    expect(m.issues.value).toEqual([]);
    m.setAnswer('role', undefined);
    expect(m.issues.value).toEqual([]);
  });

  it('revalidates on every answer once issues are shown', () => {
    const { model: m } = model();
    answerAndNext(m, { role: 'sign_off' });
    answerAndNext(m, { need: ['reporting'] });
    m.setAnswer('team_size', 0);
    expect(m.next()).toBe(false);
    expect(m.issues.value).toEqual([{ code: 'too_small', question: 'team_size', params: { min: 1 } }]);

    m.setAnswer('team_size', 'abc');
    expect(m.issues.value).toEqual([{ code: 'not_a_number', question: 'team_size' }]);
    m.setAnswer('team_size', 200_000);
    expect(m.issues.value).toEqual([{ code: 'too_big', question: 'team_size', params: { max: 100_000 } }]);
    m.setAnswer('team_size', 12);
    expect(m.issues.value).toEqual([]);
  });

  it('updates state and issues in one batch, so a reader never sees a fixed answer with its old error', () => {
    const { model: m } = model();
    m.next();
    const seen: Array<[unknown, number]> = [];
    const stop = effect(() => {
      seen.push([m.state.value.answers.role, m.issues.value.length]);
    });
    m.setAnswer('role', 'research');
    stop();
    expect(seen).toEqual([
      [undefined, 1],
      ['research', 0],
    ]);
  });

  it('calls onStep with the new step and its index on the path, forwards and back', () => {
    const { model: m, onStep } = model();
    answerAndNext(m, { role: 'sign_off' });
    answerAndNext(m, { need: ['reporting'] });
    m.back();

    expect(onStep.mock.calls.map(([step, index]) => [step.id, index])).toEqual([
      ['need', 1],
      ['team_size', 2],
      ['need', 1],
    ]);
  });

  it('clears shown issues when going back', () => {
    const { model: m } = model();
    answerAndNext(m, { role: 'sign_off' });
    expect(m.next()).toBe(false);
    expect(m.issues.value).toHaveLength(1);
    m.back();
    expect(m.step.value.id).toBe('role');
    expect(m.issues.value).toEqual([]);
  });

  it('keeps answers of steps the visitor went back from', () => {
    const { model: m } = model();
    answerAndNext(m, { role: 'sign_off' });
    m.setAnswer('need', ['crm_sync']);
    m.back();
    m.next();
    expect(m.step.value.id).toBe('need');
    expect(m.state.value.answers.need).toEqual(['crm_sync']);
  });

  it('does nothing on back() at the first step', () => {
    const { model: m, onStep } = model();
    m.setAnswer('role', 'sign_off');
    const before = m.state.value;
    m.back();
    expect(m.state.value).toBe(before);
    expect(m.step.value.id).toBe('role');
    expect(onStep).not.toHaveBeenCalled();
  });

  it('calls onComplete exactly once with the path answers, the score and the ending', () => {
    const { model: m, onComplete, onStep } = model();
    walkToPrivacy(m);
    expect(onComplete).not.toHaveBeenCalled();
    answerAndNext(m, { privacy: true });

    expect(m.isComplete.value).toBe(true);
    expect(m.canGoBack.value).toBe(false);
    expect(m.progress.value.ratio).toBe(1);
    expect(onComplete).toHaveBeenCalledTimes(1);
    const [completion] = onComplete.mock.calls[0]!;
    expect(completion.ending.id).toBe('end_warm');
    expect(completion.score).toMatchObject({ total: 38, tier: 'warm' });
    expect(onStep).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'end_warm' }), 7);
  });

  it('does not complete again on next() or back() at the end', () => {
    const { model: m, onComplete, onStep } = model();
    answerAndNext(m, { role: 'student' });
    expect(onComplete).toHaveBeenCalledTimes(1);
    const stepCalls = onStep.mock.calls.length;

    expect(m.next()).toBe(true);
    m.back();
    expect(m.step.value.id).toBe('end_student');
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onStep).toHaveBeenCalledTimes(stepCalls);
  });

  it('ignores setAnswer after completion', () => {
    const { model: m, onComplete } = model();
    answerAndNext(m, { role: 'student' });
    const done = m.state.value;
    m.setAnswer('role', 'sign_off');
    m.setAnswer('email', 'late@example.com');
    expect(m.state.value).toBe(done);
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ role: 'student' });
  });

  it('hands only the answers on the path taken to onComplete', () => {
    const { model: m, onComplete } = model();
    answerAndNext(m, { role: 'sign_off' });
    m.setAnswer('need', ['forecasting']);
    m.back();
    answerAndNext(m, { role: 'student' });

    expect(m.state.value.answers).toEqual({ role: 'student', need: ['forecasting'] });
    expect(onComplete.mock.calls[0]![0].answers).toEqual({ role: 'student' });
  });

  it('stops calling back after dispose()', () => {
    const { model: m, onStep, onComplete } = model();
    m.dispose();
    answerAndNext(m, { role: 'student' });
    expect(m.step.value.id).toBe('end_student');
    expect(onStep).not.toHaveBeenCalled();
    expect(onComplete).not.toHaveBeenCalled();
  });
});
