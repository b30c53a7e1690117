/**
 * What a site ships for each widget: the browser files it embeds with a script tag or a CDN
 * link, read from the packages installed in tests/bench/peers (benchmark only, never LeadFlow
 * dependencies). The `loadsAtRuntime` notes come from reading each package's code, because the
 * sizes alone would flatter every peer that fetches the rest of itself later.
 */
export interface BundleFile {
  /** npm package, or undefined for LeadFlow's own build. */
  pkg?: string;
  /** Path inside the package (or the repo root for LeadFlow). */
  path: string;
}

export interface Bundle {
  name: string;
  files: BundleFile[];
  loadsAtRuntime: string;
}

/** Where `npm install --prefix tests/bench/peers` puts the peers, relative to the repo root. */
export const PEERS_MODULES = 'tests/bench/peers/node_modules';

export const LEADFLOW_BUNDLE: Bundle = {
  name: 'LeadFlow (dist/leadflow.js, CSS inlined)',
  files: [{ path: 'dist/leadflow.js' }],
  loadsAtRuntime: 'no code; only the flow JSON when it is given as a URL rather than inline',
};

/**
 * SurveyJS as its CDN guide embeds it: the core model, the vanilla UI, the default theme and —
 * because the benchmark flow is German, as LeadFlow's built-in UI strings are — the German UI
 * strings, which survey-core does not contain.
 */
export const SURVEYJS_BUNDLE: Bundle = {
  name: 'SurveyJS (survey-core + survey-js-ui + German + default theme CSS)',
  files: [
    { pkg: 'survey-core', path: 'survey.core.min.js' },
    { pkg: 'survey-core', path: 'i18n/german.min.js' },
    { pkg: 'survey-js-ui', path: 'survey-js-ui.min.js' },
    { pkg: 'survey-core', path: 'survey-core.min.css' },
  ],
  loadsAtRuntime:
    'no code; the default theme CSS pulls Open Sans web fonts from fonts.gstatic.com (survey-core.fontless.min.css avoids that)',
};

export const PEER_BUNDLES: Bundle[] = [
  {
    name: 'Typeform embed (loader + inline widget CSS)',
    files: [
      { pkg: '@typeform/embed', path: 'build/embed.js' },
      { pkg: '@typeform/embed', path: 'build/css/widget.css' },
    ],
    loadsAtRuntime:
      'an iframe with the whole form from form.typeform.com (questions, logic and submission run there); used from HTML it also adds its CSS from embed.typeform.com',
  },
  SURVEYJS_BUNDLE,
  {
    // The README's embed imports dist/web.js from jsDelivr as an ES module; its CSS is inside the JS.
    name: 'Typebot (@typebot.io/js web bundle)',
    files: [{ pkg: '@typebot.io/js', path: 'dist/web.js' }],
    loadsAtRuntime:
      'no iframe, but the bot itself: every turn is a request to the Typebot API (<apiHost>/api/v1/typebots/<id>/startChat, then /sessions/<id>/continueChat; typebot.io by default), plus its font from fonts.bunny.net',
  },
  {
    // The npm loader is an ES module for bundlers and ships unminified; there is no script-tag build on npm.
    name: 'Formbricks (@formbricks/js loader)',
    files: [{ pkg: '@formbricks/js', path: 'dist/index.js' }],
    loadsAtRuntime:
      'the full SDK as a script from the Formbricks server (<appUrl>/js/formbricks.umd.cjs, not on npm, not measured), then sets it up against that server',
  },
];
