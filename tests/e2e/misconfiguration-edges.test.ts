import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { PageSession } from './support/browser.ts';
import { SCRIPT_TAG, widgetElement } from './support/embed-pages.ts';
import { landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

interface Reported {
  type: string;
  detail: { code?: string; message?: string };
}

/**
 * What a site owner sees when the embed is misconfigured: a typo in an attribute's name, a value
 * the widget does not know, a webhook that is no web address, `LeadFlow.mount` called with the
 * wrong things. The project's rule: every bad input gets a clear message (console, or a
 * `leadflow:error` event) naming the attribute or option and what to write instead, and nothing
 * is silently done otherwise. Run against the built dist/leadflow.js in Chromium.
 */
describe.skipIf(!chromiumPath)('a misconfigured embed, in a real browser', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const FLOW = '/flows/saas-bant.json';
  // Recorded from the start, before the script runs: errors reported while mounting count too.
  const RECORD = `<script>window.__reported=[];for(const t of ['ready','error'])document.addEventListener('leadflow:'+t,(e)=>__reported.push({type:t,detail:e.detail}));</script>`;

  let pages = 0;
  /** A page with `body` and the script tag; resolves once `settled` widgets said ready or error. */
  async function load(body: string, { settled = 1, script = SCRIPT_TAG } = {}): Promise<PageSession> {
    const session = await suite.sessions.open();
    await session.page.goto(suite.site.page(`/misconfig-${++pages}.html`, landingPage(`${body}\n${script}`, RECORD)));
    await waitForReports(session.page, settled);
    return session;
  }
  const waitForReports = (page: Page, count: number) =>
    page.waitForFunction((n) => (window as unknown as { __reported: unknown[] }).__reported.length >= n, count, { timeout: 15_000 });
  const reported = (page: Page): Promise<Reported[]> => page.evaluate(() => (window as unknown as { __reported: Reported[] }).__reported);

  /** Everything LeadFlow told the site owner: its console warnings and errors, and `leadflow:error` messages. */
  async function messages(session: PageSession): Promise<string> {
    const logged = session.console.filter((m) => (m.type === 'warning' || m.type === 'error') && m.text.startsWith('LeadFlow')).map((m) => m.text);
    const events = (await reported(session.page)).filter((r) => r.type === 'error').map((r) => r.detail.message ?? '');
    return [...logged, ...events].join('\n');
  }
  const readyCount = async (page: Page) => (await reported(page)).filter((r) => r.type === 'ready').length;

  describe('attribute names', () => {
    // Was: a typo in an attribute's name is ignored without a word. `data-leadflow-webook` leaves
    // the flow's own webhook in charge, so every lead goes where the owner meant to override
    // (here the demo flow's "/webhook"); `data-leadflow-mod="popup"` puts the "popup" inline in
    // the page's text. The console stays empty. Cause: src/embed/options.ts `readDataOptions`
    // reads the names it knows and never looks at the element's other `data-leadflow-*`
    // attributes. Fixed: readDataOptions warns for
    // every `data-leadflow-*` name it does not read, with the known name sharing the longest
    // start with it ("did you mean data-leadflow-webhook?").
    it('reports a misspelt data-leadflow-* attribute name with the one it resembles', async () => {
      const session = await load(
        widgetElement({ '': FLOW, webook: 'https://hooks.example.com/leads', '=id': 'a' }) + widgetElement({ '': FLOW, mod: 'popup', '=id': 'b' }),
        { settled: 2 },
      );
      const said = await messages(session);
      expect(said).toMatch(/data-leadflow-webook[^\n]*data-leadflow-webhook/);
      expect(said).toMatch(/data-leadflow-mod\b[^\n]*data-leadflow-mode/);
    });
  });

  describe('attribute values', () => {
    it('an unknown mode is shown inline with one warning that lists the modes, and the widget works', async () => {
      const session = await load(widgetElement({ '': FLOW, mode: 'modal' }));
      const warnings = session.console.filter((m) => m.type === 'warning' && m.text.startsWith('LeadFlow'));
      expect(warnings.map((m) => m.text)).toEqual(['LeadFlow: unknown mode "modal", shown inline (inline,popup,slider,bubble)']);
      expect(await readyCount(session.page)).toBe(1);
      // Inline: the first question is in the page, no dialog.
      await session.page.locator('[data-leadflow]').getByRole('radio').first().waitFor();
      expect(await session.page.locator('[data-leadflow]').locator('dialog').count()).toBe(0);
    });

    // Was: values the widget does not know are replaced by the default without a word:
    // `data-leadflow-bots="flagged"` (or "flag " with a space) drops every lead it suspects instead
    // of sending it flagged, `-transport="simpel"` sends CORS requests with a preflight to a
    // receiver that cannot answer one, `-lazy="nein"`, `-resume="no"`, `-datalayer="yes"` and
    // `-min-fill-ms="2s"` quietly keep their defaults. Cause: src/embed/options.ts
    // `readDataOptions` compares each with the one value it looks for (`=== 'flag'`,
    // `!== 'false'`, `Number(...)`) and falls back silently. Fixed: each attribute with a few
    // values (or a number) is warned about when its value is none of them, naming the attribute,
    // the value and the values it takes (`data-leadflow-bots="flagged" is none of drop, flag`).
    it('reports an attribute value it does not know, naming the attribute and the values it takes', async () => {
      const attributes = { bots: 'flagged', transport: 'simpel', lazy: 'nein', resume: 'no', datalayer: 'yes', 'min-fill-ms': '2s' };
      const session = await load(Object.entries(attributes).map(([name, value], i) => widgetElement({ '': FLOW, [name]: value, '=id': `w${i}` })).join('\n'), {
        settled: Object.keys(attributes).length,
      });
      const said = await messages(session);
      const unreported = Object.keys(attributes).filter((name) => !new RegExp(`data-leadflow-${name}\\b`).test(said));
      expect(unreported).toEqual([]);
    });

    // Was: a trigger the widget cannot read (`timer:abc`, `timer:20s`, `exit-intent`, `scroll`)
    // is skipped without a word: the popup simply never opens by itself, and the owner has no
    // clue why. Cause: src/embed/triggers.ts `watchTriggers` ignores every part it does not
    // recognise. Fixed: each unreadable part is warned about, naming data-leadflow-trigger
    // and the accepted forms (`timer:<seconds>`, `scroll:<percent>`, `exit`).
    it('reports a data-leadflow-trigger part it cannot read', async () => {
      const session = await load(widgetElement({ '': FLOW, mode: 'popup', trigger: 'timer:abc,exit-intent' }));
      const said = await messages(session);
      expect(said).toMatch(/data-leadflow-trigger[^\n]*timer:abc/);
      expect(said).toMatch(/exit-intent/);
    });

    // Was: `data-leadflow-trigger="timer:5"` on a widget without `data-leadflow-mode` (inline, the
    // default) does nothing at all and says nothing; the owner waits for a popup that never
    // comes. Cause: src/embed/mount.tsx `mount` → `start` only watches triggers when
    // `mode !== 'inline'` and is silent otherwise. Fixed: mount() warns that triggers open only
    // a popup, slider or bubble: add data-leadflow-mode="popup".
    it('reports data-leadflow-trigger on an inline widget, where it can do nothing', async () => {
      const session = await load(widgetElement({ '': FLOW, trigger: 'timer:5' }));
      expect(await messages(session)).toMatch(/data-leadflow-trigger[^\n]*data-leadflow-mode/);
    });

    // Was: `data-leadflow-locale="english"` (or "fr" for a de/en flow, or a malformed tag) shows
    // the form in the browser's language instead, silently. Cause: src/embed/mount.tsx `start`
    // passes options.locale to `pickLocale` (src/ui/i18n/pick-locale.ts), which falls through to
    // the visitor's languages when it matches none of the flow's `locales`, and nobody warns.
    // Fixed: `start` warns when the language of options.locale is none of the flow's locales'
    // (`data-leadflow-locale "english" is none of the flow's locales (de,en)`).
    it('reports a data-leadflow-locale the flow does not have, naming its locales', async () => {
      const session = await load(widgetElement({ '': FLOW, locale: 'english' }));
      expect(await messages(session)).toMatch(/data-leadflow-locale[^\n]*english[^\n]*\bde\b[^\n]*\ben\b/);
    });
  });

  describe('the webhook attribute', () => {
    // Was: `data-leadflow-webhook="javascript:alert(1)"` (any non-web scheme) is taken without a
    // word; every lead is then retried forever and the only trace is Chromium's own "Fetch API
    // cannot load javascript:…" line — no LeadFlow message, no leadflow:error, nothing naming
    // the attribute. Cause: the snippet's webhook is never checked: `checkWebhooks`
    // (src/engine/lint/lint-graph.ts) runs for flow files in the CLI only, and src/embed/mount.tsx
    // `start` only checks that some webhook exists. Fixed: `start` reports `invalid_webhook`
    // (error event + console, no form) for a snippet webhook with a scheme other than http(s),
    // naming data-leadflow-webhook and "use an https:// URL, or a path on this site".
    it('reports a data-leadflow-webhook that is no web address when the widget starts', async () => {
      const session = await load(widgetElement({ '': FLOW, webhook: 'javascript:alert(1)' }));
      expect(await messages(session)).toMatch(/data-leadflow-webhook[^\n]*javascript:alert\(1\)/);
    });

    // Was: `data-leadflow-webhook="hooks.example.com/leads"` (the https:// forgotten) posts every
    // lead to a path on the landing page's own site; the first visitor's lead comes back 404 and
    // is dropped (`delivery_failed` only then). The linter knows this mistake
    // (`webhook_without_scheme`, src/engine/lint/lint-graph.ts `checkWebhooks`) but only for flow
    // files in the CLI; src/embed/mount.tsx `start` never checks the snippet's webhook. Fixed: the
    // linter's check (`hostWithoutScheme`, src/shared/url-scheme.ts) runs on options.webhook when
    // the widget starts and warns before any lead is lost: write "https://hooks.example.com/leads".
    it('warns at mount, before any lead is lost, that a data-leadflow-webhook without https:// is a path on the page', async () => {
      const session = await load(widgetElement({ '': FLOW, webhook: 'hooks.example.com/leads' }));
      expect(await messages(session)).toMatch(/data-leadflow-webhook[^\n]*https:\/\/hooks\.example\.com\/leads/);
    });
  });

  describe('the flow', () => {
    it('a flow URL that 404s is reported with its URL and status, and the page keeps working', async () => {
      const session = await load(widgetElement({ '': '/flows/no-such-flow.json' }) + '<button id="own" onclick="this.textContent=\'clicked\'">Page</button>');
      const [error] = await reported(session.page);
      expect(error).toMatchObject({ type: 'error', detail: { code: 'load_failed' } });
      expect(error!.detail.message).toMatch(/\/flows\/no-such-flow\.json answered HTTP 404/);
      await session.page.click('#own');
      expect(await session.page.textContent('#own')).toBe('clicked');
      expect(session.pageErrors).toEqual([]);
    });

    it('data-leadflow="#missing-id" names the id it looked for', async () => {
      const session = await load(widgetElement({ '': '#pricing-flow' }));
      expect(await messages(session)).toContain('no element with id "pricing-flow" holds the flow JSON');
    });
  });

  describe('the script tag', () => {
    it('included twice, after the element and as type="module", still mounts one widget', async () => {
      const session = await load(widgetElement({ '': FLOW }), { script: `${SCRIPT_TAG}\n<script type="module" src="/leadflow.js"></script>` });
      // Given the second copy time to run: still one widget, one ready.
      await session.page.waitForFunction(() => (window as unknown as { LeadFlow?: { version?: string } }).LeadFlow?.version);
      await session.page.locator('[data-leadflow]').getByRole('radio').first().waitFor();
      expect(await readyCount(session.page)).toBe(1);
      expect(await session.page.locator('[data-leadflow]').evaluate((el) => el.shadowRoot!.querySelectorAll('.lf-frame').length)).toBe(1);
      expect(await messages(session)).toBe('');
    });
  });

  describe('LeadFlow.mount from JavaScript', () => {
    it('a selector string instead of an element is reported, and nothing throws into the page', async () => {
      const session = await load('<div id="form"></div>', { settled: 0 });
      const result = await session.page.evaluate(async () => {
        const api = (window as unknown as { LeadFlow: { mount(e: unknown, o: unknown): { ready: Promise<void> } } }).LeadFlow;
        const handle = api.mount('#form', { flow: '/flows/saas-bant.json' });
        await handle.ready;
        return typeof handle.ready;
      });
      expect(result).toBe('object');
      expect(await messages(session)).toContain('mount() needs an element to mount into, got #form');
      expect(session.pageErrors).toEqual([]);
    });

    // Was: `LeadFlow.mount(el, { webhook: '…' })` with the `flow` option forgotten (or misspelt
    // `flows`, `url`) reports `the flow object is invalid: (root): schema "invalid_type" "object"`
    // — as if a flow object had been given — instead of saying that the `flow` option is missing.
    // Cause: src/embed/flow-source.ts `readFlowSource` takes any non-string source, `undefined`
    // included, as an inline flow object, and src/embed/mount.tsx describes it as "object".
    // Fixed: readFlowSource fails an undefined or null `flow` with
    // `the "flow" option is missing: set it to a flow URL, "#id" or the flow object`.
    it('a missing flow option is reported as missing, naming the option', async () => {
      const session = await load('<div id="form"></div>', { settled: 0 });
      await session.page.evaluate(() => {
        const api = (window as unknown as { LeadFlow: { mount(e: unknown, o: unknown): unknown } }).LeadFlow;
        api.mount(document.getElementById('form'), { webhook: 'https://hooks.example.com/leads' });
      });
      await waitForReports(session.page, 1);
      const [error] = await reported(session.page);
      expect(error!.detail.message).toMatch(/"flow"[^\n]*(missing|not set|required)/i);
    });
  });
});
