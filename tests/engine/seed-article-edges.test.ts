import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROUTES,
  isComplete,
  pathAnswers,
  presets,
  resolveScoring,
  scoreLead,
  startFlow,
  type Answers,
  type AnswerValue,
  type Flow,
  type FrameworkId,
  type HiddenFields,
  type ScoreResult,
} from '../../src/engine/index.ts';
import { demoJson, load, type FlowJson } from './fixtures.ts';
import { answer, here } from './support/walk.ts';

/**
 * LeadFlow's scoring against its source, the seed article (../shared/seed/leads-vs-prospects.de.txt),
 * passage by passage: the point values, the tiers, the routing matrix, negative scoring and buying
 * signals, for every framework preset, and the demo page's BANT flow (demo/flows/saas-bant.json)
 * walked like a visitor. Each test quotes the passage it checks (German, then a translation).
 */

const FRAMEWORKS = Object.keys(presets) as FrameworkId[];
const options = (...ids: string[]) => ids.map((id) => ({ id, label: id }));

/** The hidden fields the article's implicit-scoring rules read (see docs/qualification.md, "Presets"). */
const ARTICLE_HIDDEN = ['visits', 'email_clicks', 'downloads', 'social', 'opted_out'];

/**
 * A flow that extends `framework` and asks what the article's rules read: a purchase request and
 * a business e-mail, plus a fit question worth exactly the points its option names (to land on the
 * article's boundaries) and a job title a knock-out reads.
 */
const articleJson = (framework: FrameworkId): FlowJson => ({
  id: `article-${framework}`,
  version: 1,
  hidden: ARTICLE_HIDDEN,
  steps: [
    { id: 'icp', type: 'single_choice', title: 'Fit', options: options('f0', 'f5', 'f6', 'f61') },
    { id: 'request', type: 'single_choice', title: 'Next?', options: options('demo', 'pricing', 'quote', 'trial', 'info') },
    { id: 'job_title', type: 'short_text', title: 'Job title', required: false },
    { id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'email', kind: 'email' }] },
    { id: 'done', type: 'end', title: 'Thanks' },
  ],
  scoring: {
    extend: framework,
    criteria: [{ id: 'icp_fit', kind: 'fit', answer: 'icp', options: { f0: 0, f5: 5, f6: 6, f61: 61 } }],
    knockouts: [{ id: 'student', when: { answer: 'job_title', matches: 'student' } }],
  },
});

const scoreOf = (flow: Flow, answers: Answers, hidden: HiddenFields = {}) => scoreLead(flow, answers, { hidden });

/** The decision a sales team reads: total, tier, signal rating, route, handed to sales. */
const decision = (result: ScoreResult) => [result.total, result.tier, result.signals, result.route, result.qualified];

/** The trace after the points: knock-outs, tier, signals and route, as `rule: detail`. */
const decisionTrace = (result: ScoreResult) =>
  result.trace.filter((entry) => ['knockout', 'tier', 'signal', 'route'].includes(entry.kind)).map((entry) => `${entry.rule}: ${entry.detail}`);

/** Every engagement the article scores, at once: 5 + 10 + 10 + 5 = 30 (plus 25 for a demo request). */
const ENGAGED: HiddenFields = { visits: '2', email_clicks: '1', downloads: '1', social: '1' };

describe('the article’s lead-scoring values, in every framework preset', () => {
  // „Website-Besuche (+5): Mehrere Besuche signalisieren höheres Interesse.“ — website visits (+5): several visits signal more interest.
  // „E-Mail-Öffnungen & Klicks (+10)“ — e-mail opens & clicks (+10).
  // „Demo-Anfragen oder Preisanfragen (+25): Starkes Kaufinteresse.“ — demo or pricing requests (+25): strong purchase interest.
  // „Social-Media-Engagement (+5)“ — social media engagement (+5).
  // „Herunterladbarer Content (E-Books, Whitepapers) (+10)“ — downloadable content (+10).
  // „E-Mails ignorieren oder abbestellen (-10)“ — ignoring or unsubscribing from e-mails (−10).
  // „❌ Persönliche E-Mail-Adressen anstelle von Geschäfts-E-Mails verwenden.“ — using personal instead of business addresses.
  it.each(FRAMEWORKS)('%s: each rule gives the article’s points, alone and all together', (framework) => {
    const flow = load(articleJson(framework));
    const total = (answers: Answers, hidden?: HiddenFields) => scoreOf(flow, answers, hidden).total;
    expect(total({ request: 'demo' })).toBe(25);
    expect(total({ request: 'pricing' })).toBe(25);
    expect(total({ request: 'info' })).toBe(0);
    expect(total({}, { visits: '1' })).toBe(0); // one visit is not "mehrere Besuche"
    expect(total({}, { visits: '2' })).toBe(5);
    expect(total({}, { email_clicks: '1' })).toBe(10);
    expect(total({}, { downloads: '1' })).toBe(10);
    expect(total({}, { social: '1' })).toBe(5);
    expect(total({}, { opted_out: 'yes' })).toBe(-10);
    expect(total({ email: 'max.muster@gmx.de' })).toBe(-10);
    expect(total({ email: 'max.muster@nordlicht-maschinen.de' })).toBe(0);
    const all = scoreOf(flow, { request: 'demo', email: 'max.muster@web.de' }, { ...ENGAGED, opted_out: 'yes' });
    expect(all).toMatchObject({ intent: 55, negative: -20, total: 35 });
    expect(all.criteria).toEqual({ demo_or_pricing: 25, repeat_visits: 5, email_engagement: 10, content_download: 10, social_engagement: 5, icp_fit: 0 });
  });

  // „0–30 Punkte: Kalter Lead … 31–60 Punkte: Warmer Lead … 61+ Punkte: Heißer Lead“ — 0–30 cold, 31–60 warm, 61+ hot.
  // „Leads mit hohen Scores + starken Kaufsignalen: Sofort an Sales weitergeben.“ — high score + strong signals: to sales at once.
  // „Leads mit Kaufsignalen, aber niedrigen Scores: Nachhaken“ — signals but a low score: follow up.
  // „Leads mit hohen Scores, aber schwachen Signalen: Weiter nurturen“ — high score but weak signals: keep nurturing.
  it.each(FRAMEWORKS)('%s: the tiers at their boundaries and the routing matrix, from the article’s values', (framework) => {
    const flow = load(articleJson(framework));
    const decide = (answers: Answers, hidden?: HiddenFields) => decision(scoreOf(flow, answers, hidden));
    // 25 (demo) + 5 (visits) = exactly 30: cold, but the demo request is a strong signal → follow up.
    expect(decide({ request: 'demo' }, { visits: '2' })).toEqual([30, 'cold', 'strong', 'follow_up', true]);
    // 55 engagement + 5 fit = 60: still warm → follow up; one more point makes it hot → sales now.
    expect(decide({ icp: 'f5', request: 'demo' }, ENGAGED)).toEqual([60, 'warm', 'strong', 'follow_up', true]);
    expect(decide({ icp: 'f6', request: 'demo' }, ENGAGED)).toEqual([61, 'hot', 'strong', 'sales_now', true]);
    // Hot on fit alone, no buying signal: nurture, not sales.
    expect(decide({ icp: 'f61', request: 'info' })).toEqual([61, 'hot', 'weak', 'nurture', false]);
    // Only negative factors: devalued (below 0, cold), not disqualified.
    expect(decide({ request: 'info', email: 'max.muster@gmail.com' }, { opted_out: 'yes' })).toEqual([-20, 'cold', 'weak', 'nurture', false]);
    // Nothing answered: cold, nurture.
    expect(decide({})).toEqual([0, 'cold', 'weak', 'nurture', false]);
    // The preset carries exactly the article's thresholds and matrix.
    expect(resolveScoring(flow).tiers).toEqual({ cold: {}, warm: { min: 31 }, hot: { min: 61 } });
    expect(resolveScoring(flow).routes).toEqual(DEFAULT_ROUTES);
  });

  // „❌ Außerhalb deines Zielmarktes liegen (falsche Branche, Standort oder Rolle).“ — outside your target market (wrong
  // industry, location or role). A lead hot by points with a strong signal, knocked out, is not handed to sales; the
  // trace names the knock-out, and a lead scored next on the same flow carries nothing of it.
  it.each(FRAMEWORKS)('%s: a knock-out beats hot + strong, and the trace says so (and only for that lead)', (framework) => {
    const flow = load(articleJson(framework));
    const out = scoreOf(flow, { icp: 'f6', request: 'demo', job_title: 'Werkstudent Vertrieb' }, ENGAGED);
    expect(decision(out)).toEqual([61, 'hot', 'strong', 'disqualified', false]);
    expect(out.knockouts).toEqual(['student']);
    expect(decisionTrace(out)).toEqual([
      'student: route: disqualified',
      'tier: hot',
      'purchase_request: strong',
      'signals: strong',
      'route: disqualified (knock-out)',
    ]);
    const buyer = scoreOf(flow, { icp: 'f6', request: 'demo', job_title: 'Vertriebsleiter' }, ENGAGED);
    expect(decisionTrace(buyer)).toEqual(['tier: hot', 'purchase_request: strong', 'signals: strong', 'route: sales_now (routes[0])']);
  });
});

describe('a flow overriding part of a preset (resolve-scoring.ts)', () => {
  // „Website-Besuche (+5)“ … — a flow that re-values one of the article's rules keeps the other five at the article's values.
  it('replaces one rule, keeps the rest of the article’s values; configVersion follows what decides a score', () => {
    const baseJson = articleJson('bant');
    const overJson = articleJson('bant');
    overJson.scoring.criteria.push({ id: 'repeat_visits', kind: 'intent', when: { hidden: 'visits', gte: 3 }, points: 8 });
    const base = load(baseJson);
    const over = load(overJson);

    expect(scoreOf(over, {}, { visits: '2' }).criteria.repeat_visits).toBe(0);
    expect(scoreOf(over, {}, { visits: '3' }).criteria.repeat_visits).toBe(8);
    const all = scoreOf(over, { request: 'demo', email: 'max.muster@gmx.de' }, { ...ENGAGED, visits: '3', opted_out: 'yes' });
    expect(all.criteria).toMatchObject({ demo_or_pricing: 25, email_engagement: 10, content_download: 10, social_engagement: 5, repeat_visits: 8 });
    expect(all.negative).toBe(-20);
    const resolved = resolveScoring(over);
    // The flow's own rules come after the preset's (docs/qualification.md: "which is their order in the trace").
    expect(resolved.criteria.map((c) => c.id)).toEqual(['demo_or_pricing', 'email_engagement', 'content_download', 'social_engagement', 'icp_fit', 'repeat_visits']);
    expect(resolved.negative.map((r) => r.id)).toEqual(['personal_email', 'opted_out']);
    expect(resolved.signals.map((s) => s.id)).toEqual(['purchase_request']);
    expect(resolved.tiers).toEqual(resolveScoring(base).tiers);
    expect(resolved.routes).toEqual(resolveScoring(base).routes);

    const version = (json: FlowJson) => scoreOf(load(json), {}).configVersion;
    expect(version(overJson)).not.toBe(version(baseJson));
    expect(version(structuredClone(overJson))).toBe(version(overJson));
    // Restating a preset dimension as it is changes nothing that decides a score, so nor the fingerprint.
    const restated = articleJson('bant');
    restated.scoring.dimensions = { budget: { cap: 25, weight: 25, kind: 'fit' } };
    expect(version(restated)).toBe(version(baseJson));
  });
});

describe('buying signals rated strong or weak (routing.ts)', () => {
  const flow = load({
    id: 'signals',
    version: 1,
    steps: [
      { id: 'request', type: 'single_choice', title: 'Next?', options: options('demo', 'info') },
      { id: 'approval', type: 'single_choice', title: 'Approval?', options: options('it', 'none') },
      { id: 'timeline', type: 'single_choice', title: 'When?', options: options('this_quarter', 'later') },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
    scoring: {
      extend: 'bant',
      strongSignals: { strong: 2 },
      signals: [
        { id: 'approval_process', strength: 'medium', when: { answer: 'approval', is: 'it' } },
        { id: 'decision_date', strength: 'medium', when: { answer: 'timeline', is: 'this_quarter' } },
      ],
    },
  });

  // „Kaufsignale heben verkaufsbereite Interessent:innen hervor (z. B. nach Preisen fragen, Demo anfordern).“ — buying
  // signals single out sales-ready prospects (e.g. asking for prices, requesting a demo). „Leads mit Kaufsignalen, aber
  // niedrigen Scores: Nachhaken“ — signals but a low score: follow up. A demo request (the preset's strong signal) plus a
  // decision date cannot be a weaker sign of buying than an approval process plus the same decision date.
  // Was: with `strongSignals: { strong: 2 }` (medium stays 2), 2 medium signals rated `strong` (→ follow_up) but 1 strong +
  // 1 medium `weak` (→ nurture): strong and medium signals were counted apart. A strong one counts as medium too now.
  it('a strong signal never rates lower than a medium one in its place', () => {
    const twoMedium = scoreLead(flow, { request: 'info', approval: 'it', timeline: 'this_quarter' });
    expect([twoMedium.signals, twoMedium.route]).toEqual(['strong', 'follow_up']);
    const strongAndMedium = scoreLead(flow, { request: 'demo', approval: 'none', timeline: 'this_quarter' });
    expect(strongAndMedium.signalsFound).toEqual(['purchase_request', 'decision_date']);
    expect([strongAndMedium.signals, strongAndMedium.route]).toEqual(['strong', 'follow_up']);
  });
});

describe('the demo page’s BANT flow (demo/flows/saas-bant.json), walked like a visitor', () => {
  const flow = load(demoJson());

  /** Walks the flow with one step's answers at a time and scores the answers on the path, as the widget does. */
  function visit(steps: Record<string, AnswerValue>[]) {
    let state = startFlow(flow);
    for (const given of steps) state = answer(flow, state, given);
    expect(isComplete(flow, state)).toBe(true);
    const score = scoreLead(flow, pathAnswers(flow, state), { hidden: state.hidden });
    return { end: here(flow, state), score };
  }
  const qualifying = (
    role: string,
    need: string[],
    team_size: number,
    budget: string,
    timeline: string,
    email = 'erika.muster@nordlicht-maschinen.de',
  ): Record<string, AnswerValue>[] => [
    { role },
    { need },
    { team_size },
    { budget },
    { timeline },
    { name: 'Erika Muster', email, company: 'Nordlicht Maschinen GmbH' },
    { privacy: true },
  ];

  // „0–30 Punkte: Kalter Lead … 31–60 Punkte: Warmer Lead … 61+ Punkte: Heißer Lead“ — the demo's own answers at the
  // exact boundaries: 30 cold, 31 warm, 60 warm, 61 hot.
  it.each([
    ['research', ['lead_routing', 'forecasting', 'reporting'], 3, 'planned', 'later', 30, 'cold'],
    ['recommend', ['lead_routing', 'forecasting'], 3, 'none', 'later', 31, 'warm'],
    ['recommend', ['lead_routing', 'forecasting', 'reporting'], 60, 'planned', 'later', 60, 'warm'],
    ['recommend', ['lead_routing', 'forecasting'], 10, 'planned', 'this_year', 61, 'hot'],
  ] as const)('%s, %j, %d people, budget %s, %s: %d points → %s', (role, need, size, budget, timeline, total, tier) => {
    const walked = visit(qualifying(role, [...need], size, budget, timeline));
    expect([walked.score.total, walked.score.tier]).toEqual([total, tier]);
  });

  // „Wenn beides zusammenpasst, ist der Lead bereit zur Übergabe an das Sales-Team.“ — when score and signals agree, the
  // lead is ready to be handed to sales. „Sie legen einen Zeitrahmen für eine Entscheidung fest („Wir wollen das im nächsten
  // Quartal abschließen.“)“ — setting a time frame for the decision is a buying signal.
  // Was: a decision-maker with an approved budget and go-live this quarter (106 points, hot) was shown end_hot ("Buchen Sie
  // direkt einen Termin mit unserem Team") but the lead sent to the CRM said route "nurture", qualified false: the flow
  // declared no buying signals, so `signals` was always "weak" and the default matrix nurtured every hot lead. It has
  // two medium ones now, a decision this quarter and an approved budget (two rate strong), as DESIGN.md's example has
  // saas-bant posting route "sales_now".
  it('a decision-maker with approved budget who starts this quarter books a call and reaches sales as sales_now', () => {
    const walked = visit(qualifying('sign_off', ['lead_routing', 'forecasting'], 60, 'approved', 'this_quarter'));
    expect(walked.score.tier).toBe('hot');
    expect([walked.end, walked.score.route, walked.score.qualified]).toEqual(['end_hot', 'sales_now', true]);
  });

  // „❌ Persönliche E-Mail-Adressen anstelle von Geschäfts-E-Mails verwenden.“ — negative scoring: using a personal instead
  // of a business e-mail address.
  // Was: a gmail.com address cost nothing: demo/flows/saas-bant.json has no `"extend"` (its own points are the demo's),
  // so it had none of the preset's negative rules. It declares the preset's `personal_email` (−10) itself now.
  it('a personal e-mail address costs the same lead 10 points', () => {
    const answers = (email: string) => qualifying('recommend', ['reporting'], 10, 'planned', 'this_year', email);
    const business = visit(answers('erika.muster@nordlicht-maschinen.de')).score;
    const personal = visit(answers('erika.muster@gmail.com')).score;
    expect(personal.negative).toBe(-10);
    expect(personal.total).toBe(business.total - 10);
  });

  // „❌ Außerhalb deines Zielmarktes liegen (falsche Branche, Standort oder Rolle).“ — outside your target market (wrong
  // industry, location or role).
  // Was: a student was turned away on screen (end_student, "PipeLight ist für Vertriebsteams gedacht") but the lead it
  // sent said route "nurture", like a prospect to keep warming, not "disqualified": the flow had only a `next` rule for
  // students, no knock-out. It has the README example's `student` knock-out now.
  it('a student is turned away and reaches the CRM as disqualified', () => {
    const walked = visit([{ role: 'student' }]);
    expect([walked.end, walked.score.route, walked.score.qualified]).toEqual(['end_student', 'disqualified', false]);
  });
});
