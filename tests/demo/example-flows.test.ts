import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  currentStep,
  formatIssue,
  loadFlow,
  nextStep,
  pathAnswers,
  questionsOf,
  scoreLead,
  setAnswer,
  startFlow,
  validateFlow,
  type Answers,
  type AnswerValue,
  type Flow,
  type HiddenFields,
  type ScoreResult,
  type Step,
} from '../../src/engine/index.ts';

/**
 * The example flows in demo/flows/, one per qualification framework. Each is checked as a
 * marketer would publish it (valid, every step reachable, German and English complete) and
 * then walked like a visitor: strong prospects book a meeting, knock-outs are turned away
 * politely, weak leads get a guide and strong signals with a low score get a follow-up.
 */
const FRAMEWORKS = ['bant', 'anum', 'meddpicc', 'champ', 'faint', 'gpctba'] as const;
type Framework = (typeof FRAMEWORKS)[number];

const ENDINGS = ['end_book', 'end_follow_up', 'end_nurture', 'end_disqualified'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const readJson = (name: Framework): { [key: string]: Json } =>
  JSON.parse(readFileSync(new URL(`../../demo/flows/${name}.json`, import.meta.url), 'utf8'));

/** Loads a flow as the widget does; a broken example fails loudly with its issues. */
function load(name: Framework): Flow {
  const result = loadFlow(readJson(name));
  if (!result.ok) throw new Error(`demo/flows/${name}.json does not load:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.value;
}

/** Step ids reachable from the first step along any rule or fall-through, whatever the answers. */
function reachableSteps(flow: Flow): Set<string> {
  const position = new Map(flow.steps.map((step, i) => [step.id, i]));
  const seen = new Set<string>();
  const queue = [flow.steps[0]!.id];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const i = position.get(id)!;
    const step = flow.steps[i]!;
    if (step.type === 'end') continue;
    for (const rule of step.next ?? []) queue.push(rule.goto);
    const following = flow.steps[i + 1];
    if (following && !step.next?.some((rule) => !rule.if)) queue.push(following.id);
  }
  return seen;
}

/** Keys whose value the visitor reads: they must be `{ "de": …, "en": … }`, never a bare string. */
const VISIBLE_TEXT = new Set(['title', 'description', 'label', 'placeholder', 'unit']);

/** Every localized text lacking German or English, and every visible text that is not localized. */
function localeProblems(node: Json, path = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => localeProblems(item, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const problems: string[] = [];
  if ('de' in node || 'en' in node)
    for (const locale of ['de', 'en'])
      if (typeof node[locale] !== 'string' || !(node[locale] as string).trim()) problems.push(`${path}: no "${locale}" text`);
  for (const [key, value] of Object.entries(node)) {
    if (VISIBLE_TEXT.has(key) && typeof value === 'string') problems.push(`${path}.${key}: "${value}" is not localized`);
    problems.push(...localeProblems(value, `${path}.${key}`));
  }
  return problems;
}

/** Whether a question on this step may be left empty. */
function isOptional(step: Step, question: string): boolean {
  if (step.type === 'contact') return step.fields.find((field) => field.id === question)?.required === false;
  return 'required' in step && step.required === false;
}

interface Walk {
  /** The end step reached. */
  end: Step;
  /** Step ids from the first step to the end. */
  path: string[];
  answers: Answers;
  score: ScoreResult;
}

/**
 * Drives the engine like a visitor: answers the current step's questions from
 * `answersByQuestion`, presses Next, and repeats until an end step. Fails clearly when a
 * required answer is missing, when `nextStep` refuses the answers, when the flow loops, and
 * when the persona carries answers the flow never asked for (a typo in a test).
 */
function walk(flow: Flow, answersByQuestion: Record<string, AnswerValue>, hidden: HiddenFields = {}): Walk {
  let state = startFlow(flow, hidden);
  const unused = new Set(Object.keys(answersByQuestion));
  for (let moves = 0; ; moves++) {
    const step = currentStep(flow, state);
    if (step.type === 'end') {
      if (unused.size) throw new Error(`answers never asked on the path ${state.history.join(' → ')}: ${[...unused].join(', ')}`);
      const answers = pathAnswers(flow, state);
      return { end: step, path: [...state.history], answers, score: scoreLead(flow, answers, { hidden: state.hidden }) };
    }
    if (moves > flow.steps.length) throw new Error(`no end step after ${moves} moves: ${state.history.join(' → ')}`);
    for (const question of questionsOf(step)) {
      if (Object.hasOwn(answersByQuestion, question)) {
        state = setAnswer(state, question, answersByQuestion[question]);
        unused.delete(question);
      } else if (!isOptional(step, question))
        throw new Error(`the persona has no answer for "${question}" on step "${step.id}" (path: ${state.history.join(' → ')})`);
    }
    const moved = nextStep(flow, state);
    if (!moved.ok) throw new Error(`nextStep refused step "${step.id}": ${JSON.stringify(moved.issues)}`);
    state = moved.value;
  }
}

/** The rules that gave or took points, in trace order (criteria, then negative rules). */
const pointRules = (score: ScoreResult) =>
  score.trace.filter((entry) => ['fit', 'intent', 'negative'].includes(entry.kind) && entry.points !== 0).map((entry) => entry.rule);

/** Dimension caps applied: dimension id → points taken off. */
const capsApplied = (score: ScoreResult) =>
  Object.fromEntries(score.trace.filter((entry) => entry.kind === 'cap').map((entry) => [entry.rule.replace(/^cap:/, ''), entry.points]));

interface Persona {
  name: string;
  answers: Record<string, AnswerValue>;
  hidden?: HiddenFields;
  end: (typeof ENDINGS)[number];
  route: 'sales_now' | 'follow_up' | 'nurture' | 'disqualified';
  tier: 'cold' | 'warm' | 'hot';
  qualified: boolean;
  total: number;
  fit: number;
  intent: number;
  negative?: number;
  knockouts?: string[];
  /** Criteria and negative rules that gave or took points, in trace order. */
  rules: string[];
  caps?: Record<string, number>;
  signals?: string[];
  /** The steps visited, when the persona leaves early. */
  path?: string[];
}

const contact = (name: string, email: string, company: string, extra: Record<string, string> = {}) => ({
  name,
  email,
  company,
  ...extra,
  privacy: true,
});

// ---------------------------------------------------------------------------------------
// BANT — Relatio CRM. Dimensions budget/authority/need (fit), timeline (intent): 25 points each, capped at 25.
// Preset rules in play: demo_or_pricing (+25 intent), repeat_visits (+5 intent), personal_email (−10).
// ---------------------------------------------------------------------------------------
const bantStrong = {
  role: 'decide',
  team_size: 40,
  pain: ['scattered_data', 'no_forecast', 'manual_followups'],
  current_setup: 'comparing',
  budget: 'approved',
  timeline: 'this_quarter',
  request: 'demo',
};

const bant: Persona[] = [
  {
    // decision_role decide 25 | sales_team 40 → 12, sales_pain 5+5+5 = 15: need 27, capped at 25 (−2)
    // | budget_evidence approved: 25 × 3/3 = 25 | go_live this_quarter 25 | demo_or_pricing 25 | repeat_visits 3 ≥ 2: 5
    // fit 25 + 25 + 25 = 75, intent 25 + 25 + 5 = 55, total 130. "International" must not trip the \bintern\b knock-out.
    name: 'a sales director who decides, with budget and a demo request',
    answers: { ...bantStrong, ...contact('Anna Berg', 'anna.berg@nordlicht-maschinen.example', 'Nordlicht Maschinen GmbH', { job_title: 'Head of International Sales' }) },
    hidden: { visits: '3', utm_source: 'linkedin' },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 130,
    fit: 75,
    intent: 55,
    rules: ['demo_or_pricing', 'repeat_visits', 'decision_role', 'sales_team', 'sales_pain', 'budget_evidence', 'go_live'],
    caps: { need: -2 },
    signals: ['purchase_request', 'compares_vendors', 'decision_this_quarter'],
  },
  {
    // decision_role recommend 15 | sales_team 8 → 8, sales_pain 5: need 13 | budget_evidence none 0 | go_live this_quarter 25
    // fit 15 + 13 = 28, intent 25, total 53 (warm); two medium signals (comparing vendors, this quarter) rate strong.
    name: 'a team lead comparing vendors this quarter, without budget',
    answers: {
      role: 'recommend',
      team_size: 8,
      pain: ['manual_followups'],
      current_setup: 'comparing',
      budget: 'none',
      timeline: 'this_quarter',
      request: 'info',
      ...contact('Jonas Weber', 'jonas.weber@kanzlei-weber.example', 'Kanzlei Weber'),
    },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 53,
    fit: 28,
    intent: 25,
    rules: ['decision_role', 'sales_team', 'sales_pain', 'go_live'],
    signals: ['compares_vendors', 'decision_this_quarter'],
  },
  {
    // decision_role evaluate 5 | sales_team 3 → 0 | sales_pain reporting 3 | budget 0 | go_live 0 | personal_email gmail −10
    // fit 8, intent 0, negative −10, total −2.
    name: 'a researcher with a gmail address and no plans',
    answers: {
      role: 'evaluate',
      team_size: 3,
      pain: ['reporting'],
      current_setup: 'spreadsheets',
      budget: 'none',
      timeline: 'exploring',
      request: 'info',
      ...contact('Lea Sommer', 'lea.sommer@gmail.com', 'Sommer Consulting'),
    },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: -2,
    fit: 8,
    intent: 0,
    negative: -10,
    rules: ['decision_role', 'sales_pain', 'personal_email'],
    signals: [],
  },
  {
    // The strong answers without the visits: 130 − 5 = 125; still scored, but the competitor's domain knocks it out.
    name: 'a competitor posing as a buyer',
    answers: { ...bantStrong, ...contact('Tom Kraft', 'tom.kraft@rival.example', 'Rival CRM AG', { job_title: 'Head of Sales' }) },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'hot',
    qualified: false,
    total: 125,
    fit: 75,
    intent: 50,
    knockouts: ['competitor'],
    rules: ['demo_or_pricing', 'decision_role', 'sales_team', 'sales_pain', 'budget_evidence', 'go_live'],
    caps: { need: -2 },
  },
  {
    // decision_role evaluate 5 | sales_pain reporting 3 | company address: no penalty. total 8; the job title knocks it out.
    name: 'a working student',
    answers: {
      role: 'evaluate',
      team_size: 3,
      pain: ['reporting'],
      current_setup: 'spreadsheets',
      budget: 'none',
      timeline: 'exploring',
      request: 'info',
      ...contact('Lena Hoff', 'lena.hoff@nordlicht-maschinen.example', 'Nordlicht Maschinen GmbH', { job_title: 'Werkstudentin Vertrieb' }),
    },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'cold',
    qualified: false,
    total: 8,
    fit: 8,
    intent: 0,
    knockouts: ['student'],
    rules: ['decision_role', 'sales_pain'],
  },
];

// ---------------------------------------------------------------------------------------
// ANUM — Bastion Audit (security audits). authority/need/money (fit), urgency (intent): 25 each, capped at 25.
// ---------------------------------------------------------------------------------------
const anum: Persona[] = [
  {
    // role_seniority ciso 25 | audit_drivers 10+10+10 = 30, capped at 25 (−5) | audit_deadline fixed_date 25 × 3/3 = 25
    // | audit_budget 45 000 ≥ 30 000 → 18 | demo_or_pricing quote 25 | repeat_visits 4 ≥ 2: 5
    // fit 25 + 25 + 18 = 68, intent 25 + 25 + 5 = 55, total 123.
    name: 'a CISO with a fixed external audit date asking for a quote',
    answers: {
      role: 'ciso',
      drivers: ['audit_findings', 'regulation', 'incident'],
      deadline: 'fixed_date',
      budget: 45000,
      approval: 'management',
      request: 'quote',
      ...contact('Dr. Miriam Koch', 'm.koch@stadtwerke-hafen.example', 'Stadtwerke Hafen', { phone: '+49 40 1234567' }),
    },
    hidden: { visits: '4', utm_source: 'google' },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 123,
    fit: 68,
    intent: 55,
    rules: ['demo_or_pricing', 'repeat_visits', 'role_seniority', 'audit_drivers', 'audit_deadline', 'audit_budget'],
    caps: { need: -5 },
    signals: ['purchase_request', 'external_audit_scheduled', 'approval_path_known'],
  },
  {
    // role_seniority it_lead 18 | audit_drivers customer_request 5 | audit_deadline fixed_date 25 | audit_budget 8 000 → 0
    // fit 23, intent 25, total 48 (warm); the fixed audit date is a strong signal on its own.
    name: 'a head of IT with an audit date but no budget',
    answers: {
      role: 'it_lead',
      drivers: ['customer_request'],
      deadline: 'fixed_date',
      budget: 8000,
      approval: 'unclear',
      request: 'info',
      ...contact('Paul Richter', 'p.richter@richter-druck.example', 'Richter Druck KG'),
    },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 48,
    fit: 23,
    intent: 25,
    rules: ['role_seniority', 'audit_drivers', 'audit_deadline'],
    signals: ['external_audit_scheduled'],
  },
  {
    // role_seniority compliance 12 | audit_drivers customer_request 5 | deadline none 0 | budget 5 000 → 0. total 17.
    name: 'a compliance officer without deadline or budget',
    answers: {
      role: 'compliance',
      drivers: ['customer_request'],
      deadline: 'none',
      budget: 5000,
      approval: 'unclear',
      request: 'info',
      ...contact('Sabine Lorenz', 'lorenz@lorenz-textil.example', 'Lorenz Textil'),
    },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: 17,
    fit: 17,
    intent: 0,
    rules: ['role_seniority', 'audit_drivers'],
    signals: [],
  },
  {
    // Leaves at the first step: the role step routes on { score: route is disqualified }. repeat_visits 2 ≥ 2: 5, total 5.
    name: 'a job seeker, turned away at the first step',
    answers: { role: 'job_seeker' },
    hidden: { visits: '2' },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'cold',
    qualified: false,
    total: 5,
    fit: 0,
    intent: 5,
    knockouts: ['job_seeker'],
    rules: ['repeat_visits'],
    path: ['role', 'end_disqualified'],
  },
];

// ---------------------------------------------------------------------------------------
// MEDDPICC — Fertiga manufacturing ERP. Eight dimensions of 12 points each (100 / 8, rounded down), capped at 12.
// metrics, economic_buyer, identify_pain are fit; the other five intent. One answer (role) feeds two dimensions.
// ---------------------------------------------------------------------------------------
const meddpiccStrong = {
  expected_savings: 250000,
  pain: ['planning', 'inventory', 'legacy_eol'],
  role: 'project_lead',
  decision_process: 'documented',
  paper_process: 'procurement_legal',
  decision_criteria: ['mes_integration', 'industry_fit', 'cloud'],
  competition: 'shortlist',
  request: 'demo',
};

const meddpicc: Persona[] = [
  {
    // quantified_benefit 250 000 ≥ 100 000 → 8 | production_pain 4+4+6 = 14, capped at 12 (−2)
    // | role project_lead: budget_owner 4, project_champion 12 | decision_steps documented 12 × 3/3 = 12
    // | signature_path 12 | selection_criteria 4+4+3 = 11 | alternatives shortlist 12 | demo_or_pricing 25
    // fit 8 + 12 + 4 = 24, intent 12 + 12 + 12 + 11 + 12 + 25 = 84, total 108.
    name: 'a project lead with a documented process, procurement on board and a shortlist',
    answers: { ...meddpiccStrong, ...contact('Markus Feld', 'markus.feld@feld-antriebstechnik.example', 'Feld Antriebstechnik GmbH', { job_title: 'Leiter ERP-Projekt' }) },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 108,
    fit: 24,
    intent: 84,
    rules: ['demo_or_pricing', 'quantified_benefit', 'production_pain', 'budget_owner', 'project_champion', 'decision_steps', 'signature_path', 'selection_criteria', 'alternatives'],
    caps: { identify_pain: -2 },
    signals: ['purchase_request', 'decision_process_named', 'procurement_involved', 'compares_competitors'],
  },
  {
    // quantified_benefit 50 000 ≥ 1 → 4 | production_pain 4 | key_user: budget_owner 0, project_champion 6
    // | decision_steps documented 12 | signature_path unknown 0 | selection_criteria price 2 | alternatives shortlist 12
    // fit 4 + 4 = 8, intent 6 + 12 + 2 + 12 = 32, total 40 (warm); two medium signals rate strong.
    name: 'a key user whose team has a documented process and a shortlist',
    answers: {
      expected_savings: 50000,
      pain: ['traceability'],
      role: 'key_user',
      decision_process: 'documented',
      paper_process: 'unknown',
      decision_criteria: ['price'],
      competition: 'shortlist',
      request: 'info',
      ...contact('Aylin Demir', 'a.demir@kunststoff-sued.example', 'Kunststoff Süd GmbH'),
    },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 40,
    fit: 8,
    intent: 32,
    rules: ['quantified_benefit', 'production_pain', 'project_champion', 'decision_steps', 'selection_criteria', 'alternatives'],
    signals: ['decision_process_named', 'compares_competitors'],
  },
  {
    // expected_savings left empty (optional) → no band | production_pain 4 | key_user: 0 and 6 | selection_criteria 2.
    // fit 4, intent 8, total 12.
    name: 'a key user at the very start, skipping the optional benefit question',
    answers: {
      pain: ['planning'],
      role: 'key_user',
      decision_process: 'unknown',
      paper_process: 'unknown',
      decision_criteria: ['price'],
      competition: 'none',
      request: 'info',
      ...contact('Kai Brandt', 'kai.brandt@brandt-metall.example', 'Brandt Metall'),
    },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: 12,
    fit: 4,
    intent: 8,
    rules: ['production_pain', 'project_champion', 'selection_criteria'],
    signals: [],
  },
  {
    // The strong answers (108) from a working student: scored in full, knocked out by the job title.
    name: 'a working student writing about ERP',
    answers: { ...meddpiccStrong, ...contact('Felix Arnold', 'felix.arnold@feld-antriebstechnik.example', 'Feld Antriebstechnik GmbH', { job_title: 'Werkstudent Produktionsplanung' }) },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'hot',
    qualified: false,
    total: 108,
    fit: 24,
    intent: 84,
    knockouts: ['student'],
    rules: ['demo_or_pricing', 'quantified_benefit', 'production_pain', 'budget_owner', 'project_champion', 'decision_steps', 'signature_path', 'selection_criteria', 'alternatives'],
    caps: { identify_pain: -2 },
  },
];

// ---------------------------------------------------------------------------------------
// CHAMP — Personalo HR software. challenges/authority/money (fit), prioritization (intent): 25 each, capped at 25.
// Tiers: hot needs 61 points AND a fit of at least 30, so intent alone cannot make a lead hot.
// ---------------------------------------------------------------------------------------
const champ: Persona[] = [
  {
    // hr_challenges 8+8+6 = 22 | headcount 250 → 8, budget_evidence approved 25 × 3/3 = 25: money 33, capped at 25 (−8)
    // | decision_role hr_lead 25 | project_priority top3 25 | demo_or_pricing 25 | repeat_visits 3 ≥ 2: 5
    // fit 22 + 25 + 25 = 72, intent 25 + 25 + 5 = 55, total 127.
    name: 'a head of HR with approved budget and a top-three project',
    answers: {
      challenges: ['manual_onboarding', 'compliance_docs', 'time_off'],
      employees: 250,
      role: 'hr_lead',
      budget_status: 'approved',
      priority: 'top3',
      rollout: 'works_council',
      request: 'demo',
      ...contact('Claudia Neumann', 'c.neumann@baeckerei-sonnenkorn.example', 'Bäckerei Sonnenkorn GmbH', { phone: '+49 711 9876543' }),
    },
    hidden: { visits: '3', utm_source: 'newsletter' },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 127,
    fit: 72,
    intent: 55,
    rules: ['demo_or_pricing', 'repeat_visits', 'hr_challenges', 'headcount', 'decision_role', 'budget_evidence', 'project_priority'],
    caps: { money: -8 },
    signals: ['purchase_request', 'approval_process_named', 'top_priority'],
  },
  {
    // hr_challenges time_off 6 | headcount 30 → 5 | decision_role hr_team 12 | budget_evidence none 0
    // | project_priority top3 25 | demo_or_pricing 25 | repeat_visits 5 ≥ 2: 5
    // fit 6 + 5 + 12 = 23, intent 25 + 25 + 5 = 55, total 78 ≥ 61 — but fit 23 < 30, so warm, not hot: follow-up.
    name: 'an eager HR team member without budget (fit-gated)',
    answers: {
      challenges: ['time_off'],
      employees: 30,
      role: 'hr_team',
      budget_status: 'none',
      priority: 'top3',
      rollout: 'works_council',
      request: 'demo',
      ...contact('Nina Vogt', 'nina.vogt@vogt-sanitaer.example', 'Vogt Sanitär'),
    },
    hidden: { visits: '5', utm_source: 'linkedin' },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 78,
    fit: 23,
    intent: 55,
    rules: ['demo_or_pricing', 'repeat_visits', 'hr_challenges', 'headcount', 'decision_role', 'project_priority'],
    signals: ['purchase_request', 'approval_process_named', 'top_priority'],
  },
  {
    // hr_challenges scattered_files 6 | headcount 12 → 0 | decision_role hr_team 12 | personal_email web.de −10
    // fit 18, intent 0, negative −10, total 8.
    name: 'a small company with a web.de address and no priority',
    answers: {
      challenges: ['scattered_files'],
      employees: 12,
      role: 'hr_team',
      budget_status: 'none',
      priority: 'someday',
      rollout: 'unknown',
      request: 'info',
      ...contact('Jan Busch', 'jan.busch@web.de', 'Busch Gartenbau'),
    },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: 8,
    fit: 18,
    intent: 0,
    negative: -10,
    rules: ['hr_challenges', 'decision_role', 'personal_email'],
    signals: [],
  },
  {
    // Leaves at the role step. hr_challenges manual_onboarding 8 | headcount 40 → 5: total 13, still computed.
    name: 'an applicant, turned away at the role step',
    answers: { challenges: ['manual_onboarding'], employees: 40, role: 'applicant' },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'cold',
    qualified: false,
    total: 13,
    fit: 13,
    intent: 0,
    knockouts: ['applicant'],
    rules: ['hr_challenges', 'headcount'],
    path: ['challenges', 'employees', 'role', 'end_disqualified'],
  },
];

// ---------------------------------------------------------------------------------------
// FAINT — Frachtpilot logistics platform. funding/authority/need (fit), interest/timing (intent): 20 each, capped at 20.
// ---------------------------------------------------------------------------------------
const faintWeak = {
  shipments: 200,
  needs: ['tracking'],
  funding: 'none',
  role: 'dispatcher',
  interest: ['nothing'],
  timing: 'no_date',
  alternatives: 'first_look',
  request: 'info',
};

const faint: Persona[] = [
  {
    // shipment_volume 12 000 ≥ 5 000 → 14, use_cases 6+6 = 12: need 26, capped at 20 (−6)
    // | funding_evidence budgeted 20 × 3/3 = 20 | decision_role logistics_head 20 | content_seen 10+5 = 15
    // | go_live contract_ends 20 | demo_or_pricing 25 | repeat_visits 2 ≥ 2: 5
    // fit 20 + 20 + 20 = 60, intent 15 + 20 + 25 + 5 = 65, total 125.
    name: 'a head of logistics whose carrier contract ends, asking for a demo',
    answers: {
      shipments: 12000,
      needs: ['carrier_booking', 'freight_audit'],
      funding: 'budgeted',
      role: 'logistics_head',
      interest: ['roi_calculator', 'case_study'],
      timing: 'contract_ends',
      alternatives: 'shortlist',
      request: 'demo',
      ...contact('Stefan Meier', 's.meier@meier-versand.example', 'Meier Versandhandel GmbH', { job_title: 'Leiter Logistik' }),
    },
    hidden: { visits: '2', utm_source: 'google' },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 125,
    fit: 60,
    intent: 65,
    rules: ['demo_or_pricing', 'repeat_visits', 'shipment_volume', 'use_cases', 'funding_evidence', 'decision_role', 'content_seen', 'go_live'],
    caps: { need: -6 },
    signals: ['purchase_request', 'contract_deadline', 'compares_vendors'],
  },
  {
    // shipment_volume 800 ≥ 500 → 8, use_cases customs 4: need 12 | funding_evidence from_savings 20 × 1/3 = 6.67 → 7
    // | decision_role consultant 5 | content_seen webinar 5 | go_live contract_ends 20
    // fit 12 + 7 + 5 = 24, intent 5 + 20 = 25, total 49 (warm); two medium signals rate strong.
    name: 'a consultant with a contract deadline and a shortlist',
    answers: {
      shipments: 800,
      needs: ['customs'],
      funding: 'from_savings',
      role: 'consultant',
      interest: ['webinar'],
      timing: 'contract_ends',
      alternatives: 'shortlist',
      request: 'info',
      ...contact('Ole Hansen', 'ole@hansen-logistikberatung.example', 'Hansen Logistikberatung'),
    },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 49,
    fit: 24,
    intent: 25,
    rules: ['shipment_volume', 'use_cases', 'funding_evidence', 'decision_role', 'content_seen', 'go_live'],
    signals: ['contract_deadline', 'compares_vendors'],
  },
  {
    // shipment_volume 200 → 0 | use_cases tracking 5 | decision_role dispatcher 8. fit 13, total 13.
    name: 'a dispatcher just looking around',
    answers: { ...faintWeak, ...contact('Mia Krüger', 'mia.krueger@krueger-moebel.example', 'Krüger Möbel') },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: 13,
    fit: 13,
    intent: 0,
    rules: ['use_cases', 'decision_role'],
    signals: [],
  },
  {
    // The same answers (13) from an intern: knocked out by the job title.
    name: 'an intern',
    answers: { ...faintWeak, ...contact('Tim Wolf', 'tim.wolf@krueger-moebel.example', 'Krüger Möbel', { job_title: 'Praktikant Logistik' }) },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'cold',
    qualified: false,
    total: 13,
    fit: 13,
    intent: 0,
    knockouts: ['student'],
    rules: ['use_cases', 'decision_role'],
  },
];

// ---------------------------------------------------------------------------------------
// GPCTBA/C&I — Klarsicht Analytics consultancy. Eight dimensions of 12 points each, capped at 12.
// goals, challenges, budget, authority are fit; plans, timeline, consequences, implications intent.
// ---------------------------------------------------------------------------------------
const gpctbaStrong = {
  goals: ['single_source', 'self_service', 'forecasting'],
  plans: 'external_partner',
  challenges: ['data_silos', 'data_quality', 'no_skills'],
  budget: 60000,
  role: 'sponsor',
  timeline: 'this_quarter',
  stakes: 'board_goal',
  request: 'quote',
};

const gpctba: Persona[] = [
  {
    // data_goals 4+4+4 = 12 | delivery_plan external_partner 12 | obstacles 4+4+4 = 12 | project_budget 60 000 ≥ 40 000 → 10
    // | decision_role sponsor 12 | project_start this_quarter 12 | cost_of_inaction board_goal 12 × 3/3 = 12
    // | visible_success board_goal 12 | demo_or_pricing quote 25
    // fit 12 + 12 + 10 + 12 = 46, intent 12 + 12 + 12 + 12 + 25 = 73, total 119.
    name: 'a sponsor with a board objective asking for a quote',
    answers: { ...gpctbaStrong, ...contact('Eva Lindner', 'eva.lindner@lindner-handel.example', 'Lindner Handel AG', { job_title: 'CFO' }) },
    end: 'end_book',
    route: 'sales_now',
    tier: 'hot',
    qualified: true,
    total: 119,
    fit: 46,
    intent: 73,
    rules: ['demo_or_pricing', 'data_goals', 'delivery_plan', 'obstacles', 'project_budget', 'decision_role', 'project_start', 'cost_of_inaction', 'visible_success'],
    signals: ['purchase_request', 'partner_planned', 'start_this_quarter', 'board_mandate'],
  },
  {
    // data_goals forecasting 4 | delivery_plan inhouse_first 4 | obstacles data_quality 4 | project_budget 10 000 → 0
    // | decision_role analyst 4 | project_start open 0 | cost_of_inaction slower 12 × 2/3 = 8 | visible_success slower 4
    // | demo_or_pricing pricing 25. fit 4 + 4 + 4 = 12, intent 4 + 8 + 4 + 25 = 41, total 53 (warm); pricing is a strong signal.
    name: 'an analyst asking for day rates',
    answers: {
      goals: ['forecasting'],
      plans: 'inhouse_first',
      challenges: ['data_quality'],
      budget: 10000,
      role: 'analyst',
      timeline: 'open',
      stakes: 'slower',
      request: 'pricing',
      ...contact('Hannah Roth', 'hannah.roth@roth-pharma.example', 'Roth Pharma GmbH'),
    },
    end: 'end_follow_up',
    route: 'follow_up',
    tier: 'warm',
    qualified: true,
    total: 53,
    fit: 12,
    intent: 41,
    rules: ['demo_or_pricing', 'data_goals', 'delivery_plan', 'obstacles', 'decision_role', 'cost_of_inaction', 'visible_success'],
    signals: ['purchase_request'],
  },
  {
    // data_goals ai_readiness 2 | obstacles tool_sprawl 3 | project_budget 5 000 → 0 | decision_role analyst 4. total 9.
    name: 'an analyst without plan, budget or urgency',
    answers: {
      goals: ['ai_readiness'],
      plans: 'no_plan',
      challenges: ['tool_sprawl'],
      budget: 5000,
      role: 'analyst',
      timeline: 'open',
      stakes: 'nothing',
      request: 'info',
      ...contact('Ben Schulz', 'ben.schulz@schulz-bau.example', 'Schulz Bau'),
    },
    end: 'end_nurture',
    route: 'nurture',
    tier: 'cold',
    qualified: false,
    total: 9,
    fit: 9,
    intent: 0,
    rules: ['data_goals', 'obstacles', 'decision_role'],
    signals: [],
  },
  {
    // The strong answers without a personal-mail penalty: 119; a subdomain of the rival's domain still knocks it out.
    name: 'a competitor writing from a subdomain',
    answers: { ...gpctbaStrong, ...contact('Jan Kruse', 'jan.kruse@analytics.rival.example', 'Rival Data GmbH') },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'hot',
    qualified: false,
    total: 119,
    fit: 46,
    intent: 73,
    knockouts: ['competitor'],
    rules: ['demo_or_pricing', 'data_goals', 'delivery_plan', 'obstacles', 'project_budget', 'decision_role', 'project_start', 'cost_of_inaction', 'visible_success'],
  },
  {
    // Leaves at the role step. data_goals ai_readiness 2 | obstacles data_quality 4 | project_budget 0 → 0: total 6.
    name: 'a student writing a thesis, turned away at the role step',
    answers: { goals: ['ai_readiness'], plans: 'no_plan', challenges: ['data_quality'], budget: 0, role: 'student' },
    end: 'end_disqualified',
    route: 'disqualified',
    tier: 'cold',
    qualified: false,
    total: 6,
    fit: 6,
    intent: 0,
    knockouts: ['student'],
    rules: ['data_goals', 'obstacles'],
    path: ['goals', 'plans', 'challenges', 'budget', 'role', 'end_disqualified'],
  },
];

const personas: Record<Framework, Persona[]> = { bant, anum, meddpicc, champ, faint, gpctba };

describe('the example flows as published', () => {
  it.each(FRAMEWORKS)('%s.json passes validateFlow without issues', (name) => {
    const result = validateFlow(readJson(name));
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it.each(FRAMEWORKS)('%s.json follows the conventions of the examples', (name) => {
    const json = readJson(name);
    expect(json).toMatchObject({ $schema: '../../dist/flow.schema.json', version: 1, locales: ['de', 'en'], webhook: '/webhook' });
    expect(json.scoring).toMatchObject({ extend: name });
    const flow = load(name);
    expect(flow.steps.filter((step) => step.type !== 'end').length).toBeGreaterThanOrEqual(6);
    expect(flow.steps.filter((step) => step.type !== 'end').length).toBeLessThanOrEqual(10);
    expect(flow.steps.filter((step) => step.type === 'end').map((step) => step.id).sort()).toEqual([...ENDINGS].sort());
    const request = flow.steps.find((step) => step.id === 'request');
    expect(request?.type).toBe('single_choice');
    const consent = flow.steps.find((step) => step.type === 'consent');
    expect(consent && 'privacyUrl' in consent && consent.privacyUrl).toBe('/privacy');
    const contactStep = flow.steps.find((step) => step.type === 'contact');
    expect(contactStep?.type === 'contact' && contactStep.fields.find((field) => field.id === 'email')?.kind).toBe('email');
  });

  it('gives every flow its own id', () => {
    const ids = FRAMEWORKS.map((name) => readJson(name).id);
    expect(new Set(ids).size).toBe(FRAMEWORKS.length);
  });

  it.each(FRAMEWORKS)('%s.json can reach every step', (name) => {
    const flow = load(name);
    const reachable = reachableSteps(flow);
    expect(flow.steps.map((step) => step.id).filter((id) => !reachable.has(id))).toEqual([]);
  });

  it.each(FRAMEWORKS)('%s.json has every text in German and English', (name) => {
    expect(localeProblems(readJson(name))).toEqual([]);
  });

  it.each(FRAMEWORKS)('%s.json books meetings only on the sales ending', (name) => {
    const flow = load(name);
    const end = (id: string) => flow.steps.find((step) => step.id === id);
    const ctaOf = (id: string) => {
      const step = end(id);
      return step?.type === 'end' ? step.cta : undefined;
    };
    expect(ctaOf('end_book')?.url).toMatch(/^https:\/\/cal\.example\//);
    expect(ctaOf('end_nurture')?.url).toMatch(/^\/guide\//);
    expect(ctaOf('end_follow_up')).toBeUndefined();
    expect(ctaOf('end_disqualified')).toBeUndefined();
  });
});

describe.each(FRAMEWORKS)('%s.json, walked by visitors', (name) => {
  const flow = load(name);

  it.each(personas[name].map((persona) => [`${persona.name} → ${persona.route}`, persona] as const))('%s', (_, persona) => {
    const { end, path, score } = walk(flow, persona.answers, persona.hidden);
    expect(end.id).toBe(persona.end);
    if (persona.path) expect(path).toEqual(persona.path);
    expect(score.route).toBe(persona.route);
    expect(score.tier).toBe(persona.tier);
    expect(score.qualified).toBe(persona.qualified);
    expect(score.total).toBe(persona.total);
    expect(score.fit).toBe(persona.fit);
    expect(score.intent).toBe(persona.intent);
    expect(score.negative).toBe(persona.negative ?? 0);
    expect(score.knockouts).toEqual(persona.knockouts ?? []);
    expect(pointRules(score)).toEqual(persona.rules);
    expect(capsApplied(score)).toEqual(persona.caps ?? {});
    if (persona.signals) expect(score.signalsFound).toEqual(persona.signals);
    expect(score.configVersion).toMatch(new RegExp(`^${flow.id}@1:`));
  });

  it('reaches every ending and every step with these visitors', () => {
    const walks = personas[name].map((persona) => walk(flow, persona.answers, persona.hidden));
    expect(new Set(walks.map((w) => w.end.id))).toEqual(new Set(ENDINGS));
    const visited = new Set(walks.flatMap((w) => w.path));
    expect(flow.steps.map((step) => step.id).filter((id) => !visited.has(id))).toEqual([]);
  });
});

describe('details the examples show off', () => {
  it('champ.json: intent alone does not make a lead hot (hot needs a fit of 30)', () => {
    const flow = load('champ');
    const eager = champ[1]!;
    const { score } = walk(flow, eager.answers, eager.hidden);
    // 78 points would be hot under the default tiers; fit 6 + 5 + 12 = 23 keeps it warm.
    expect(score.total).toBeGreaterThanOrEqual(61);
    expect(score.trace.find((entry) => entry.rule === 'tier')?.detail).toBe('warm: fit 23 is below 30, needed for hot');
  });

  it('bant.json: the knock-out pattern catches "Praktikantin" and "Intern", not "International" or "Internal"', () => {
    const flow = load('bant');
    const knockedOut = (job_title: string) => scoreLead(flow, { job_title }).knockouts;
    expect(knockedOut('Praktikantin Marketing')).toEqual(['student']);
    expect(knockedOut('Sales Intern')).toEqual(['student']);
    expect(knockedOut('Head of International Sales')).toEqual([]);
    expect(knockedOut('Internal Sales Manager')).toEqual([]);
  });

  it('bant.json: a visitor without visits gets no repeat-visit points, and one visit is not a repeat', () => {
    const flow = load('bant');
    const answers = { request: 'info' };
    expect(scoreLead(flow, answers).criteria.repeat_visits).toBe(0);
    expect(scoreLead(flow, answers, { hidden: { visits: '1' } }).criteria.repeat_visits).toBe(0);
    expect(scoreLead(flow, answers, { hidden: { visits: '2' } }).criteria.repeat_visits).toBe(5);
  });

  it('meddpicc.json and gpctba.json: preset rules on hidden fields the flow does not declare stay out', () => {
    for (const name of ['meddpicc', 'gpctba'] as const) {
      const { score } = walk(load(name), personas[name][0]!.answers);
      expect(Object.keys(score.criteria)).not.toContain('repeat_visits');
      expect(Object.keys(score.criteria)).toContain('demo_or_pricing');
    }
  });
});
