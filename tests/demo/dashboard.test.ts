import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDemo } from '../../demo/receiver/print-urls.ts';
import { startDemoServer, type DemoServer } from './support/demo-server.ts';

const HOSTILE_VARIANT = '<img src=x onerror=alert(1)>';
const HOSTILE_FLOW = '"><svg onload=alert(1)>';
const HOSTILE_STEP = '<script>alert(1)</script>';

let demo: DemoServer;

/**
 * 40 sessions of a variant: the first 30 start and see "role", the first `budget` see
 * "budget", the first `submits` submit after (i + 1) seconds, every other one qualified;
 * the others that started leave.
 */
function sessions(variant: string, budget: number, submits: number, flowId = 'saas-bant') {
  const at = '2026-11-27T10:00:00.000Z';
  const event = (type: string, session: string, extra: object = {}) => ({ type, flow: { id: flowId, version: 1 }, variant, session, stepId: 'role', index: 0, at, ...extra });
  return Array.from({ length: 40 }, (_, i) => {
    const session = randomUUID();
    return [
      event('view', session),
      ...(i < 30 ? [event('start', session), event('step_view', session)] : []),
      ...(i < budget ? [event('step_view', session, { stepId: 'budget', index: 1 })] : []),
      ...(i < submits ? [event('submit', session, { stepId: 'thanks', index: 2, durationMs: (i + 1) * 1000, qualified: i % 2 === 0 })] : []),
      ...(i >= submits && i < 30 ? [event('abandon', session, { reason: 'closed' })] : []),
    ];
  }).flat();
}

const postAnalytics = (events: unknown[]) =>
  fetch(`${demo.base}/analytics`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ type: 'analytics.batch', id: randomUUID(), sentAt: new Date().toISOString(), events }),
  });

const postLead = (data: { variant: string; email: string; name: string; flowId?: string; qa?: boolean }) =>
  fetch(`${demo.base}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({
      type: 'lead.submitted',
      timestamp: '2026-11-27T10:00:00Z',
      data: {
        id: randomUUID(),
        flow: { id: data.flowId ?? 'saas-bant', version: 1 },
        variant: data.variant,
        answers: { budget: { value: 'secret-budget-answer' } },
        contact: { name: data.name, email: data.email },
        score: { total: 72, tier: 'hot', route: 'sales', qualified: true },
        ...(data.qa && { meta: { qa: true } }),
      },
    }),
  });

beforeAll(async () => {
  demo = await startDemoServer('leadflow-dashboard-');
  for (const events of [sessions('control', 20, 12), sessions(HOSTILE_VARIANT, 25, 20)]) expect((await postAnalytics(events)).status).toBe(200);
  const hostileFlow = { type: 'view', flow: { id: HOSTILE_FLOW, version: 1 }, variant: null, session: 'h', stepId: HOSTILE_STEP, index: 0, at: '2026-11-27T10:00:00.000Z' };
  expect((await postAnalytics([hostileFlow, { ...hostileFlow, type: 'step_view' }])).status).toBe(200);
  expect((await postLead({ variant: HOSTILE_VARIANT, email: 'erika@muster.example', name: 'Erika Muster' })).status).toBe(200);
  // Someone checking the control with ?leadflow_variant=control: a whole visit, and its lead.
  const qaVisit = sessions('control', 40, 40).slice(0, 7).map((event) => ({ ...event, session: 'qa-visit', qa: true }));
  expect((await postAnalytics(qaVisit)).status).toBe(200);
  expect((await postLead({ variant: 'control', email: 'tester@qa-team.example', name: 'QA', qa: true })).status).toBe(200);
}, 30_000);

afterAll(() => demo?.close());

async function dashboard(query = '') {
  const response = await fetch(`${demo.base}/dashboard${query}`);
  return { response, html: await response.text() };
}

// The page's tables, cell by cell, are read in dashboard-page.test.ts; this is the way there.
describe('GET /dashboard', () => {
  it('is a page under a strict CSP whose only script is /dashboard.js', async () => {
    const { response, html } = await dashboard();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy')!;
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "style-src 'self'"]) expect(csp).toContain(directive);
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/dashboard.js" defer>']);
    expect(html).toContain('<h1>Conversion dashboard</h1>');
  });

  it('shows what was posted, escaped: flow ids, variants and step ids come from strangers', async () => {
    const { html } = await dashboard();
    expect(html).not.toMatch(/<img|<svg onload|<script>alert/i);
    expect(html).toContain('<h3 id="flow-1-variant-1">Variant &#60;img src=x onerror=alert(1)&#62;</h3>');
    expect(html).toContain('<caption>Funnel of &#34;&#62;&#60;svg onload=alert(1)&#62;, variant —</caption>');
    expect(html).toContain('Step “&#60;script&#62;alert(1)&#60;/script&#62;”');
    expect(html).toContain('<caption>Variants of saas-bant, compared with control</caption>');
    // The lead: its e-mail domain, never the name, the address or an answer.
    expect(html).toContain('<td>muster.example</td>');
    expect(html).not.toMatch(/erika@|Erika Muster|secret-budget-answer/);
  });

  it('leaves the QA visit and its lead out, and says so', async () => {
    const { html } = await dashboard();
    expect(html).toContain('<p class="facts">QA visits excluded: 1 session, 1 lead</p>');
    expect(html).not.toContain('qa-team.example');
  });

  it('serves the inside of <main> alone for the script', async () => {
    const { response, html } = await dashboard('?fragment=main');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).not.toMatch(/<html|<main|<script/);
    expect(html).toContain('<caption>Variants of saas-bant, compared with control</caption>');
  });

  it('answers the statistics as JSON', async () => {
    const response = await fetch(`${demo.base}/dashboard?format=json`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const stats = await response.json();
    const flow = stats.flows.find((candidate: { flowId: string }) => candidate.flowId === 'saas-bant');
    expect(flow.baseline).toBe('control');
    expect(flow.variants.map((variant: { label: string }) => variant.label)).toEqual(['control', HOSTILE_VARIANT]);
    expect(flow.variants[0]).toMatchObject({ conversion: { sessions: 12, of: 40 }, abandoned: 18, medianTimeToCompleteMs: 6500, leads: { received: 0 } });
    expect(flow.variants[1]).toMatchObject({
      conversion: { sessions: 20, of: 40 },
      qualified: { sessions: 10, of: 40 },
      leads: { received: 1, partialOnly: 0, byTier: { hot: 1 } },
      versusBaseline: { baseline: 'control', verdict: 'not significant yet', z: expect.closeTo(1.8257, 3), pValue: expect.closeTo(0.0679, 3) },
    });
    // control: 40 views, 30 starts, 30 + 20 step views, 12 submits, 18 abandons; the other: 40, 30, 30 + 25, 20, 10.
    expect(stats.totals).toEqual({ events: 150 + 155 + 2, sessions: 81, leads: 1, partialOnly: 0 });
    expect(stats.qaExcluded).toEqual({ sessions: 1, leads: 1 });
  });

  it('serves its script and stylesheet', async () => {
    const script = await fetch(`${demo.base}/dashboard.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await script.text();
    expect(code).toContain("new EventSource('/dashboard/stream')");
    expect(code).toContain("fetch(main.dataset.source || '/dashboard?fragment=main'");
    expect(code).toContain('setInterval(refresh, 5000)');
    expect(() => new Function(code)).not.toThrow();
    expect((await fetch(`${demo.base}/dashboard.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('is linked from the leads page and printed when the demo starts', async () => {
    expect(await (await fetch(`${demo.base}/leads`)).text()).toContain('<a href="/dashboard">');
    expect(describeDemo(['http://localhost:5173/'], '/tmp/data')).toContain('  ➜  Dashboard:  http://localhost:5173/dashboard  (analytics: POST http://localhost:5173/analytics)');
  });
});

describe('GET /dashboard/stream', () => {
  it('sends an event each time a lead or an analytics batch is stored', async () => {
    const controller = new AbortController();
    const response = await fetch(`${demo.base}/dashboard/stream`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before "${text}":\n${received}`);
        received += value;
      }
    };
    try {
      await readUntil(': connected');
      await postAnalytics(sessions('control', 0, 0, 'stream-flow').slice(0, 1));
      await readUntil('event: change\ndata: {"what":"analytics"}\n\n');
      await postLead({ variant: 'control', email: 'a@b.example', name: 'A', flowId: 'stream-flow' });
      await readUntil('event: change\ndata: {"what":"lead"}\n\n');
    } finally {
      controller.abort();
    }
  });
});
