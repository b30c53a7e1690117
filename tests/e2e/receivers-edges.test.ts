import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sleep } from './support/browser.ts';
import { answerDemoFlow, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { demoFlowJson } from './support/embed-pages.ts';
import { fullCors, startScriptedReceiver, type ScriptedHit } from './support/scripted-receiver.ts';
import { inlineWidgetPage, submitStudent as submitShared } from './support/receiver-pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

interface Recorded {
  type: string;
  detail: { code?: string; message?: string; leadId?: string; event?: string };
}

/** Records the events a site owner would listen to, delivery included, from before the page runs. */
async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const events: unknown[] = [];
    Object.assign(window, { __leadflowEvents: events });
    for (const name of ['submit', 'error', 'delivered'])
      document.addEventListener(`leadflow:${name}`, (e) => events.push({ type: e.type, detail: (e as CustomEvent).detail }), true);
  });
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { __leadflowEvents: Recorded[] }).__leadflowEvents);
const errors = async (page: Page) => (await events(page)).filter((e) => e.type === 'leadflow:error');
const storedLeads = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('leadflow:outbox:lead:')));

const submitStudent = (page: Page) => submitShared(page, events);

describe.skipIf(!chromiumPath)('receivers as real services answer, with the built bundle', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  const widgetPage = (path: string, attributes: Record<string, string>, options?: { flow?: object; head?: string }) => inlineWidgetPage(suite.site, path, attributes, options);

  describe('CORS as receivers answer it', () => {
    it('Access-Control-Allow-Origin: * (no origin echoed) is enough: delivered once, reported delivered', async () => {
      const receiver = await startScriptedReceiver((hit) => ({
        status: hit.method === 'OPTIONS' ? 204 : 200,
        headers: { ...fullCors(undefined), 'access-control-allow-origin': '*' },
      }));
      try {
        const { page } = await sessions.open();
        await recordEvents(page);
        await page.goto(widgetPage('/star.html', { 'data-leadflow-webhook': `${receiver.origin}/webhook` }));
        const id = await submitStudent(page);
        await expect.poll(async () => (await events(page)).filter((e) => e.type === 'leadflow:delivered').length, { timeout: 5_000 }).toBe(1);
        expect(receiver.posts().map((p) => [p.headers['webhook-id'], p.status])).toEqual([[id, 200]]);
        expect(await storedLeads(page)).toEqual([]);
      } finally {
        await receiver.close();
      }
    });

    // Judgement (see the report): a CORS refusal looks to the page like a network error, so it is
    // retried and never reported as `leadflow:error`; only the browser's own console says why.
    it('a preflight without webhook-id in Allow-Headers: nothing is posted, the lead waits stored (no error event), and goes out once the receiver is fixed', async () => {
      let fixed = false;
      const receiver = await startScriptedReceiver((hit) => ({
        status: hit.method === 'OPTIONS' ? 204 : 200,
        headers: fixed ? fullCors(hit.headers.origin) : { ...fullCors(hit.headers.origin), 'access-control-allow-headers': 'content-type' },
      }));
      try {
        const session = await sessions.open();
        const { page } = session;
        await recordEvents(page);
        await page.goto(widgetPage('/short-allow-headers.html', { 'data-leadflow-webhook': `${receiver.origin}/webhook` }));
        const id = await submitStudent(page);
        await expect.poll(() => receiver.hits.filter((h) => h.method === 'OPTIONS').length, { timeout: 5_000 }).toBeGreaterThan(0);
        await sleep(1_500);
        expect(receiver.posts()).toEqual([]);
        expect(await storedLeads(page)).toHaveLength(1);
        expect(await errors(page)).toEqual([]);
        // What the site owner can see: Chromium's CORS message names the header.
        expect(session.console.some((m) => m.type === 'error' && /webhook-id/.test(m.text) && /Access-Control-Allow-Headers/.test(m.text)), JSON.stringify(session.console)).toBe(true);

        fixed = true;
        await expect.poll(() => receiver.posts().length, { timeout: 10_000 }).toBe(1);
        expect(receiver.posts()[0]!.headers['webhook-id']).toBe(id);
        await expect.poll(() => storedLeads(page), { timeout: 5_000 }).toEqual([]);
      } finally {
        await receiver.close();
      }
    });

    it('no preflight handler (405 on OPTIONS): the cors transport never posts; the simple transport posts text/plain with the id only in data.id', async () => {
      const receiver = await startScriptedReceiver((hit) =>
        hit.method === 'OPTIONS' ? { status: 405, body: 'Method Not Allowed' } : { status: 200, headers: { 'access-control-allow-origin': '*' }, body: '{"status":"success"}' },
      );
      try {
        const { page } = await sessions.open();
        await recordEvents(page);
        await page.goto(widgetPage('/no-preflight-cors.html', { 'data-leadflow-webhook': `${receiver.origin}/cors` }));
        await submitStudent(page);
        await expect.poll(() => receiver.hits.length, { timeout: 5_000 }).toBeGreaterThan(0);
        await sleep(1_000);
        expect(receiver.hits.every((h) => h.method === 'OPTIONS')).toBe(true);
        expect(await storedLeads(page)).toHaveLength(1);

        const second = await sessions.open();
        await recordEvents(second.page);
        await second.page.goto(widgetPage('/no-preflight-simple.html', { 'data-leadflow-webhook': `${receiver.origin}/simple`, 'data-leadflow-transport': 'simple' }));
        const id = await submitStudent(second.page);
        await expect.poll(async () => (await events(second.page)).filter((e) => e.type === 'leadflow:delivered').length, { timeout: 5_000 }).toBe(1);
        const [post] = receiver.posts('/simple');
        expect(receiver.posts('/simple')).toHaveLength(1);
        expect(receiver.hits.filter((h) => h.method === 'OPTIONS' && h.path === '/simple')).toEqual([]);
        expect(post!.headers['content-type']).toBe('text/plain;charset=UTF-8');
        expect(Object.keys(post!.headers).filter((name) => name.startsWith('webhook-'))).toEqual([]);
        expect(JSON.parse(post!.body)).toMatchObject({ type: 'lead.submitted', data: { id } });
      } finally {
        await receiver.close();
      }
    });

    // Was: the README offered `simple` to receivers that cannot answer a preflight without
    // saying that the POST's answer still needs `Access-Control-Allow-Origin`. The widget cannot
    // tell an answer the page may not read from no answer (taking it as delivered would lose
    // every lead of a receiver that is down), so the lead is kept and sent again under one
    // `data.id`; the README and docs/delivery.md say so now.
    it('simple transport, a receiver that stores the lead and answers 200 without any CORS header: the lead stays stored and comes again under one data.id, as the README says', async () => {
      const receiver = await startScriptedReceiver((hit) => (hit.method === 'OPTIONS' ? { status: 405 } : { status: 200, body: '{"status":"success"}' }));
      try {
        const { page } = await sessions.open();
        await recordEvents(page);
        await page.goto(widgetPage('/no-cors-at-all.html', { 'data-leadflow-webhook': `${receiver.origin}/hooks/catch/1/abc/`, 'data-leadflow-transport': 'simple' }));
        const id = await submitStudent(page);
        // The first retry comes within 1 s, the second within 2 s more.
        await expect.poll(() => receiver.posts().length, { timeout: 10_000 }).toBeGreaterThan(1);
        expect(new Set(receiver.posts().map((p) => JSON.parse(p.body).data.id))).toEqual(new Set([id]));
        expect(await storedLeads(page)).toHaveLength(1);
        const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
        expect(readme).toMatch(/Its\s+answer still needs `Access-Control-Allow-Origin`/);
      } finally {
        await receiver.close();
      }
    });
  });

  describe('Google Apps Script web apps', () => {
    // How a web app deployed from Apps Script answers: no OPTIONS (405), and a POST runs doPost
    // (the lead is stored) and is then answered with a 302 to a one-time GET-only
    // script.googleusercontent.com/macros/echo?user_content_key=… address, with CORS headers.
    async function appsScript() {
      const stored: string[] = [];
      const echo = await startScriptedReceiver((hit) =>
        hit.method === 'GET' ? { status: 200, headers: { 'access-control-allow-origin': '*' }, body: '{"result":"ok"}' } : { status: 405 },
      );
      const exec = await startScriptedReceiver((hit: ScriptedHit) => {
        if (hit.method !== 'POST') return { status: 405 };
        stored.push(hit.body);
        return { status: 302, headers: { location: `${echo.origin}/macros/echo?user_content_key=k${stored.length}&lib=x`, 'access-control-allow-origin': '*' } };
      });
      return { stored, echo, exec, url: `${exec.origin}/macros/s/AKfycb/exec`, close: () => Promise.all([echo.close(), exec.close()]) };
    }

    // Judgement / doc gap (see the report): the lead arrives once, but the site owner is told it
    // was refused and to "use the address it redirects to", which takes no POST.
    it('simple transport: doPost stores the lead once, the 302 is not followed, and the widget reports a refusal naming the redirect', async () => {
      const script = await appsScript();
      try {
        const { page } = await sessions.open();
        await recordEvents(page);
        await page.goto(widgetPage('/apps-script.html', { 'data-leadflow-webhook': script.url, 'data-leadflow-transport': 'simple' }));
        const id = await submitStudent(page);
        await expect.poll(async () => (await errors(page)).length, { timeout: 5_000 }).toBe(1);
        expect((await errors(page))[0]!.detail).toEqual({
          code: 'delivery_failed',
          message: `lead ${id} was refused by ${script.url} after 1 attempt(s): Webhook answered with a redirect: use the address it redirects to`,
          leadId: id,
          event: 'lead.submitted',
        });
        await sleep(500);
        expect(script.stored.map((body) => JSON.parse(body).data.id)).toEqual([id]);
        expect(script.echo.hits).toEqual([]);
        expect(await storedLeads(page)).toEqual([]);
      } finally {
        await script.close();
      }
    });
  });

  // BUG: a webhook URL with credentials (n8n's Basic Auth tempts `https://user:pass@…`) can
  // never be fetched: Chromium refuses to build the request ("Request cannot be constructed from
  // a URL that includes credentials"). postBody (src/delivery/send-webhook.ts) turns that
  // TypeError into a NetworkError, which the outbox retries silently every ≤30 s on every page
  // for a week before `lead_expired`: no `delivery_failed`, nothing arrives anywhere. Fix: check
  // the URL once (`new URL(url).username || .password`, or a TypeError thrown before any request)
  // and report it as final; a README line that credentials belong in a query token or a relay.
  it('a webhook URL with user:password is reported as unusable at once', async () => {
    const receiver = await startScriptedReceiver((hit) => ({ status: hit.method === 'OPTIONS' ? 204 : 200, headers: fullCors(hit.headers.origin) }));
    try {
      const { page } = await sessions.open();
      await recordEvents(page);
      await page.goto(widgetPage('/credentials.html', { 'data-leadflow-webhook': `${receiver.origin.replace('http://', 'http://user:secret@')}/webhook` }));
      await submitStudent(page);
      await sleep(3_000);
      expect(receiver.hits).toEqual([]);
      expect((await errors(page)).map((e) => e.detail.code)).toEqual(['delivery_failed']);
    } finally {
      await receiver.close();
    }
  });

  it('several webhooks: a relative URL (moved by <base href>) and a query string arrive as written, with one webhook-id; a 410 at a third is reported for that one alone', async () => {
    const receiver = await startScriptedReceiver((hit) => ({
      status: hit.method === 'OPTIONS' ? 204 : hit.path.startsWith('/gone') ? 410 : 200,
      headers: fullCors(hit.headers.origin),
    }));
    try {
      const flow = demoFlowJson() as Record<string, unknown>;
      delete flow.webhook;
      flow.webhooks = [{ url: 'leads/hook?token=a%2Fb&src=lf' }, { url: `${receiver.origin}/crm?key=1` }, { url: `${receiver.origin}/gone` }];
      const { page } = await sessions.open();
      await recordEvents(page);
      await page.goto(widgetPage('/several.html', {}, { flow, head: `<base href="${receiver.origin}/site/">` }));
      const id = await submitStudent(page);
      await expect.poll(async () => (await events(page)).filter((e) => e.type !== 'leadflow:submit').length, { timeout: 5_000 }).toBe(3);
      const posts = receiver.posts();
      expect(posts.map((p) => [p.path, p.headers['webhook-id'], p.status]).sort()).toEqual([
        ['/crm?key=1', id, 200],
        ['/gone', id, 410],
        ['/site/leads/hook?token=a%2Fb&src=lf', id, 200],
      ]);
      expect(new Set(posts.map((p) => p.body)).size).toBe(1);
      const happened = await events(page);
      expect(happened.filter((e) => e.type === 'leadflow:delivered')).toHaveLength(2);
      expect(happened.filter((e) => e.type === 'leadflow:error').map((e) => e.detail.message)).toEqual([
        `lead ${id} was refused by ${receiver.origin}/gone after 1 attempt(s): Webhook answered HTTP 410`,
      ]);
    } finally {
      await receiver.close();
    }
  });

  it("a real lead has the README example's fields, typed as it shows them", async () => {
    const { page } = await sessions.open();
    await page.goto(widgetPage('/payload.html', { 'data-leadflow-webhook': suite.receiver.url }));
    await answerDemoFlow(page, HOT_LEAD);
    await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    const post = await theOnlyPost(suite.receiver);
    const real = post.body as { type: string; timestamp: string; data: Record<string, Record<string, unknown>> };

    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = readme.slice(readme.indexOf('## Receiving leads')).match(/```json\n([\s\S]*?)```/)![1]!;
    const example = JSON.parse(block) as typeof real;
    const keys = (value: object) => Object.keys(value).sort();
    expect(keys(real)).toEqual(keys(example));
    // `variant` is there only with an A/B test, as the README says.
    expect(keys(real.data)).toEqual(keys(example.data).filter((k) => k !== 'variant'));
    expect(keys(real.data.score!)).toEqual(keys(example.data.score!));
    expect(keys(real.data.meta!)).toEqual(keys(example.data.meta!));
    expect(keys(real.data.flow!)).toEqual(keys(example.data.flow!));
    expect(keys((real.data.score!.trace as object[])[0]!)).toEqual(keys((example.data.score!.trace as object[])[0]!));
    for (const [question, answer] of Object.entries(example.data.answers!))
      expect([question, typeof (real.data.answers![question] as { value: unknown }).value]).toEqual([question, typeof (answer as { value: unknown }).value]);
    expect(real.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const at of ['startedAt', 'completedAt']) expect(new Date(real.data.meta![at] as string).toISOString()).toBe(real.data.meta![at]);
    expect(post.headers['webhook-id']).toBe(real.data.id);
  });
});
