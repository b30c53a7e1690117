import type { FrameLocator, Page } from 'playwright-core';

/** The answers of the short flow below, as the visitor sees them. */
export const ROLE = 'Ich entscheide';
export const BUDGET = 'Ja, freigegeben';
export const FIRST_QUESTION = 'Welche Rolle haben Sie?';
export const SECOND_QUESTION = 'Gibt es ein Budget?';
export const END_TITLE = 'Danke, wir melden uns!';

/**
 * A short German flow: one question (or two with `budget`), then the end. The demo flow's six
 * steps would only slow these tests down; what they check is where the snippet sits.
 */
export function shortFlow({ budget = false } = {}): { id: string; version: number; locales: string[]; webhook?: string; steps: unknown[] } {
  const choice = (id: string, title: string, options: Array<[string, string]>) => ({
    id,
    type: 'single_choice',
    title,
    options: options.map(([optionId, label]) => ({ id: optionId, label })),
  });
  return {
    id: 'deploy-check',
    version: 1,
    locales: ['de'],
    steps: [
      choice('role', FIRST_QUESTION, [['sign_off', ROLE], ['research', 'Ich recherchiere nur']]),
      ...(budget ? [choice('budget', SECOND_QUESTION, [['approved', BUDGET], ['none', 'Noch nicht']])] : []),
      { id: 'done', type: 'end', title: END_TITLE },
    ],
  };
}

/** Answers the short flow (both questions with `budget`) and waits for its end screen. */
export async function finishShortFlow(scope: Page | FrameLocator, { budget = false } = {}): Promise<void> {
  await scope.getByRole('radio', { name: ROLE }).check();
  if (budget) {
    await scope.getByRole('button', { name: 'Weiter' }).click();
    await scope.getByRole('radio', { name: BUDGET }).check();
  }
  await scope.getByRole('button', { name: 'Absenden' }).click();
  await scope.getByRole('heading', { name: END_TITLE }).waitFor({ timeout: 3_000 });
}

/**
 * Google Tag Manager's Custom HTML injection, as a page script defining `gtmInject(html)`: the
 * tag's HTML is parsed off the document, then its nodes are appended to the end of <body> one by
 * one; each `<script>` is re-created with createElement (attributes and text copied), so that
 * it runs, and the nodes after an external script wait for its load (or error), as GTM keeps
 * the tag's order. `window.__gtmFired` counts the firings that have finished.
 */
export const GTM_INJECTOR = `<script>
window.__gtmFired = 0;
window.gtmInject = function (html) {
  var holder = document.createElement('div');
  holder.innerHTML = html;
  var nodes = Array.prototype.slice.call(holder.childNodes);
  (function next() {
    var node = nodes.shift();
    if (!node) return void window.__gtmFired++;
    if (node.nodeName !== 'SCRIPT') return document.body.appendChild(node), next();
    var script = document.createElement('script');
    for (var i = 0; i < node.attributes.length; i++) script.setAttribute(node.attributes[i].name, node.attributes[i].value);
    script.text = node.text;
    if (node.src) script.onload = script.onerror = next;
    document.body.appendChild(script);
    if (!node.src) next();
  })();
};
</script>`;

/** A page script holding a tag's HTML as `window.TAG`, safe inside `<script>`. */
export const tagSource = (html: string) => `<script>window.TAG = ${JSON.stringify(html).replace(/<\//g, '<\\/')};</script>`;

/**
 * WordPress's `the_content` filters on a pasted snippet: `wpautop` (as `@wordpress/autop` 4.56
 * gives it: a `<p>` around each script, and `</p>\n<p>` at a blank line even inside a script's
 * JSON) and `convert_chars` (`&` written `&#038;`, in attributes and in a script's text alike).
 * `flowText` is the flow as the marketer pasted it.
 */
export function wordpressContent(flowText: string, element: string): string {
  const paragraphs = flowText.replace(/\n\s*\n/g, '</p>\n<p>');
  const chars = (html: string) => html.replace(/&([^#])(?![a-z1-4]{1,8};)/gi, '&#038;$1');
  return chars(`<p><script type="application/json" id="wp-flow">${paragraphs}</script></p>\n${element}\n<p><script src="/leadflow.js" async></script></p>`);
}

/** The flow's JSON as a word processor or chat app retypes it: every `"` a typographic “ or ”. */
export const withSmartQuotes = (json: string) => {
  let open = true;
  return json.replace(/"/g, () => ((open = !open) ? '”' : '“'));
};
