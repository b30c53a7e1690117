import { describe, expect, it } from 'vitest';
import {
  createFunnelTracker,
  currentStep,
  nextStep,
  pathAnswers,
  previousStep,
  restoreFlow,
  scoreLead,
  setAnswer,
  startFlow,
  type AnswerValue,
  type Flow,
  type FlowState,
  type FunnelEvent,
} from '../../src/engine/index.ts';
import { demoFlow, load } from './fixtures.ts';

/** 2026-03-02T10:00:00.000Z: every `now` below is an offset from it. */
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

/**
 * Plan, then seats for teams only, then an e-mail; the e-mail step ends on `end_hot` when the
 * tier is hot. Scoring: team 20, 10+ seats 45, a partner visit (hidden utm_source) 45; hot
 * from 61, and only the hot route is qualified.
 */
const mini = load({
  id: 'mini',
  version: 3,
  hidden: ['utm_source'],
  steps: [
    { id: 'intro', type: 'statement', title: 'Two questions, one minute' },
    {
      id: 'plan',
      type: 'single_choice',
      title: 'Plan',
      options: [
        { id: 'solo', label: 'Solo' },
        { id: 'team', label: 'Team' },
      ],
      next: [{ if: { answer: 'plan', is: 'solo' }, goto: 'email' }],
    },
    { id: 'seats', type: 'number', title: 'Seats', min: 1 },
    {
      id: 'email',
      type: 'email',
      title: 'E-mail',
      next: [{ if: { score: 'tier', is: 'hot' }, goto: 'end_hot' }, { goto: 'end_other' }],
    },
    { id: 'end_hot', type: 'end', title: "Let's talk" },
    { id: 'end_other', type: 'end', title: 'Thanks' },
  ],
  scoring: {
    criteria: [
      { id: 'plan', answer: 'plan', options: { solo: 0, team: 20 } },
      { id: 'seats', answer: 'seats', bands: [{ max: 9, points: 0 }, { min: 10, points: 45 }] },
      { id: 'partner', when: { hidden: 'utm_source', is: 'partner' }, points: 45 },
    ],
    routes: [{ route: 'sales_now', tier: 'hot', qualified: true }, { route: 'nurture' }],
  },
});

interface VisitOptions {
  state?: FlowState;
  variant?: string | null;
  since?: number;
  started?: boolean;
}

/**
 * One visitor: every action changes the state through the engine's navigation and is
 * observed at `T0 + ms`; each call returns the events it caused, `events` keeps them all.
 */
function visit(flow: Flow, options: VisitOptions = {}) {
  const tracker = createFunnelTracker({
    flow,
    variant: options.variant ?? null,
    session: 'session-1',
    since: options.since ?? T0,
    started: options.started,
  });
  let state = options.state ?? startFlow(flow);
  const events: FunnelEvent[] = [];
  const record = (found: FunnelEvent[]) => (events.push(...found), found);
  const observe = (ms: number) => record(tracker.observe(state, T0 + ms));
  return {
    events,
    state: () => state,
    show: observe,
    answer(ms: number, question: string, value: AnswerValue) {
      state = setAnswer(state, question, value);
      return observe(ms);
    },
    next(ms: number) {
      const result = nextStep(flow, state);
      if (!result.ok) throw new Error(`step "${currentStep(flow, state).id}" refused: ${JSON.stringify(result.issues)}`);
      state = result.value;
      return observe(ms);
    },
    back(ms: number) {
      state = previousStep(flow, state);
      return observe(ms);
    },
    leave: (ms: number, reason: 'hidden' | 'closed' = 'hidden') => record(tracker.leave(reason, T0 + ms)),
  };
}

/** `type step#index hh:mm:ss.sss [duration] [reason]`: one line per event, exact and readable. */
const lines = (events: FunnelEvent[]) =>
  events.map((e) =>
    [e.type, `${e.stepId}#${e.index}`, e.at.slice(11, 23), e.durationMs !== undefined && `${e.durationMs}ms`, e.reason].filter(Boolean).join(' '),
  );

/** The demo flow answered to the end: a decision maker, 12345 sellers, approved budget, this quarter. */
function completeDemo(flow: Flow, options: VisitOptions = {}) {
  const v = visit(flow, options);
  v.show(0);
  v.answer(3_000, 'role', 'sign_off');
  v.next(4_000);
  v.answer(6_000, 'need', ['lead_routing', 'forecasting']);
  v.next(9_000);
  v.answer(10_000, 'team_size', 12345);
  v.next(12_500);
  v.answer(14_000, 'budget', 'approved');
  v.next(15_000);
  v.answer(16_000, 'timeline', 'this_quarter');
  v.next(17_000);
  v.answer(20_000, 'name', 'Ada Lovelace');
  v.answer(25_000, 'email', 'ada@analytical.example');
  v.answer(30_000, 'company', 'Engines Ltd');
  v.next(47_000);
  v.answer(50_000, 'privacy', true);
  v.next(51_000);
  return v;
}

describe('createFunnelTracker: a complete visit', () => {
  it('sends view, start at the first answer, step_view/step_complete per step and submit', () => {
    const v = completeDemo(demoFlow(), { since: T0 - 20_000 });

    expect(lines(v.events)).toEqual([
      'view role#0 10:00:00.000',
      'step_view role#0 10:00:00.000',
      'start role#0 10:00:03.000',
      'step_complete role#0 10:00:04.000 4000ms',
      'step_view need#1 10:00:04.000',
      'step_complete need#1 10:00:09.000 5000ms',
      'step_view team_size#2 10:00:09.000',
      'step_complete team_size#2 10:00:12.500 3500ms',
      'step_view budget#3 10:00:12.500',
      'step_complete budget#3 10:00:15.000 2500ms',
      'step_view timeline#4 10:00:15.000',
      'step_complete timeline#4 10:00:17.000 2000ms',
      'step_view contact#5 10:00:17.000',
      'step_complete contact#5 10:00:47.000 30000ms',
      'step_view privacy#6 10:00:47.000',
      'step_complete privacy#6 10:00:51.000 4000ms',
      // From `since` (20 s before this page's first view: a reload), not from the view.
      'submit end_hot#7 10:00:51.000 71000ms',
    ]);
  });

  it('puts the flow, variant, session and a full ISO time on every event, and the outcome on submit', () => {
    const v = completeDemo(demoFlow(), { variant: 'short_form', since: T0 });

    expect(v.events[0]).toStrictEqual({
      type: 'view',
      flow: { id: 'saas-bant', version: 1 },
      variant: 'short_form',
      session: 'session-1',
      stepId: 'role',
      index: 0,
      at: '2026-03-02T10:00:00.000Z',
    });
    // 30 + 16 + 15 + 25 + 20 = 106 points: hot. An approved budget and a decision this quarter
    // are two medium buying signals, strong together: the default table sends it to sales now.
    expect(v.events.at(-1)).toStrictEqual({
      type: 'submit',
      flow: { id: 'saas-bant', version: 1 },
      variant: 'short_form',
      session: 'session-1',
      stepId: 'end_hot',
      index: 7,
      at: '2026-03-02T10:00:51.000Z',
      durationMs: 51_000,
      tier: 'hot',
      route: 'sales_now',
      qualified: true,
    });
    const score = scoreLead(demoFlow(), pathAnswers(demoFlow(), v.state()), v.state());
    expect(score.total).toBe(106);
    expect(v.events.at(-1)).toMatchObject({ tier: score.tier, route: score.route, qualified: score.qualified });
    for (const event of v.events) expect(event).toMatchObject({ flow: { id: 'saas-bant', version: 1 }, variant: 'short_form', session: 'session-1' });
  });

  it('sends variant null when the flow runs no experiment', () => {
    const v = visit(mini);
    expect(v.show(0).map((e) => e.variant)).toEqual([null, null]);
  });

  it('scores the submit with the hidden fields of the visit', () => {
    // team 20 + 5 seats 0 + partner 45 = 65: hot and qualified; without the hidden field 20, cold.
    const v = visit(mini, { state: startFlow(mini, { utm_source: 'partner' }) });
    v.show(0);
    v.next(1_000);
    v.answer(2_000, 'plan', 'team');
    v.next(3_000);
    v.answer(4_000, 'seats', 5);
    v.next(5_000);
    v.answer(6_000, 'email', 'bo@partner.example');
    const [complete, submit] = v.next(8_000);

    expect(complete).toMatchObject({ type: 'step_complete', stepId: 'email', index: 3, durationMs: 3_000 });
    expect(submit).toMatchObject({ type: 'submit', stepId: 'end_hot', index: 4, durationMs: 8_000, tier: 'hot', route: 'sales_now', qualified: true });
    const score = scoreLead(mini, pathAnswers(mini, v.state()), v.state());
    expect(submit).toMatchObject({ tier: score.tier, route: score.route, qualified: score.qualified });
  });

  it('scores the submit on the answers of the path taken, not of a branch the visitor went back from', () => {
    const v = visit(mini);
    v.show(0);
    v.next(1_000);
    v.answer(2_000, 'plan', 'team');
    v.next(3_000);
    v.answer(4_000, 'seats', 40); // 45 points, but on a branch left below
    v.next(5_000);
    v.back(6_000);
    v.back(7_000);
    v.answer(8_000, 'plan', 'solo');
    v.next(9_000);
    v.answer(10_000, 'email', 'bo@solo.example');
    const [, submit] = v.next(11_000);

    // solo 0 points: cold (with the abandoned seats it would be 45, warm).
    expect(submit).toMatchObject({ type: 'submit', stepId: 'end_other', index: 3, tier: 'cold', route: 'nurture', qualified: false });
    const score = scoreLead(mini, pathAnswers(mini, v.state()), v.state());
    expect(submit).toMatchObject({ tier: score.tier, route: score.route, qualified: score.qualified });
  });

  it('sends nothing more once submitted', () => {
    const v = completeDemo(demoFlow());
    expect(v.show(60_000)).toEqual([]);
    expect(v.leave(61_000)).toEqual([]);
  });
});

describe('createFunnelTracker: leaving', () => {
  it('sends one abandon per stay on a step, and another after moving on', () => {
    const v = visit(demoFlow());
    v.show(0);

    expect(lines(v.leave(3_000, 'hidden'))).toEqual(['abandon role#0 10:00:03.000 hidden']);
    expect(v.events.at(-1)).toStrictEqual({
      type: 'abandon',
      flow: { id: 'saas-bant', version: 1 },
      variant: null,
      session: 'session-1',
      stepId: 'role',
      index: 0,
      at: '2026-03-02T10:00:03.000Z',
      reason: 'hidden',
    });
    expect(v.leave(4_000, 'closed')).toEqual([]);
    // Back on the page and answering is not moving on: still the same stay.
    expect(lines(v.answer(5_000, 'role', 'research'))).toEqual(['start role#0 10:00:05.000']);
    expect(v.leave(5_500, 'hidden')).toEqual([]);

    v.next(6_000);
    expect(lines(v.leave(9_000, 'closed'))).toEqual(['abandon need#1 10:00:09.000 closed']);
    expect(v.leave(9_500, 'hidden')).toEqual([]);
  });

  it('sends nothing when left before anything was shown', () => {
    const v = visit(demoFlow());
    expect(v.leave(1_000, 'hidden')).toEqual([]);
    expect(v.leave(2_000, 'closed')).toEqual([]);
    expect(v.events).toEqual([]);
  });

  it('names the step shown again after Back as the one left', () => {
    const v = visit(demoFlow());
    v.show(0);
    v.answer(1_000, 'role', 'recommend');
    v.next(2_000);
    v.back(3_000);
    expect(lines(v.leave(4_000, 'closed'))).toEqual(['abandon role#0 10:00:04.000 closed']);
  });
});

describe('createFunnelTracker: back and forth', () => {
  it('sends a step_view for the earlier step on Back, and times it from being shown again', () => {
    const v = visit(demoFlow());
    v.show(0);
    v.answer(1_000, 'role', 'recommend');
    v.next(2_000);

    expect(lines(v.back(5_000))).toEqual(['step_view role#0 10:00:05.000']);
    expect(lines(v.next(6_500))).toEqual(['step_complete role#0 10:00:06.500 1500ms', 'step_view need#1 10:00:06.500']);
    expect(v.events.filter((e) => e.type === 'start')).toHaveLength(1);
  });

  it('sends start, step_complete and step_view in that order when an answer moves on by itself', () => {
    const flow = demoFlow();
    const tracker = createFunnelTracker({ flow, variant: null, session: 'session-1', since: T0 });
    const shown = startFlow(flow);
    tracker.observe(shown, T0);
    // autoAdvance: the click and the move arrive as one state.
    const answered = nextStep(flow, setAnswer(shown, 'role', 'sign_off'));
    if (!answered.ok) throw new Error('role refused');

    expect(lines(tracker.observe(answered.value, T0 + 2_000))).toEqual([
      'start role#0 10:00:02.000',
      'step_complete role#0 10:00:02.000 2000ms',
      'step_view need#1 10:00:02.000',
    ]);
  });
});

describe('createFunnelTracker: what counts as the start', () => {
  it('does not count prefilled answers; the visitor changing one does', () => {
    const flow = demoFlow();
    const v = visit(flow, { state: startFlow(flow, {}, { role: 'recommend' }) });

    expect(lines(v.show(0))).toEqual(['view role#0 10:00:00.000', 'step_view role#0 10:00:00.000']);
    expect(v.show(1_000)).toEqual([]);
    expect(lines(v.answer(2_000, 'role', 'sign_off'))).toEqual(['start role#0 10:00:02.000']);
  });

  it('counts Next on a prefilled step as the start', () => {
    const flow = demoFlow();
    const v = visit(flow, { state: startFlow(flow, {}, { role: 'recommend' }) });
    v.show(0);

    expect(lines(v.next(2_000))).toEqual([
      'start role#0 10:00:02.000',
      'step_complete role#0 10:00:02.000 2000ms',
      'step_view need#1 10:00:02.000',
    ]);
  });

  // A required slider sets its middle value itself once shown: the visitor did nothing, so it
  // starts nothing; the visitor's own answer after it does.
  it('counts no start for an answer the form gave itself (observed as untouched)', () => {
    const flow = demoFlow();
    const tracker = createFunnelTracker({ flow, variant: null, session: 's', since: T0 });
    const first = startFlow(flow);
    expect(tracker.observe(first, T0).map((e) => e.type)).toEqual(['view', 'step_view']);
    const defaulted = setAnswer(first, 'role', 'recommend');
    expect(tracker.observe(defaulted, T0 + 100, true)).toEqual([]);
    expect(tracker.observe(setAnswer(defaulted, 'role', 'sign_off'), T0 + 2_000).map((e) => e.type)).toEqual(['start']);
  });

  it('counts a statement passed with Next as the start', () => {
    const v = visit(mini);
    expect(lines(v.show(0))).toEqual(['view intro#0 10:00:00.000', 'step_view intro#0 10:00:00.000']);
    expect(lines(v.next(2_000))).toEqual([
      'start intro#0 10:00:02.000',
      'step_complete intro#0 10:00:02.000 2000ms',
      'step_view plan#1 10:00:02.000',
    ]);
  });

  it('never sends start again for a resumed visit that had started', () => {
    const restored = restoreFlow(mini, { history: ['intro', 'plan', 'seats'], answers: { plan: 'team' } });
    if (!restored) throw new Error('the saved state should fit the flow');
    const walk = (started: boolean) => {
      const v = visit(mini, { state: restored, started, since: T0 - 60_000 });
      v.show(0);
      v.answer(1_000, 'seats', 40);
      v.next(3_000);
      v.answer(4_000, 'email', 'bo@team.example');
      v.next(8_000);
      return lines(v.events);
    };

    expect(walk(true)).toEqual([
      'view seats#2 10:00:00.000',
      'step_view seats#2 10:00:00.000',
      'step_complete seats#2 10:00:03.000 3000ms',
      'step_view email#3 10:00:03.000',
      'step_complete email#3 10:00:08.000 5000ms',
      'submit end_hot#4 10:00:08.000 68000ms',
    ]);
    // A visit reloaded before its first answer does start: the flag is what holds it back.
    expect(walk(false)).toContain('start seats#2 10:00:01.000');
  });
});

describe('createFunnelTracker: what is never sent', () => {
  it('keeps answers, contact data and any lead id out of every event', () => {
    const v = completeDemo(demoFlow(), { variant: 'b' });
    const sent = JSON.stringify(v.events);

    for (const typed of ['ada@analytical.example', 'analytical', 'Ada Lovelace', 'Engines Ltd', 'sign_off', 'lead_routing', 'forecasting', '12345', 'approved', 'this_quarter'])
      expect(sent).not.toContain(typed);
    const allowed = ['type', 'flow', 'variant', 'session', 'stepId', 'index', 'at', 'durationMs', 'reason', 'tier', 'route', 'qualified'];
    for (const event of v.events) expect(Object.keys(event).filter((key) => !allowed.includes(key))).toEqual([]);
    // The path was complete (the test above would pass trivially on an empty list).
    expect(v.events.map((e) => e.type)).toContain('submit');
  });
});

describe('createFunnelTracker: repeated observations', () => {
  it('sends nothing for the same state observed twice', () => {
    const v = visit(demoFlow());
    expect(v.show(0)).toHaveLength(2);
    expect(v.show(500)).toEqual([]);
    v.answer(1_000, 'role', 'sign_off');
    v.next(2_000);
    expect(v.show(2_500)).toEqual([]);
  });

  it('sends nothing while the visitor types on the same step after the start', () => {
    const flow = demoFlow();
    const onContact = restoreFlow(flow, {
      history: ['role', 'need', 'team_size', 'budget', 'timeline', 'contact'],
      answers: { role: 'sign_off', need: ['forecasting'], team_size: 12, budget: 'approved', timeline: 'this_quarter' },
    });
    if (!onContact) throw new Error('the saved state should fit the flow');
    const v = visit(flow, { state: onContact });
    v.show(0);
    v.answer(1_000, 'email', 'a');
    for (const [ms, typed] of [
      [1_100, 'ad'],
      [1_200, 'ada'],
      [1_300, 'ada@'],
      [1_400, 'ada@x.example'],
    ] as const)
      expect(v.answer(ms, 'email', typed)).toEqual([]);
    expect(lines(v.events)).toEqual(['view contact#5 10:00:00.000', 'step_view contact#5 10:00:00.000', 'start contact#5 10:00:01.000']);
  });
});

describe('createFunnelTracker: when the visit began', () => {
  it('measures the submit from the first view when no earlier one is known (a popup opened late)', () => {
    const restored = restoreFlow(mini, { history: ['intro', 'plan', 'seats', 'email'], answers: { plan: 'team', seats: 40 } });
    if (!restored) throw new Error('the saved state should fit the flow');
    const tracker = createFunnelTracker({ flow: mini, variant: null, session: 's', started: true });
    expect(lines(tracker.observe(restored, T0 + 5_000))).toEqual(['view email#3 10:00:05.000', 'step_view email#3 10:00:05.000']);
    const answered = setAnswer(restored, 'email', 'bo@team.example');
    tracker.observe(answered, T0 + 6_000);
    const done = nextStep(mini, answered);
    if (!done.ok) throw new Error('the e-mail should be accepted');
    expect(lines(tracker.observe(done.value, T0 + 9_000))).toEqual(['step_complete email#3 10:00:09.000 4000ms', 'submit end_hot#4 10:00:09.000 4000ms']);
  });
});
