import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, PageSessions } from '../e2e/support/browser.ts';

/*
 * The ES module as an app bundles it (dist/leadflow.mjs through Vite, Preact and zod from
 * node_modules), run in real Chromium: what jsdom cannot show (the top layer, focus moved by the
 * browser, constructed stylesheets across documents). Without Chromium these tests are skipped
 * (LEADFLOW_REQUIRE_BROWSER=1 makes that a failure, as for tests/e2e).
 */

const repo = fileURLToPath(new URL('../../', import.meta.url));
const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path)) ?? '';
if (!chromiumPath && process.env.LEADFLOW_REQUIRE_BROWSER === '1') throw new Error('Chromium not found: apt-get install chromium');

const APP = 'https://app.example/';
const WEBHOOK = 'https://hooks.example/leads';
const ROLE_DE = 'Welche Rolle haben Sie bei der Auswahl?';
const flow = JSON.parse(readFileSync(join(repo, 'demo/flows/saas-bant.json'), 'utf8')) as unknown;

let browser: Browser;
let appBundle: string;
const sessions = new PageSessions(() => browser);

beforeAll(async () => {
  if (!chromiumPath) return;
  // An app that imports the package's ES module, bundled as a bundler would (not rebuilt: dist/ as it is).
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-framework-'));
  try {
    const entry = join(dir, 'app.js');
    writeFileSync(entry, `import { mount } from ${JSON.stringify(join(repo, 'dist/leadflow.mjs'))};\nwindow.app = { mount };\n`);
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'App', fileName: 'app' } },
    });
    const [result] = Array.isArray(output) ? output : [output];
    appBundle = (result as { output: Array<{ type: string; code?: string }> }).output.find((chunk) => chunk.type === 'chunk')!.code!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  browser = await launchBrowser(chromiumPath);
}, 60_000);

afterEach(() => sessions.closeAll());
afterAll(() => browser?.close());

/** The app's page at APP with `body`, its bundle loaded, and a webhook that takes every lead. */
async function appPage(body: string): Promise<Page> {
  const { page } = await sessions.open();
  await page.route(`${APP}**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="de"><body>${body}</body></html>` }));
  await page.route(`${WEBHOOK}**`, (route) => route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' } }));
  await page.goto(APP);
  await page.addScriptTag({ content: appBundle });
  return page;
}

describe.skipIf(!chromiumPath)('the ES module in an app, in Chromium', { timeout: 30_000 }, () => {
  // Was: an open popup whose host element an app moves (a keyed list reordered, a layout or portal
  // re-parented) fell out of the top layer and lost focus when the module's mount() had mounted
  // it: only the script tag's observer gave moved widgets their top layer and focus back. One
  // observer per document does it now for every widget, whoever mounted it.
  it('an open popup the app moves in the page stays modal, with focus where the visitor was', async () => {
    const page = await appPage('<div id="slot"></div><div id="box"><div id="popup"></div></div><button id="opener">Offnen</button>');
    await page.evaluate(
      async ({ flow, webhook }) => {
        const app = (window as unknown as { app: { mount: typeof import('../../src/embed/index.ts').mount } }).app;
        const handle = app.mount(document.getElementById('popup')!, { flow, webhook, locale: 'de', mode: 'popup' });
        await handle.ready;
        handle.open();
      },
      { flow: flow as object, webhook: WEBHOOK },
    );
    const dialogIsModal = () => page.evaluate(() => !!document.getElementById('popup')!.shadowRoot!.querySelector('dialog')?.matches(':modal'));
    await expect.poll(dialogIsModal).toBe(true);
    // The Overlay focuses the heading first; the visitor then goes to the second answer.
    await page.waitForTimeout(150);
    await page.evaluate(() => (document.getElementById('popup')!.shadowRoot!.querySelectorAll('input[type="radio"]')[1] as HTMLElement).focus());

    // What a router does when it re-parents a layout: out, and in somewhere else.
    await page.evaluate(() => document.getElementById('slot')!.append(document.getElementById('box')!));
    await page.waitForTimeout(100);
    const after = await page.evaluate(() => {
      const root = document.getElementById('popup')!.shadowRoot!;
      return { modal: !!root.querySelector('dialog')?.matches(':modal'), focused: root.activeElement === root.querySelectorAll('input[type="radio"]')[1] };
    });
    expect(after).toEqual({ modal: true, focused: true });
  });

  // Was: mount() into an element of another same-origin document (a portal into an iframe: a page
  // builder's preview frame rendered by the editor's app) threw `NotAllowedError: Sharing
  // constructed stylesheets in multiple documents is not allowed` into the app, leaving an empty
  // shadow root behind: the sheet was made with the app window's CSSStyleSheet. It is made with
  // the element's own window's now.
  it('mounting into an element of a same-origin iframe shows the form instead of throwing', async () => {
    const page = await appPage('<iframe srcdoc="<!doctype html><div id=form></div>" style="width: 800px; height: 700px"></iframe>');
    await page.waitForFunction(() => !!document.querySelector('iframe')!.contentDocument?.getElementById('form'));
    const outcome = await page.evaluate(
      async ({ flow, webhook }) => {
        const app = (window as unknown as { app: { mount: typeof import('../../src/embed/index.ts').mount } }).app;
        const element = document.querySelector('iframe')!.contentDocument!.getElementById('form')!;
        try {
          await app.mount(element, { flow, webhook, locale: 'de', lazy: false }).ready;
        } catch (error) {
          return { threw: String(error), heading: null };
        }
        return { threw: null, heading: element.shadowRoot?.querySelector('h2')?.textContent ?? null };
      },
      { flow: flow as object, webhook: WEBHOOK },
    );
    expect(outcome).toEqual({ threw: null, heading: ROLE_DE });
  });
});
