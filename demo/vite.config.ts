import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { leadflowReceiver } from './receiver/plugin.ts';

const demoDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * `npm run demo`: the PipeLight landing pages (German at /, English at /en/) with the
 * script-tag widget, and a local webhook receiver (see receiver/). Leads go to
 * demo/.data/leads.jsonl, or to $LEADFLOW_DEMO_DATA.
 */
export default defineConfig({
  root: demoDir,
  publicDir: false,
  // Static pages: an unknown path is a 404, not the home page.
  appType: 'mpa',
  cacheDir: fileURLToPath(new URL('../node_modules/.vite-demo', import.meta.url)),
  plugins: [leadflowReceiver()],
  // The playground's only dependency (through dist/engine.mjs), bundled at start: found on the
  // first page load instead, it was bundled again while a fresh clone's pages were loading, and
  // those asked for the first bundle (504 "Outdated Optimize Dep", a console error).
  optimizeDeps: { include: ['zod/mini'] },
  // The playground imports the published engine build, as a site using the package would.
  resolve: { alias: { 'leadflow/engine': fileURLToPath(new URL('../dist/engine.mjs', import.meta.url)) } },
  server: {
    // The receiver's files (leads with names and e-mail addresses) are no page: without this,
    // /.data/leads.jsonl was served to anyone, with --host to the whole network.
    fs: { deny: ['.env', '.env.*', '*.{crt,pem}', '**/.git/**', '**/.data/**'] },
    // Vite's CORS middleware would answer the webhook's preflight before the receiver sees it;
    // the receiver sends its own CORS headers, and nothing else here needs any.
    cors: false,
    headers: {
      // The strict policy a careful landing page would send: the widget has to work under it
      // (no inline scripts or styles, no eval, requests to this origin only).
      'content-security-policy': [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    },
  },
  preview: { cors: false },
});
