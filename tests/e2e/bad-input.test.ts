import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { consoleErrors, sleep } from './support/browser.ts';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { inlineFlow, landingPage, recordedEvents, recordLeadFlowEvents, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const LOAD_FAILED = 'Dieses Formular kann gerade nicht geladen werden. Bitte versuchen Sie es später erneut.';

/** A flow whose visible texts are markup an attacker (or a careless copy-paste) put there. */
const hostileFlow = {
  id: 'hostile',
  version: 1,
  title: `Umfrage ${IMG}`,
  locales: ['de'],
  steps: [
    {
      id: 'pick',
      type: 'single_choice',
      title: `Frage ${SCRIPT}`,
      description: `Hinweis ${IMG}`,
      options: [
        { id: 'img', label: IMG },
        { id: 'script', label: SCRIPT },
      ],
    },
    { id: 'note', type: 'short_text', title: 'Ihre Nachricht' },
    { id: 'done', type: 'end', title: `Ende ${IMG}`, description: `Text ${SCRIPT}`, cta: { label: IMG, url: '/guide.html' } },
  ],
};

/** `steps[0].next[0].goto` points at a step that does not exist (a typo of "pricing"). */
const brokenFlow = {
  id: 'broken',
  version: 1,
  locales: ['de'],
  title: 'Kaputt',
  steps: [
    {
      id: 'plan',
      type: 'single_choice',
      title: 'Welcher Plan?',
      options: [
        { id: 'pro', label: 'Pro' },
        { id: 'free', label: 'Free' },
      ],
      next: [{ if: { answer: 'plan', is: 'pro' }, goto: 'pricng' }],
    },
    { id: 'done', type: 'end', title: 'Danke' },
    { id: 'pricing', type: 'end', title: 'Preise' },
  ],
};

/** The host page's own interactive content, to show a broken widget leaves it working. */
const HOST_COUNTER = `<button type="button" id="counter">Geklickt: 0</button>
<script>
  let clicks = 0;
  document.getElementById('counter').addEventListener('click', (e) => { e.currentTarget.textContent = 'Geklickt: ' + ++clicks; });
</script>`;

const pwned = (page: Page) => page.evaluate(() => (window as { __pwned?: unknown }).__pwned);

describe.skipIf(!chromiumPath)('bad input in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;

  describe('hostile strings', () => {
    it('control: the payload does run when a page parses it as HTML', async () => {
      const { page } = await sessions.open();
      await page.goto(suite.site.page('/control.html', landingPage('')));
      await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), IMG);
      await expect.poll(() => pwned(page)).toBe(1);
    });

    it('shows markup in the flow and in answers as text, runs none of it, and delivers it verbatim', async () => {
      const { page } = await sessions.open();
      const body = inlineFlow('f', hostileFlow) + snippet({ flow: '#f', webhook: suite.receiver.url });
      await page.goto(suite.site.page('/hostile.html', landingPage(body)));

      await page.getByRole('heading', { name: `Frage ${SCRIPT}` }).waitFor();
      expect(await page.getByText(`Hinweis ${IMG}`, { exact: true }).isVisible()).toBe(true);
      await page.getByRole('radio', { name: IMG }).check();
      expect(await page.getByRole('radio', { name: SCRIPT }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Weiter' }).click();

      const typed = `${IMG}<b>fett</b> & "Anführung" ${SCRIPT}`;
      await page.getByRole('textbox', { name: 'Ihre Nachricht' }).fill(typed);
      await page.getByRole('button', { name: 'Absenden' }).click();

      await page.getByRole('heading', { name: `Ende ${IMG}` }).waitFor();
      expect(await page.getByText(`Text ${SCRIPT}`, { exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: IMG }).isVisible()).toBe(true);

      // Not one element was made from the strings: they stayed text.
      const injected = await page.evaluate(() => {
        const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
        return root.querySelectorAll('img, script, b').length + document.querySelectorAll('img, b').length;
      });
      expect(injected).toBe(0);

      await expect.poll(() => suite.receiver.posts().length).toBe(1);
      const { data } = suite.receiver.posts()[0]!.body as LeadEnvelope;
      expect(data.answers).toEqual({
        pick: { value: 'img', label: IMG },
        note: { value: typed },
      });
      // An image error fires within milliseconds; by now it would have.
      expect(await pwned(page)).toBeUndefined();
    });
  });

  describe('a broken flow', () => {
    async function openBrokenFlow(script?: string) {
      const session = await sessions.open();
      await recordLeadFlowEvents(session.page);
      const mount = snippet({ flow: '#f', webhook: suite.receiver.url, ...(script && { script }) });
      await session.page.goto(suite.site.page(`/broken${script ?? ''}.html`, landingPage(inlineFlow('f', brokenFlow) + mount + HOST_COUNTER)));
      await session.page.getByRole('alert').waitFor();
      return session;
    }

    it('shows a polite notice, names the JSON path in the console, fires leadflow:error, and leaves the page working', async () => {
      const session = await openBrokenFlow();
      const { page } = session;

      const notice = page.getByRole('alert');
      expect(await notice.textContent()).toBe(LOAD_FAILED);
      expect(await page.getByRole('radio').count()).toBe(0);

      // The production bundle reports code, path and the values involved (no explanations).
      const logged = consoleErrors(session).join('\n');
      expect(logged).toContain('steps[0].next[0].goto');
      expect(logged).toContain('"pricng"');

      const events = await recordedEvents(page);
      expect(events.map((e) => e.type)).toEqual(['leadflow:error']);
      expect(events[0]!.detail).toMatchObject({ code: 'invalid_flow', message: expect.stringContaining('steps[0].next[0].goto') });

      const counter = page.getByRole('button', { name: /Geklickt/ });
      await counter.click();
      await counter.click();
      expect(await counter.textContent()).toBe('Geklickt: 2');
    });

    it('explains the mistake and suggests the fix with the dev bundle', async () => {
      const session = await openBrokenFlow('/leadflow.dev.js');
      expect(await session.page.getByRole('alert').textContent()).toBe(LOAD_FAILED);
      expect(consoleErrors(session).join('\n')).toContain('steps[0].next[0].goto: unknown step "pricng" — did you mean "pricing"?');
    });

    /** Serves `text` as a flow file and opens a page whose widget loads it. */
    async function openFlowFile(name: string, text: string, script?: string) {
      const session = await sessions.open();
      await recordLeadFlowEvents(session.page);
      suite.site.route(`/flows/${name}`, { body: text, contentType: 'application/json' });
      const mount = snippet({ flow: `/flows/${name}`, webhook: suite.receiver.url, ...(script && { script }) });
      await session.page.goto(suite.site.page(`/${name}${script ?? ''}.html`, landingPage(mount)));
      await session.page.getByRole('alert').waitFor();
      return session;
    }

    // The classic hand-edit slip: a trailing comma after the last property (line 5 is the "}").
    const TRAILING_COMMA = '{\n  "id": "malformed",\n  "version": 1,\n  "steps": [],\n}\n';

    it('reports a flow file that is not valid JSON', async () => {
      const session = await openFlowFile('malformed.json', TRAILING_COMMA);
      expect(await session.page.getByRole('alert').textContent()).toBe(LOAD_FAILED);
      const logged = consoleErrors(session).join('\n');
      expect(logged).toContain('/flows/malformed.json');
      expect(logged).toMatch(/invalid_json|not valid JSON/);
      const events = await recordedEvents(session.page);
      expect(events).toEqual([{ type: 'leadflow:error', detail: expect.objectContaining({ code: 'invalid_flow' }) }]);
    });

    it('names the line and column of a JSON error with the dev bundle', async () => {
      const session = await openFlowFile('malformed.json', TRAILING_COMMA, '/leadflow.dev.js');
      expect(consoleErrors(session).join('\n')).toContain('not valid JSON at line 5, column 1');
    });

    // V8 names no position for "Unexpected token" errors; the dev bundle finds the place itself.
    it('names line and column for a trailing comma in a list too', async () => {
      const text = '{\n  "id": "malformed",\n  "steps": [\n    { "id": "a", "type": "end", "title": "A" },\n  ]\n}\n';
      const session = await openFlowFile('list-comma.json', text, '/leadflow.dev.js');
      expect(consoleErrors(session).join('\n')).toContain('not valid JSON at line 5, column 3');
    });

    it('reports a flow file that is missing', async () => {
      const session = await sessions.open();
      const { page } = session;
      await page.goto(suite.site.page('/missing.html', landingPage(snippet({ flow: '/flows/nope.json', webhook: suite.receiver.url }))));

      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toBe(LOAD_FAILED);
      expect(consoleErrors(session).join('\n')).toMatch(/LeadFlow: .*\/flows\/nope\.json.*HTTP 404/);
    });
  });

  describe('an unreliable webhook', () => {
    let pageUrl: string;
    beforeAll(() => {
      pageUrl = suite.site.page('/landing.html', landingPage(snippet({ flow: DEMO_FLOW_URL, webhook: suite.receiver.url })));
    });

    it('retries after 500s with the same webhook-id until one attempt succeeds; the visitor sees the end at once', async () => {
      suite.receiver.failNextPosts(2, 500);
      const session = await sessions.open();
      const { page } = session;
      await recordLeadFlowEvents(page);
      await page.goto(pageUrl);
      await answerDemoFlow(page, HOT_LEAD);
      await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();

      // Default policy: 4 attempts, full-jitter waits below 1 s and 2 s before the 2nd and 3rd.
      await expect.poll(() => suite.receiver.posts().some((p) => p.status === 200), { timeout: 15_000 }).toBe(true);
      await sleep(500);
      const posts = suite.receiver.posts();
      expect(posts.map((p) => p.status)).toEqual([500, 500, 200]);
      const { data } = posts[0]!.body as LeadEnvelope;
      expect(posts.map((p) => p.headers['webhook-id'])).toEqual([data.id, data.id, data.id]);
      // The very same lead every time, not a rebuilt one.
      expect(new Set(posts.map((p) => p.rawBody)).size).toBe(1);

      const events = (await recordedEvents(page)).map((e) => e.type);
      expect(events).not.toContain('leadflow:error');
      expect(consoleErrors(session).filter((text) => text.includes('LeadFlow'))).toEqual([]);
    });

    it('never blocks the visitor on a webhook that does not answer', async () => {
      suite.receiver.hangPosts();
      const { page } = await sessions.open();
      await recordLeadFlowEvents(page);
      await page.goto(pageUrl);
      await answerDemoFlow(page, HOT_LEAD);

      await page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
      await expect.poll(() => suite.receiver.posts().length).toBe(1);
      // The end screen is up while the only request is still unanswered.
      expect(suite.receiver.posts()[0]!.status).toBeUndefined();
      expect(await page.getByRole('heading', { name: HOT_END_TITLE }).isVisible()).toBe(true);
      expect((await recordedEvents(page)).map((e) => e.type)).toContain('leadflow:qualified');
    });
  });
});
