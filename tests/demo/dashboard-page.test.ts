// @vitest-environment jsdom
// The page is read the way a screen reader would: tables by caption, rows by their header.
import { within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { FunnelEvent } from '../../demo/receiver/analytics-batch.ts';
import { LATEST_LEADS, renderDashboardMain, renderDashboardPage } from '../../demo/receiver/dashboard-page.ts';
import { computeDashboardStats } from '../../demo/receiver/funnel-stats.ts';
import type { StoredLead } from '../../demo/receiver/lead-store.ts';

const HOSTILE_VARIANT = '<img src=x onerror=alert(1)>';
const HOSTILE_FLOW = '"><svg onload=alert(1)>';
const HOSTILE_STEP = '<script>alert(1)</script>';

/**
 * 40 sessions of a variant, as the widget reports them: all are shown "role" with the form,
 * the first 30 start, the first `budget` complete "role" and see "budget", the first `submits`
 * complete "budget" and submit after (i + 1) seconds, every other one qualified; the others
 * that started leave.
 */
function sessions(variant: string | null, budget: number, submits: number, flowId = 'saas-bant'): FunnelEvent[] {
  const event = (type: FunnelEvent['type'], session: string, extra: Partial<FunnelEvent> = {}): FunnelEvent => ({
    type,
    flow: { id: flowId, version: 1 },
    variant,
    session,
    stepId: 'role',
    index: 0,
    at: '2026-11-27T10:00:00.000Z',
    ...extra,
  });
  return Array.from({ length: 40 }, (_, i) => {
    const session = `${variant}-${i}`;
    return [
      event('view', session),
      event('step_view', session),
      ...(i < 30 ? [event('start', session)] : []),
      ...(i < budget ? [event('step_complete', session), event('step_view', session, { stepId: 'budget', index: 1 })] : []),
      ...(i < submits
        ? [
            event('step_complete', session, { stepId: 'budget', index: 1 }),
            event('submit', session, { stepId: 'thanks', index: 2, durationMs: (i + 1) * 1000, qualified: i % 2 === 0 }),
          ]
        : []),
      ...(i >= submits && i < 30 ? [event('abandon', session, { reason: 'closed' })] : []),
    ];
  }).flat();
}

function lead(id: string, variant: string, extra: { type?: StoredLead['envelope']['type']; email?: string; qa?: boolean } = {}): StoredLead {
  const receivedAt = '2026-11-27T10:00:00.000Z';
  return {
    receivedAt,
    id,
    envelope: {
      type: extra.type ?? 'lead.submitted',
      timestamp: receivedAt,
      data: {
        id,
        flow: { id: 'saas-bant', version: 1 },
        variant,
        answers: { budget: { value: 'secret-budget-answer' } },
        contact: { name: 'Erika Muster', email: extra.email ?? 'erika@muster.example' },
        score: { total: 72, tier: 'hot', route: 'sales', qualified: true },
        ...(extra.qa && { meta: { qa: true } }),
      },
    },
  };
}

const hostileFlow: FunnelEvent[] = (['view', 'step_view'] as const).map((type) => ({
  type,
  flow: { id: HOSTILE_FLOW, version: 1 },
  variant: null,
  session: 'h',
  stepId: HOSTILE_STEP,
  index: 0,
  at: '2026-11-27T10:00:00.000Z',
}));

/** Someone checking the control with `?leadflow_variant=control`: it must change no number. */
const qaVisit = sessions('control', 40, 40)
  .slice(0, 7)
  .map((event) => ({ ...event, session: 'qa-session', qa: true as const }));

const events = [...sessions('control', 20, 12), ...sessions(HOSTILE_VARIANT, 25, 20), ...hostileFlow, ...qaVisit];
// Newest first, as the store lists them: a QA lead, a received lead, one that left after the contact step.
const leads = [lead('qa', 'control', { email: 'tester@qa-team.example', qa: true }), lead('l1', HOSTILE_VARIANT), lead('l2', 'control', { type: 'lead.partial', email: 'x@partial.example' })];
const html = renderDashboardPage(computeDashboardStats(events, leads), leads);
// The page replaces jsdom's own (whose scripts would run, were there any inline).
document.documentElement.innerHTML = html;
const page = within(document.body);

/** Markup in an element of this window, which role queries need. */
function render(markup: string) {
  const container = document.createElement('div');
  container.innerHTML = markup;
  return within(container);
}

/** A table's body rows as `{ rowHeader: [cell texts] }`. */
function rowsOf(table: HTMLElement): Record<string, string[]> {
  return Object.fromEntries(
    within(table.querySelector('tbody')!)
      .getAllByRole('row')
      .map((row) => [within(row).getByRole('rowheader').textContent, within(row).getAllByRole('cell').map((cell) => cell.textContent)]),
  );
}

describe('the dashboard page', () => {
  it('has a heading per flow and per variant', () => {
    expect(page.getByRole('heading', { level: 1 }).textContent).toBe('Conversion dashboard');
    expect(page.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toEqual([
      'Totals',
      `Flow ${HOSTILE_FLOW}`,
      'Flow saas-bant',
      'Latest leads',
    ]);
    expect(page.getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual([
      'Variant —',
      'Variant control',
      `Variant ${HOSTILE_VARIANT}`,
    ]);
  });

  it('escapes flow ids, variants and step ids, which come from strangers', () => {
    expect(html).not.toMatch(/<img|<svg onload|<script>alert/i);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(rowsOf(page.getByRole('table', { name: `Funnel of ${HOSTILE_FLOW}, variant —` }))).toEqual({
      Views: ['1', '–', '–', '100.0 %'],
      Starts: ['0', '–', '100.0 %', '0.0 %'],
      [`Step “${HOSTILE_STEP}”`]: ['1', '0', '100.0 %', '100.0 %'],
      Submits: ['0', '–', '–', '0.0 %'],
    });
  });

  it('has no inline styles or event handlers, and no script but /dashboard.js', () => {
    const attributes = [...document.querySelectorAll('*')].flatMap((element) => element.getAttributeNames());
    expect(attributes.filter((name) => name === 'style' || name.startsWith('on'))).toEqual([]);
    expect([...document.scripts].map((script) => [script.getAttribute('src'), script.textContent])).toEqual([['/dashboard.js', '']]);
  });

  it('compares the variants of a flow, each number in its column', () => {
    const table = page.getByRole('table', { name: 'Variants of saas-bant, compared with control' });
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Variant',
      'Views',
      'Submits',
      'Conversion (95 % CI)',
      'Qualified leads (95 % CI)',
      'Difference vs. baseline',
      'p-value',
      'Verdict',
      'Median time to complete',
      'Leads received',
      'Partial only',
    ]);
    expect(rowsOf(table)).toEqual({
      'control baseline': ['40', '12', '30.0 % (18.1–45.4 %)', '15.0 % (7.1–29.1 %)', '–', '–', 'baseline', '6.5 s', '0', '1'],
      [HOSTILE_VARIANT]: ['40', '20', '50.0 % (35.2–64.8 %)', '25.0 % (14.2–40.2 %)', '+20.0 pp', '0.068', 'not significant yet', '10.5 s', '1', '0'],
    });
    expect(rowsOf(page.getByRole('table', { name: `Variants of ${HOSTILE_FLOW}` }))['—']).toEqual(['1', '0', '0.0 % (0.0–79.3 %)', '0.0 % (0.0–79.3 %)', '–', '–', 'no experiment', '–', '0', '0']);
  });

  it('shows each funnel as a table of distinct sessions, completions and who left where, and as a chart that says the same', () => {
    const table = page.getByRole('table', { name: 'Funnel of saas-bant, variant control' });
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Stage',
      'Sessions',
      'Completed',
      'Drop-off (left at this stage)',
      'Share of views',
    ]);
    // Every viewer is shown "role", 30 start: no "+33 %" for role and no negative drop-off anywhere.
    expect(rowsOf(table)).toEqual({
      Views: ['40', '–', '–', '100.0 %'],
      Starts: ['30', '–', '25.0 %', '75.0 %'],
      'Step “role”': ['40', '20', '50.0 %', '100.0 %'],
      'Step “budget”': ['20', '12', '40.0 %', '50.0 %'],
      Submits: ['12', '–', '60.0 %', '30.0 %'],
    });
    const chart = page.getByRole('img', { name: /^Funnel of saas-bant, variant control:/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect([...chart.querySelectorAll('.stage-count')].map((text) => text.textContent)).toEqual([
      '40',
      '30 (25.0 % left)',
      '40 reached, 20 completed (50.0 % left)',
      '20 reached, 12 completed (40.0 % left)',
      '12 (60.0 % left)',
    ]);
    expect(chart.querySelector('title')!.textContent).toBe(
      'Funnel of saas-bant, variant control: Views 40, Starts 30 (25.0 % left), Step “role” 40 reached, 20 completed (50.0 % left), Step “budget” 20 reached, 12 completed (40.0 % left), Submits 12 (60.0 % left)',
    );
    // A step's completed part is drawn inside the bar of those that reached it, to scale.
    const widths = (selector: string) => [...chart.querySelectorAll(selector)].map((bar) => Number(bar.getAttribute('width')));
    expect(widths('.bar-reached')).toEqual([280, 140]);
    expect(widths('.bar-completed')).toEqual([140, 84]);
    const section = page.getByRole('region', { name: 'Variant control' });
    expect(within(section).getByText(/^Abandoned:/).textContent).toBe('Abandoned: 18 sessions left without submitting. Median time to complete: 6.5 s.');
  });

  it('counts only submitted leads as received, and shows the partial ones apart', () => {
    const totals = page.getByRole('region', { name: 'Totals' });
    expect(within(totals).getAllByRole('term').map((term) => term.textContent)).toEqual(['Funnel events', 'Sessions', 'Leads received', 'Partial leads only']);
    expect(within(totals).getAllByRole('definition').map((value) => value.textContent)).toEqual([String(events.length - qaVisit.length), '81', '1', '1']);
  });

  it('leaves QA visits out of every number and the leads table, and says how many', () => {
    expect(page.getByText(/^QA visits excluded:/).textContent).toBe('QA visits excluded: 1 session, 1 lead');
    expect(html).not.toContain('qa-team.example');
    // Apart from that line, the page is the one rendered without the QA visit and lead.
    const withoutQa = renderDashboardMain(computeDashboardStats(events.slice(0, -qaVisit.length), leads.slice(1)), leads.slice(1));
    expect(render(withoutQa).queryByText(/QA visits excluded/)).toBeNull();
    expect(renderDashboardMain(computeDashboardStats(events, leads), leads).replace('<p class="facts">QA visits excluded: 1 session, 1 lead</p>\n', '')).toBe(withoutQa);
  });

  it('lists leads with the e-mail domain only: no name, address or answer', () => {
    const table = page.getByRole('table', { name: /^Latest leads/ });
    const [row] = within(table.querySelector('tbody')!).getAllByRole('row');
    expect(within(row!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      '2026-11-27 10:00:00',
      'saas-bant@1',
      HOSTILE_VARIANT,
      'hot',
      'sales',
      '72',
      'muster.example',
    ]);
    expect(html).not.toMatch(/erika@|Erika Muster|secret-budget-answer/);
  });

  it(`shows the newest ${LATEST_LEADS} leads of many`, () => {
    const many = Array.from({ length: 30 }, (_, i) => lead(`l${i}`, 'control'));
    const main = render(renderDashboardMain(computeDashboardStats([], many), many));
    const table = main.getByRole('table', { name: `Latest leads, newest first (${LATEST_LEADS} of 30)` });
    expect(within(table.querySelector('tbody')!).getAllByRole('row')).toHaveLength(LATEST_LEADS);
  });

  it('shows a lead that sent a partial and a final version once, as its final version', () => {
    const partialLater = { ...lead('same', 'control', { type: 'lead.partial', email: 'a@partial.example' }) };
    const final = lead('same', 'control', { email: 'a@final.example' });
    const onlyPartial = lead('other', 'control', { type: 'lead.partial', email: 'b@partial.example' });
    // Newest first, as the store lists them: the partial arrived after the final one here.
    const stored = [partialLater, onlyPartial, final];
    const main = render(renderDashboardMain(computeDashboardStats([], stored), stored));
    const table = main.getByRole('table', { name: 'Latest leads, newest first (2 of 2)' });
    const rows = within(table.querySelector('tbody')!).getAllByRole('row').map((row) => row.textContent);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('final.example');
    expect(rows[1]).toContain('(partial)');
  });

  it('says how to get numbers when there are none yet', () => {
    const empty = render(renderDashboardMain(computeDashboardStats([], []), []));
    expect(empty.getByText(/^No analytics yet/)).toBeTruthy();
    expect(empty.getByText('No leads yet.')).toBeTruthy();
    expect(empty.getAllByRole('definition').map((value) => value.textContent)).toEqual(['0', '0', '0', '0']);
  });
});
