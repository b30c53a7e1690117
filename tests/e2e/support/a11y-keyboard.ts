import type { Page } from 'playwright-core';
import { de, deepFocus, type Answers, type DeepFocus, type DemoFlowName, type StepJson } from './a11y-pages.ts';

/**
 * Answering a flow with the keyboard alone: Tab, Shift+Tab, arrows, Space, Enter and typing,
 * never a click. Each helper reads where focus is (through the shadow root) to decide the next
 * key, as a sighted keyboard user reads the focus ring; none of them sets a value by script.
 */

const describe = (focus: DeepFocus | null) =>
  focus ? `${focus.tag}${focus.type ? `[${focus.type}]` : ''} "${focus.value || focus.text}"` : 'nothing (body)';

/** Presses `key` (Tab by default) until `wanted` holds for the focused element; fails listing every stop. */
export async function pressUntil(page: Page, wanted: (focus: DeepFocus) => boolean, what: string, key = 'Tab', max = 20): Promise<DeepFocus> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const focus = await deepFocus(page);
    if (focus && wanted(focus)) return focus;
    stops.push(describe(focus));
  }
  throw new Error(`${key} never reached ${what}; focus went: ${stops.join(' → ')}`);
}

const isField = (f: DeepFocus) => f.inWidget && ['INPUT', 'SELECT', 'TEXTAREA'].includes(f.tag);
const isSubmit = (f: DeepFocus) => f.inWidget && f.tag === 'BUTTON' && f.type === 'submit';

/** `2026-06-15` as typed into Chromium's German date field (TT.MM.JJJJ): the digits in field order. */
const germanDateKeys = (iso: string) => iso.split('-').reverse().join('');

/**
 * Answers the step on screen and moves on, by keyboard. Expects focus where the widget puts it
 * (the step heading, or the page top for the first step), so the first Tab enters the step's
 * first field.
 */
export async function answerByKeyboard(page: Page, step: StepJson, answers: Answers): Promise<void> {
  const value = answers[step.id];
  const submitFromField = () => page.keyboard.press('Enter');
  const submitByButton = async () => {
    await pressUntil(page, isSubmit, 'the Next button');
    await page.keyboard.press('Enter');
  };

  switch (step.type) {
    case 'single_choice':
    case 'rating': {
      // Tab enters the group at its first radio (none is checked yet); arrows move and check.
      const target = String(value);
      let focus = await pressUntil(page, (f) => isField(f) && f.type === 'radio', 'the radio group');
      for (let i = 0; focus.value !== target; i++) {
        if (i > 12) throw new Error(`ArrowDown never reached the radio "${target}" on "${step.id}"`);
        await page.keyboard.press('ArrowDown');
        focus = (await deepFocus(page))!;
      }
      if (!focus.checked) await page.keyboard.press('Space');
      return submitFromField();
    }
    case 'multiple_choice': {
      const wanted = new Set(value as string[]);
      let focus = await pressUntil(page, (f) => isField(f) && f.type === 'checkbox', 'the first checkbox');
      for (const [i, option] of step.options!.entries()) {
        if (focus.value !== option.id) throw new Error(`Tab order on "${step.id}": expected checkbox "${option.id}", at ${describe(focus)}`);
        if (wanted.has(option.id) !== focus.checked) await page.keyboard.press('Space');
        if (i < step.options!.length - 1) {
          await page.keyboard.press('Tab');
          focus = (await deepFocus(page))!;
        }
      }
      return submitFromField();
    }
    case 'dropdown': {
      // A closed native select: ArrowDown picks the next option without opening the list.
      await pressUntil(page, (f) => isField(f) && f.tag === 'SELECT', 'the drop-down');
      const index = step.options!.findIndex((o) => o.id === value);
      for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
      const focus = await deepFocus(page);
      if (focus?.value !== value) throw new Error(`the drop-down "${step.id}" shows "${focus?.value}", not "${String(value)}"`);
      return submitByButton();
    }
    case 'consent':
      await pressUntil(page, (f) => isField(f) && f.type === 'checkbox', 'the consent checkbox');
      await page.keyboard.press('Space');
      return submitFromField();
    case 'contact': {
      await pressUntil(page, isField, 'the first contact field');
      for (const [i, field] of step.fields!.entries()) {
        const answer = answers[field.id];
        if (answer !== undefined) await page.keyboard.type(String(answer));
        if (i < step.fields!.length - 1) await page.keyboard.press('Tab');
      }
      return submitFromField();
    }
    case 'statement':
      return submitByButton();
    case 'long_text':
      // Enter makes a new line in a text area: Tab on to the button instead.
      await pressUntil(page, isField, `the field of "${step.id}"`);
      await page.keyboard.type(String(value));
      return submitByButton();
    case 'date':
      await pressUntil(page, isField, `the date field of "${step.id}"`);
      await page.keyboard.type(germanDateKeys(String(value)));
      return submitFromField();
    default:
      // short_text, email, phone, number.
      await pressUntil(page, isField, `the field of "${step.id}"`);
      await page.keyboard.type(String(value));
      return submitFromField();
  }
}

/** Finds the step on screen by its heading: its German title, and "(optional)" after an optional question's. */
export function stepTitled(steps: StepJson[], title: string): StepJson {
  const step = steps.find((s) => (s.required === false ? `${de(s.title)} (optional)` : de(s.title)) === title);
  if (!step) throw new Error(`no step titled "${title}"`);
  return step;
}

/** A strong prospect per example flow (answers as in tests/demo/example-flows.test.ts), and the ending they reach. */
export interface KeyboardPersona {
  answers: Answers;
  hidden?: Record<string, string>;
  /** The ending's step id. */
  end: string;
}

const contact = (name: string, email: string, company: string, extra: Record<string, string> = {}) => ({ name, email, company, ...extra, privacy: true });

export const STRONG_PERSONAS: Record<DemoFlowName, KeyboardPersona> = {
  anum: {
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
  },
  bant: {
    answers: {
      role: 'decide',
      team_size: 40,
      pain: ['scattered_data', 'no_forecast', 'manual_followups'],
      current_setup: 'comparing',
      budget: 'approved',
      timeline: 'this_quarter',
      request: 'demo',
      ...contact('Anna Berg', 'anna.berg@nordlicht-maschinen.example', 'Nordlicht Maschinen GmbH', { job_title: 'Head of International Sales' }),
    },
    hidden: { visits: '3', utm_source: 'linkedin' },
    end: 'end_book',
  },
  champ: {
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
  },
  faint: {
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
  },
  gpctba: {
    answers: {
      goals: ['single_source', 'self_service', 'forecasting'],
      plans: 'external_partner',
      challenges: ['data_silos', 'data_quality', 'no_skills'],
      budget: 60000,
      role: 'sponsor',
      timeline: 'this_quarter',
      stakes: 'board_goal',
      request: 'quote',
      ...contact('Eva Lindner', 'eva.lindner@lindner-handel.example', 'Lindner Handel AG', { job_title: 'CFO' }),
    },
    end: 'end_book',
  },
  meddpicc: {
    answers: {
      expected_savings: 250000,
      pain: ['planning', 'inventory', 'legacy_eol'],
      role: 'project_lead',
      decision_process: 'documented',
      paper_process: 'procurement_legal',
      decision_criteria: ['mes_integration', 'industry_fit', 'cloud'],
      competition: 'shortlist',
      request: 'demo',
      ...contact('Markus Feld', 'markus.feld@feld-antriebstechnik.example', 'Feld Antriebstechnik GmbH', { job_title: 'Leiter ERP-Projekt' }),
    },
    end: 'end_book',
  },
  'saas-bant': {
    answers: {
      role: 'sign_off',
      need: ['lead_routing', 'forecasting'],
      team_size: 60,
      budget: 'approved',
      timeline: 'this_quarter',
      name: 'Erika Mustermann',
      email: 'erika.mustermann@example.com',
      privacy: true,
    },
    end: 'end_hot',
  },
};
