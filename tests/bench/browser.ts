import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { heapPage, leadflowPage, staticStepPage, staticStepScript, surveyjsPage } from './support/bench-pages.ts';
import { startBenchServer } from './support/bench-server.ts';
import { launchChromium } from './support/chromium.ts';
import { timeFirstSteps, type WidgetPage } from './support/first-step.ts';
import { measureHeap } from './support/heap.ts';
import { PEERS_MODULES, SURVEYJS_BUNDLE } from './support/peer-bundles.ts';
import { timeStepTransitions, type StepTexts } from './support/step-transition.ts';
import { summarise } from './support/timing.ts';
import type { BenchWindow } from './support/in-page.ts';
import { openPage } from './support/page-session.ts';
import type { BrowserResult, FloorResult, HeapResult } from './types.ts';

export interface BrowserOptions {
  /**
   * Measured runs per widget for both the first step and the step transition.
   * @default 40 first steps (each a fresh page; a cold load varies by ±5 ms on a 2-core VM, so
   * fewer runs move the median by more than the changes worth measuring) and 50 transitions (in one page)
   */
  runs?: number;
}

/** Dropped before measuring; see timeFirstSteps and timeStepTransitions for why. */
const WARM_UP = 2;

/**
 * The default theme without its @font-face rules, which point at fonts.gstatic.com: the run
 * stays on 127.0.0.1, and a font download would not be SurveyJS's code anyway. The size table
 * measures the default CSS (support/peer-bundles.ts); the two differ only in those rules.
 */
const SURVEYJS_CSS = { pkg: 'survey-core', path: 'survey-core.fontless.min.css' };

interface Flows {
  leadflow: { steps: { title: { de: string } }[] };
  surveyjs: { pages: { elements: { title: string }[] }[] };
}

/** Step 1 and 2 titles, checked to be the same in both flows so both widgets wait for the same text. */
function stepTexts({ leadflow, surveyjs }: Flows): StepTexts {
  const titles = [0, 1].map((i) => {
    const ours = leadflow.steps[i]?.title.de;
    const theirs = surveyjs.pages[i]?.elements[0]?.title;
    if (!ours || ours !== theirs) throw new Error(`step ${i + 1} differs: LeadFlow "${ours}", SurveyJS "${theirs}"`);
    return ours;
  }) as [string, string];
  return { step1: titles[0], step2: titles[1], next: 'Weiter', back: 'Zurück' };
}

/** LeadFlow's first step as it painted it: the shadow root's markup and the CSS it adopted. */
async function captureFirstStep(browser: Browser, origin: string, url: string): Promise<{ html: string; css: string }> {
  const session = await openPage(browser, origin);
  try {
    await session.page.goto(url, { waitUntil: 'load' });
    await session.page.evaluate(() => (window as unknown as BenchWindow).__bench.firstStep);
    session.check();
    return await session.page.evaluate(() => {
      const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
      const css = root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
      return { html: root.innerHTML, css };
    });
  } finally {
    await session.close();
  }
}

/**
 * LeadFlow and SurveyJS rendering the same BANT flow in headless Chromium, same machine and
 * run: time to the first step painted (with the floor: the same step as static markup), step
 * 1 → 2 transition time, and LeadFlow's JS heap.
 * Needs `npm run build` and `npm install --prefix tests/bench/peers` first. Only 127.0.0.1 is
 * contacted; about a minute with the default runs on a 2-core machine.
 *
 * @example
 * const { browser, heap, chromium } = await measureBrowser(root, '/usr/bin/chromium');
 */
export async function measureBrowser(
  root: string,
  chromiumPath: string,
  options: BrowserOptions = {},
): Promise<{ browser: BrowserResult[]; floor: FloorResult; heap: HeapResult; chromium: string }> {
  const flows: Flows = {
    leadflow: JSON.parse(await readFile(join(root, 'demo/flows/saas-bant.json'), 'utf8')),
    surveyjs: JSON.parse(await readFile(join(root, 'tests/bench/surveyjs-bant.json'), 'utf8')),
  };
  const texts = stepTexts(flows);
  const peerUrl = (file: { pkg?: string; path: string }) => `/peers/${file.pkg}/${file.path}`;
  const surveyScripts = SURVEYJS_BUNDLE.files.filter((f) => f.path.endsWith('.js'));
  const files = Object.fromEntries([
    ['/leadflow.js', join(root, 'dist/leadflow.js')],
    ...[...surveyScripts, SURVEYJS_CSS].map((f) => [peerUrl(f), join(root, PEERS_MODULES, f.pkg ?? '', f.path)]),
  ]);

  const server = await startBenchServer(files);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(chromiumPath);
    const webhook = `${server.origin}/hook`;
    const widgets: WidgetPage[] = [
      { name: 'LeadFlow', url: server.page('/leadflow.html', leadflowPage(flows.leadflow, webhook)) },
      {
        name: 'SurveyJS',
        url: server.page('/surveyjs.html', surveyjsPage(flows.surveyjs, { css: peerUrl(SURVEYJS_CSS), scripts: surveyScripts.map(peerUrl) })),
      },
    ];

    const step = await captureFirstStep(browser, server.origin, widgets[0]!.url);
    const floor: WidgetPage = { name: 'floor', url: server.page('/static.html', staticStepPage(server.script('/static-step.js', staticStepScript(step)))) };

    const firstSteps = await timeFirstSteps(browser, server.origin, [...widgets, floor], options.runs ?? 40, WARM_UP);
    const results: BrowserResult[] = [];
    for (const widget of widgets) {
      const transitions = await timeStepTransitions(browser, server.origin, widget, texts, options.runs ?? 50, WARM_UP);
      results.push({ name: widget.name, firstStep: summarise(firstSteps.get(widget.name) ?? []), stepTransition: summarise(transitions) });
    }
    const heap = await measureHeap(browser, server.origin, server.page('/heap.html', heapPage()), flows.leadflow, webhook);
    return { browser: results, floor: { firstStep: summarise(firstSteps.get(floor.name) ?? []) }, heap, chromium: browser.version() };
  } finally {
    await browser?.close();
    await server.close();
  }
}
