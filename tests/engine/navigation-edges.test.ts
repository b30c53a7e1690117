import { describe, expect, it } from 'vitest';
import {
  isComplete,
  nextStep,
  pathAnswers,
  prefillAnswers,
  previousStep,
  progress,
  restoreFlow,
  scoreLead,
  setAnswer,
  startFlow,
  type AnswerValue,
  type FlowState,
} from '../../src/engine/index.ts';
import { demoFlow, demoJson, load } from './fixtures.ts';
import { answer, here, next, reload } from './support/walk.ts';



/**
 * A business visitor answers the size question; a private one a text. Both join at `final`,
 * whose rule reads the business branch's answer: a big company gets one more question.
 */
const joined = load({
  id: 'joined',
  version: 1,
  steps: [
    {
      id: 'kind',
      type: 'single_choice',
      title: 'Kind',
      options: [
        { id: 'biz', label: 'Business' },
        { id: 'private', label: 'Private' },
      ],
      next: [{ if: { answer: 'kind', is: 'private' }, goto: 'private_q' }],
    },
    {
      id: 'size',
      type: 'single_choice',
      title: 'Size',
      options: [
        { id: 'big', label: 'Big' },
        { id: 'small', label: 'Small' },
      ],
      next: [{ goto: 'final' }],
    },
    { id: 'private_q', type: 'short_text', title: 'What for?' },
    {
      id: 'final',
      type: 'email',
      title: 'E-mail',
      next: [{ if: { answer: 'size', is: 'big' }, goto: 'call' }, { goto: 'done' }],
    },
    {
      id: 'call',
      type: 'single_choice',
      title: 'Call when?',
      options: [
        { id: 'am', label: 'Morning' },
        { id: 'pm', label: 'Afternoon' },
      ],
    },
    { id: 'done', type: 'end', title: 'Thanks' },
  ],
  scoring: { criteria: [{ id: 'size', answer: 'size', options: { big: 40, small: 5 } }] },
});

/** Business and big, then back to the start and private instead: on `final`, nothing of `size` is on the path. */
function switchedToPrivate(): FlowState {
  let s = startFlow(joined);
  s = answer(joined, s, { kind: 'biz' });
  s = answer(joined, s, { size: 'big' });
  expect(here(joined, s)).toBe('final');
  s = previousStep(joined, previousStep(joined, s));
  expect(here(joined, s)).toBe('kind');
  s = answer(joined, s, { kind: 'private' });
  s = answer(joined, s, { private_q: 'for my club' });
  expect(here(joined, s)).toBe('final');
  return setAnswer(s, 'final', 'ada@example.com');
}

describe('going back and choosing another branch', () => {
  it('leaves the abandoned branch out of the answers, the score and the rules', () => {
    const s = switchedToPrivate();
    expect(s.answers).toHaveProperty('size', 'big');
    expect(pathAnswers(joined, s)).toEqual({ kind: 'private', private_q: 'for my club', final: 'ada@example.com' });
    expect(scoreLead(joined, pathAnswers(joined, s), s).total).toBe(0);
    const end = next(joined, s);
    expect(here(joined, end)).toBe('done');
  });

  it('keeps an answer that is still on the new path when the visitor walks forward again', () => {
    let s = startFlow(joined);
    s = answer(joined, s, { kind: 'biz' });
    s = answer(joined, s, { size: 'small' });
    s = setAnswer(s, 'final', 'ada@example.com');
    // Back to the start, the same choice again: every later answer is still there.
    s = previousStep(joined, previousStep(joined, s));
    s = next(joined, next(joined, s));
    expect(here(joined, s)).toBe('final');
    expect(pathAnswers(joined, s)).toEqual({ kind: 'biz', size: 'small', final: 'ada@example.com' });
  });

  // Was: on the joined step the widget said "Schritt 3 von 4" and its button "Weiter", but Next
  // sent the lead and showed the ending: progress() estimated the way ahead with every answer
  // ever typed, `size` from the branch the visitor went back from included, while nextStep reads
  // only answers on the path. Now progress reads an answer only when the step asking it is on the
  // path or among the steps the estimate walks ahead.
  it('estimates the steps ahead with the answers nextStep will use, not an abandoned branch', () => {
    const s = switchedToPrivate();
    const estimate = progress(joined, s);
    const after = next(joined, s);
    expect(isComplete(joined, after)).toBe(true);
    // Only this step is left before the ending.
    expect(estimate.remaining).toBe(1);
  });
});

describe('Back at the edges', () => {
  it('does nothing on the first step and after an ending', () => {
    const flow = demoFlow();
    const start = startFlow(flow);
    expect(previousStep(flow, start)).toBe(start);
    const end = answer(flow, start, { role: 'student' });
    expect(isComplete(flow, end)).toBe(true);
    expect(previousStep(flow, end)).toBe(end);
    // Next on an ending stays there: no second completion.
    expect(nextStep(flow, end)).toEqual({ ok: true, value: end });
  });

  it('keeps the step count sane on random walks back and forth: never past the total, never above 100 %', () => {
    const flow = demoFlow();
    const answers: Record<string, AnswerValue[]> = {
      role: ['sign_off', 'recommend', 'research', 'student'],
      need: [['lead_routing'], ['reporting', 'crm_sync']],
      team_size: [3, 40, 500],
      budget: ['approved', 'none'],
      timeline: ['this_quarter', 'later'],
      privacy: [true],
    };
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let walk = 0; walk < 50; walk++) {
      let s = startFlow(flow);
      for (let move = 0; move < 30 && !isComplete(flow, s); move++) {
        const p = progress(flow, s);
        expect(p.done).toBe(s.history.length - 1);
        expect(p.done + 1).toBeLessThanOrEqual(p.done + p.remaining);
        expect(p.ratio).toBeGreaterThanOrEqual(0);
        expect(p.ratio).toBeLessThan(1);
        if (random(3) === 0) {
          s = previousStep(flow, s);
          continue;
        }
        const step = here(flow, s);
        if (step === 'contact') s = setAnswer(setAnswer(s, 'name', 'Ada'), 'email', 'ada@example.com');
        else if (answers[step]) s = setAnswer(s, step, answers[step]![random(answers[step]!.length)]!);
        s = next(flow, s);
      }
      if (isComplete(flow, s)) expect(progress(flow, s).ratio).toBe(1);
    }
  });
});

describe('a skipped optional question read by a later rule', () => {
  const optional = load({
    id: 'optional',
    version: 1,
    steps: [
      { id: 'company', type: 'short_text', title: 'Company', required: false },
      {
        id: 'email',
        type: 'email',
        title: 'E-mail',
        next: [
          { if: { answer: 'company', answered: false }, goto: 'ask_again' },
          { goto: 'done' },
        ],
      },
      { id: 'ask_again', type: 'statement', title: 'No company?' },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  });

  it('counts as unanswered, and as answered once the visitor goes back and fills it in', () => {
    let s = next(optional, startFlow(optional));
    s = setAnswer(s, 'email', 'ada@example.com');
    expect(here(optional, next(optional, s))).toBe('ask_again');
    s = previousStep(optional, s);
    s = answer(optional, s, { company: 'ACME' });
    expect(here(optional, next(optional, s))).toBe('done');
  });

  it('counts as unanswered again once the visitor empties it', () => {
    let s = answer(optional, startFlow(optional), { company: 'ACME' });
    s = previousStep(optional, s);
    s = answer(optional, s, { company: '   ' });
    s = setAnswer(s, 'email', 'ada@example.com');
    expect(here(optional, next(optional, s))).toBe('ask_again');
  });
});

describe('resume after a reload', () => {
  it('lands on the same step with the same answers, and goes on and back from there', () => {
    const flow = demoFlow();
    let s = answer(flow, startFlow(flow), { role: 'sign_off' });
    s = answer(flow, s, { need: ['forecasting'] });
    s = setAnswer(s, 'team_size', 12);
    const restored = reload(flow, s)!;
    expect(here(flow, restored)).toBe('team_size');
    expect(pathAnswers(flow, restored)).toEqual(pathAnswers(flow, s));
    expect(progress(flow, restored)).toEqual(progress(flow, s));
    expect(here(flow, next(flow, restored))).toBe('budget');
    expect(here(flow, previousStep(flow, restored))).toBe('need');
  });

  it('starts afresh when a step of the saved path is gone, or the path had reached an ending', () => {
    const flow = demoFlow();
    const s = answer(flow, answer(flow, startFlow(flow), { role: 'sign_off' }), { need: ['forecasting'] });
    const json = demoJson();
    json.steps = json.steps.filter((step: { id: string }) => step.id !== 'need');
    expect(reload(load(json), s)).toBeUndefined();
    expect(restoreFlow(flow, { history: ['role', 'end_student'], answers: { role: 'student' } })).toBeUndefined();
  });

  // Was: the flow was edited (the option "recommend" taken out; same id and version, so the
  // saved progress is kept) while a visitor was on the next step. After a reload the visitor
  // went on from `need`, and the lead carried `role: "recommend"`, an answer the flow cannot
  // give, scored and routed as such: restoreFlow checked only that the steps exist. Now it walks
  // the saved path again and stops at the first step whose answer or rule no longer fits.
  it('sends the visitor back to a passed step whose saved answer the edited flow no longer accepts', () => {
    const flow = demoFlow();
    const s = answer(flow, startFlow(flow), { role: 'recommend' });
    const json = demoJson();
    json.steps[0].options = json.steps[0].options.filter((o: { id: string }) => o.id !== 'recommend');
    const edited = load(json);
    const restored = reload(edited, s);
    const where = restored ? here(edited, restored) : edited.steps[0]!.id;
    expect(where).toBe('role');
  });

  // Was (same cause): after a rule change (a researcher now goes straight to the budget
  // question) a restored visitor continued on `need`, a step the rules no longer lead to, and the
  // lead's path was one the flow cannot produce.
  it('does not continue on a step the edited rules no longer lead to', () => {
    const flow = demoFlow();
    const s = answer(flow, startFlow(flow), { role: 'research' });
    expect(here(flow, s)).toBe('need');
    const json = demoJson();
    json.steps[0].next.push({ if: { answer: 'role', is: 'research' }, goto: 'budget' });
    const edited = load(json);
    const restored = reload(edited, s);
    const where = restored ? here(edited, restored) : 'role';
    expect(['role', 'budget']).toContain(where);
  });
});

describe('prefill', () => {
  const prefilled = load({
    id: 'prefilled',
    version: 1,
    steps: [
      {
        id: 'kind',
        type: 'single_choice',
        title: 'Kind',
        options: [
          { id: 'biz', label: 'Business' },
          { id: 'private', label: 'Private' },
        ],
        next: [{ if: { answer: 'kind', is: 'private' }, goto: 'email' }],
      },
      { id: 'company', type: 'short_text', title: 'Company', prefill: 'company' },
      { id: 'email', type: 'email', title: 'E-mail', prefill: 'email' },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  });

  it('starts with the prefilled answers, sends only those on the path, and keeps them across Back', () => {
    const answers = prefillAnswers(prefilled, new URLSearchParams('company=ACME&email=ada@example.com'));
    let s = startFlow(prefilled, {}, answers);
    s = answer(prefilled, s, { kind: 'private' });
    expect(here(prefilled, s)).toBe('email');
    expect(pathAnswers(prefilled, s)).toEqual({ kind: 'private', email: 'ada@example.com' });
    s = previousStep(prefilled, s);
    s = answer(prefilled, s, { kind: 'biz' });
    expect(here(prefilled, s)).toBe('company');
    expect(pathAnswers(prefilled, s)).toEqual({ kind: 'biz', company: 'ACME' });
  });

  it("keeps a plus address's `+` that the link left unencoded, in e-mail questions and contact fields alike", () => {
    const contact = load({
      id: 'contact-prefill',
      version: 1,
      steps: [
        { id: 'who', type: 'contact', title: 'Who', fields: [{ id: 'mail', kind: 'email', prefill: 'email' }, { id: 'name', kind: 'name', prefill: 'name' }] },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    const query = new URLSearchParams('email=ada+news@example.com&name=Ada+Lovelace&company=A+B');
    expect(prefillAnswers(contact, query)).toEqual({ mail: 'ada+news@example.com', name: 'Ada Lovelace' });
    expect(prefillAnswers(prefilled, query)).toEqual({ email: 'ada+news@example.com', company: 'A B' });
  });
});
