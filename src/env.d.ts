/**
 * Build flag: `true` everywhere (tests, Node, the ES modules, `leadflow.dev.js`) except the
 * production script tag `dist/leadflow.js`, where a broken flow is reported by issue code,
 * path and values only, and the explanations and "did you mean" hints are left out to keep
 * the bundle small. Set with Vite's `define` (vite.config.ts, scripts/build.mjs).
 */
declare const __LEADFLOW_EXPLAIN__: boolean;
