import { readFileSync } from 'node:fs';

/** The in-page clocks, inlined so they cost no request and run before any widget code. */
const BENCH_SCRIPT = readFileSync(new URL('../pages/bench-page.js', import.meta.url), 'utf8');

/** JSON inside a `<script>`: `<` escaped as `\u003c` (same JSON) so no string can close the element. */
const inlineJson = (id: string, value: unknown) =>
  `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;

const page = (body: string) => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LeadFlow benchmark</title>
<script>${BENCH_SCRIPT}</script>
</head>
<body>
<main>
<h1>PipeLight</h1>
${body}
</main>
</body>
</html>`;

/**
 * LeadFlow as its README embeds it, with the flow inline. The script tag is synchronous (not the
 * snippet's `async`) so the clock, started by the script just before it, covers exactly its
 * download, parse, run and first render.
 */
export function leadflowPage(flow: unknown, webhook: string, script = '/leadflow.js'): string {
  return page(
    `${inlineJson('flow', flow)}
<div data-leadflow="#flow" data-leadflow-webhook="${webhook}" data-leadflow-locale="de"></div>
<script>__bench.startFirstStep({ shadowHost: '[data-leadflow]' })</script>
<script src="${script}"></script>`,
  );
}

/**
 * SurveyJS as its vanilla-JS guide embeds it, with the same flow as SurveyJS JSON. The
 * stylesheet comes after the clock starts: LeadFlow's CSS is inside its script, so SurveyJS's
 * must be counted too (scripts after a stylesheet wait for it).
 */
export function surveyjsPage(survey: unknown, files: { css: string; scripts: string[] }): string {
  return page(
    `${inlineJson('flow', survey)}
<div id="survey"></div>
<script>__bench.startFirstStep({ container: '#survey' })</script>
<link rel="stylesheet" href="${files.css}">
${files.scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
<script>
  const survey = new Survey.Model(JSON.parse(document.getElementById('flow').textContent));
  survey.render(document.getElementById('survey'));
</script>`,
  );
}

/**
 * The floor: LeadFlow's first step as it renders it (markup and CSS into a shadow root), put
 * there by a script of a few lines instead of a library. What any widget pays on this machine
 * and browser to fetch a script and paint that step; the rest is the library's own work.
 */
export function staticStepPage(script: string): string {
  return page(
    `<div data-leadflow></div>
<script>__bench.startFirstStep({ shadowHost: '[data-leadflow]' })</script>
<script src="${script}"></script>`,
  );
}

/** The script of `staticStepPage`: the captured step, nothing else. */
export const staticStepScript = (step: { html: string; css: string }): string => `(() => {
  const root = document.querySelector('[data-leadflow]').attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(${JSON.stringify(step.css)});
  root.adoptedStyleSheets = [sheet];
  root.innerHTML = ${JSON.stringify(step.html)};
})();
`;

/** The script loaded and nothing mounted: the heap baseline. */
export function heapPage(): string {
  return page('<script src="/leadflow.js"></script>');
}
