import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** The demo flow the snippet points at (`/flows/saas-bant.json`), as the tests read it. */
interface DemoFlow {
  scoring: {
    criteria: Array<
      | { id: string; answer: string; options: Record<string, number> }
      | { id: string; answer: string; bands: Array<{ min?: number; max?: number; points: number }> }
    >;
    tiers: { warm: { min: number }; hot: { min: number } };
  };
}

export const DEMO_FLOW_URL = '/flows/saas-bant.json';

export const demoFlow = JSON.parse(
  readFileSync(new URL('../../../demo/flows/saas-bant.json', import.meta.url), 'utf8'),
) as DemoFlow;

/**
 * Points per criterion for answers (option ids / numbers), read straight from the flow's
 * `scoring` block: an independent reading of the flow, not the engine's code, so a scoring
 * bug in the bundle shows up as a difference.
 */
export function expectedPoints(answers: Record<string, string | string[] | number>): Record<string, number> {
  const points: Record<string, number> = {};
  for (const criterion of demoFlow.scoring.criteria) {
    const value = answers[criterion.answer];
    if ('options' in criterion) {
      const chosen = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
      points[criterion.id] = chosen.reduce((sum, option) => sum + (criterion.options[option] ?? 0), 0);
    } else {
      const band = criterion.bands.find((b) => typeof value === 'number' && (b.min ?? -Infinity) <= value && value <= (b.max ?? Infinity));
      points[criterion.id] = band?.points ?? 0;
    }
  }
  return points;
}

export function expectedTier(total: number): 'hot' | 'warm' | 'cold' {
  const { warm, hot } = demoFlow.scoring.tiers;
  return total >= hot.min ? 'hot' : total >= warm.min ? 'warm' : 'cold';
}

export const sum = (points: Record<string, number>) => Object.values(points).reduce((a, b) => a + b, 0);

/** A visitor's answers as they see them: German labels, typed text. */
export interface VisitorAnswers {
  role: string;
  needs: string[];
  teamSize: string;
  budget: string;
  timeline: string;
  name: string;
  email: string;
}

/** "Ich entscheide; two needs; 60 people; Ja, freigegeben; In diesem Quartal" — a hot lead. */
export const HOT_LEAD: VisitorAnswers = {
  role: 'Ich entscheide',
  needs: ['Lead-Verteilung', 'Umsatzprognosen'],
  teamSize: '60',
  budget: 'Ja, freigegeben',
  timeline: 'In diesem Quartal',
  name: 'Erika Mustermann',
  email: 'erika.mustermann@example.com',
};

export const HOT_END_TITLE = 'Danke! Lassen Sie uns sprechen.';

/**
 * Answers the German demo flow with the mouse, by role and label as a visitor sees it,
 * ticks the consent and submits. Each step waits for its question, so a step that does not
 * come fails here, naming it.
 */
export async function answerDemoFlow(page: Page, answers: VisitorAnswers, { force = false } = {}): Promise<void> {
  // `force` skips Playwright's wait for a still button or option, which runs on the page's own
  // requestAnimationFrame: a page that throttles it can keep that wait from ever settling (a CI
  // run with three test files at a time timed out on a radio, the buttons already forced).
  const next = () => page.getByRole('button', { name: 'Weiter' }).click({ force });
  await page.getByRole('radio', { name: answers.role }).check({ force });
  await next();
  await page.getByRole('heading', { name: 'Was möchten Sie verbessern?' }).waitFor();
  for (const need of answers.needs) await page.getByRole('checkbox', { name: need }).check({ force });
  await next();
  await page.getByRole('textbox', { name: 'Wie viele Personen arbeiten in Ihrem Vertrieb?' }).fill(answers.teamSize);
  await next();
  await page.getByRole('radio', { name: answers.budget }).check({ force });
  await next();
  await page.getByRole('radio', { name: answers.timeline }).check({ force });
  await next();
  await page.getByLabel('Name', { exact: true }).fill(answers.name);
  await page.getByLabel('E-Mail-Adresse').fill(answers.email);
  await next();
  await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check({ force });
  await page.getByRole('button', { name: 'Absenden' }).click({ force });
}
