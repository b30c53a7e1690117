import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, PageSessions } from './support/browser.ts';

const chromiumPath = inject('chromiumPath');
const configFile = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url));

describe.skipIf(!chromiumPath)('the playground (/playground/ of npm run demo)', () => {
  let browser: Browser;
  let server: ViteDevServer;
  let base: string;
  let dataDir: string;
  const sessions = new PageSessions(() => browser);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'leadflow-playground-'));
    process.env.LEADFLOW_DEMO_DATA = dataDir;
    server = await createServer({ configFile, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', watch: null } });
    await server.listen();
    base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`;
    browser = await launchBrowser(chromiumPath);
  }, 60_000);

  afterAll(async () => {
    await sessions.closeAll();
    await Promise.all([browser?.close(), server?.close()]);
    delete process.env.LEADFLOW_DEMO_DATA;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lints the flow as it is edited, previews it, and shows the score and payload it would send', async () => {
    const { page } = await sessions.open();
    await page.goto(`${base}/playground/`);
    const problems = page.locator('#problems');
    await expect.poll(() => problems.textContent()).toBe('No problems found.');
    await page.getByRole('heading', { name: 'Welche Rolle haben Sie bei der Auswahl?' }).waitFor();

    // A misspelt goto is named with its path and the fix, and the preview keeps the last good flow.
    const editor = page.getByRole('textbox', { name: 'Flow JSON' });
    const json = await editor.inputValue();
    await editor.fill(json.replace('"goto": "end_student"', '"goto": "end_studnet"'));
    await expect.poll(() => problems.textContent()).toContain('steps[0].next[0].goto: unknown step "end_studnet" — did you mean "end_student"?');

    await editor.fill(json);
    await expect.poll(() => problems.textContent()).toBe('No problems found.');
    await page.getByRole('radio', { name: 'Ich bin Student:in' }).check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('#result-status').textContent()).toContain('lead.submitted');
    const payload = JSON.parse((await page.locator('#payload').textContent())!);
    expect(payload).toMatchObject({ type: 'lead.submitted', data: { answers: { role: { value: 'student' } }, score: { tier: 'cold' } } });
    expect(await page.locator('#trace tr').count()).toBe(payload.data.score.trace.length);
  });
});
