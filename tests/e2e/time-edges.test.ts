import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { STUDENT, inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const START = 'Wann möchten Sie starten?';
const STUDENT_END = 'Danke, dass Sie vorbeischauen!';
/** 2026-03-28T23:59:30Z: half a minute before Berlin's spring-forward night begins in UTC. */
const T = Date.UTC(2026, 2, 28, 23, 59, 30);
const HOUR = 3600_000;

interface Lead {
  timestamp: string;
  data: { answers: Record<string, { value: unknown }>; meta: Record<string, unknown> };
}

/**
 * Time in Chromium with the built `dist/leadflow.js`: a date question for visitors in other
 * time zones than the site (`timezoneId`), and the fill-time bot check when the visitor's clock
 * is set back while they fill in the form (`page.clock`).
 */
describe.skipIf(!chromiumPath)('time in a real browser', () => {
  const suite = browserSuite(chromiumPath);

  const leads = () => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).map((r) => r.body as Lead);

  function datePage(path: string): string {
    const flow = {
      id: 'dates',
      version: 1,
      locales: ['de'],
      steps: [
        { id: 'start', type: 'date', title: START, min: '2026-03-29', max: '2026-10-04' },
        { id: 'end', type: 'end', title: 'Danke' },
      ],
    };
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'de', 'min-fill-ms': 0, lazy: 'false' });
    return suite.site.page(path, landingPage(inlineFlow('flow', flow) + element + SCRIPT_TAG));
  }

  it.each(['America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Kiritimati'])('sends the chosen day unshifted, and names the bound as the flow\'s day, in %s', async (timezoneId) => {
    const url = datePage(`/dates-${timezoneId.replace('/', '-')}.html`);
    const { page } = await suite.sessions.open({ timezoneId });
    await page.goto(url);
    const field = page.getByLabel(START);
    await field.fill('2026-03-28');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByText('Bitte wählen Sie ein Datum ab dem 29. März 2026.').waitFor();
    await field.fill('2026-10-04');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: 'Danke' }).waitFor();
    await expect.poll(() => leads().length, { timeout: 5000 }).toBe(1);
    const [lead] = leads();
    expect(lead!.data.answers.start).toEqual({ value: '2026-10-04' });
    expect(lead!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(lead!.data.meta.startedAt).toMatch(/Z$/);
    expect(lead!.data.meta.completedAt).toMatch(/Z$/);
  });

  /** The demo flow inline with the default minimum fill time (1.5 s), its page clock at T. */
  async function formSeenAt(path: string): Promise<Page> {
    const element = widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'de', lazy: 'false' });
    const url = suite.site.page(path, landingPage(inlineFlow('flow', demoFlowJson()) + element + SCRIPT_TAG));
    const { page } = await suite.sessions.open();
    await page.clock.install({ time: T });
    await page.goto(url);
    await page.getByRole('radio', { name: STUDENT }).waitFor();
    return page;
  }

  async function submitStudent(page: Page): Promise<void> {
    await page.getByRole('radio', { name: STUDENT }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await page.getByRole('heading', { name: STUDENT_END }).waitFor();
  }

  it('sends the lead of a visitor who took 20 s to answer', async () => {
    const page = await formSeenAt('/fill-normal.html');
    await page.clock.fastForward(20_000);
    await submitStudent(page);
    await expect.poll(() => leads().length, { timeout: 5000 }).toBe(1);
    expect(leads()[0]!.data.meta.suspectedBot).toBeUndefined();
  });

  // Was: src/embed/submit-lead.ts measures the fill time on the wall clock: with the visitor's
  // clock corrected an hour back while they answered (20 s of real time), the fill time is
  // about −1 h, "faster" than min-fill-ms, and the lead is dropped as a bot's by default.
  // Expected: a person's lead is sent (docs/delivery.md "Bots": the time from when the first
  // step is first seen to sending).
  it('sends the lead of a visitor whose clock went back an hour while they answered', async () => {
    const page = await formSeenAt('/fill-clock-back.html');
    // 20 s of answering (both clocks move), then the wall clock is corrected an hour back.
    await page.clock.fastForward(20_000);
    await page.clock.setSystemTime(T - HOUR + 20_000);
    await submitStudent(page);
    await expect.poll(() => leads().length, { timeout: 3000 }).toBe(1);
  });
});
