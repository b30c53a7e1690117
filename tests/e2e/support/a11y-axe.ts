import { createRequire } from 'node:module';
import type { AxeResults, NodeResult, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's browser build, injected into test pages (they have no CSP). */
export const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The rules the widget must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The options every run uses: the WCAG A/AA rules, and full results for violations, incomplete and passes. */
const RUN_OPTIONS = {
  runOnly: { type: 'tag', values: WCAG_AA_TAGS },
  resultTypes: ['violations', 'incomplete', 'passes'],
};

/** Injects axe unless this document has it already (a navigation drops it). */
async function injectAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
}

/**
 * Runs axe on the whole document (open shadow roots included, as axe does by default) with
 * the WCAG A/AA rules; injects axe first if this page has not got it yet (a navigation drops it).
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  await injectAxe(page);
  return page.evaluate(
    (options) => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe.run(document, options),
    RUN_OPTIONS,
  );
}

/** `["div[data-leadflow]", "input"]` for a node in a shadow root: host, then the path inside. */
const targetOf = (node: NodeResult) => node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' | ');

/** Every violation with its rule, impact, help link, and per node the selector, HTML and what to fix. */
export function formatResults(results: Result[]): string {
  return results
    .map(
      (rule) =>
        `${rule.id} (${rule.impact ?? 'n/a'}): ${rule.help}\n  ${rule.helpUrl}\n` +
        rule.nodes
          .map((node) => `  - ${targetOf(node)}\n    ${node.html}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** Whether axe looked inside the widget: some passed node sits in a shadow root (its target is a path). */
export const sawShadowDom = (results: AxeResults): boolean =>
  results.passes.some((rule) => rule.nodes.some((node) => node.target.some((part) => Array.isArray(part))));

export interface AxeCheck {
  /** What was checked, e.g. `rating "nps", error state`. */
  state: string;
  violations: Result[];
  /** Rules axe could not decide (needs review), for the report; they do not fail the test. */
  incomplete: Result[];
  sawShadowDom: boolean;
}

/**
 * `runAxe` with the same rules, options and document, but the passes are looked at in the page:
 * they are only needed for `sawShadowDom`, and every passed node with its HTML is most of a
 * result; carrying it to Node cost more CPU than the run itself, at 25 checks a test.
 */
export async function checkWithAxe(page: Page, state: string): Promise<AxeCheck> {
  const run = () =>
    page.evaluate(async (options) => {
      const { axe } = window as unknown as { axe?: { run: (context: Document, options: object) => Promise<AxeResults> } };
      if (!axe) return undefined;
      const results = await axe.run(document, options);
      // As `sawShadowDom` does.
      const shadow = results.passes.some((rule) => rule.nodes.some((node) => node.target.some((part) => Array.isArray(part))));
      return { violations: results.violations, incomplete: results.incomplete, sawShadowDom: shadow };
    }, RUN_OPTIONS);
  // Axe is injected once per document: only a check on a new one takes a second round trip.
  let summary = await run();
  if (!summary) {
    await injectAxe(page);
    summary = (await run())!;
  }
  return { state, ...summary };
}

/** A readable report of every check that had violations, or '' when none had. */
export function violationReport(checks: AxeCheck[]): string {
  return checks
    .filter((check) => check.violations.length)
    .map((check) => `── ${check.state} ──\n${formatResults(check.violations)}`)
    .join('\n\n');
}
