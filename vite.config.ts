import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

/**
 * The library outputs, one Vite build each (`vite build --mode <name>`): an IIFE build takes
 * a single entry. scripts/build.mjs runs them all.
 */
export const libraryBuilds = {
  /**
   * The script tag: everything bundled and minified; flow errors named by code and path. It
   * starts with `;`: a site's script combiner may put it after a file ending in a call without
   * one, and `f()\n(function(){…})()` would call that call's result with LeadFlow.
   */
  script: { entry: 'src/embed/auto.ts', fileName: 'leadflow.js', format: 'iife', bundle: true, explain: false, banner: ';' },
  /** The same, explaining each flow error in the console, for development. */
  'script-dev': { entry: 'src/embed/auto.ts', fileName: 'leadflow.dev.js', format: 'iife', bundle: true, explain: true, banner: ';' },
  /**
   * For bundlers (leadflow.mjs) and Node (engine.mjs, the pure engine without the UI), built
   * together: the widget imports the engine's own file, so an app using both bundles it once.
   * Dependencies stay imports, so an app's own Preact and zod are shared.
   */
  module: { entry: { leadflow: 'src/embed/index.ts', engine: 'src/engine/index.ts' }, fileName: '[name].mjs', format: 'es', bundle: false, explain: true },
  /** The `leadflow` command (validate, graph, simulate): the engine inside, dependencies stay imports. */
  cli: { entry: 'src/cli/main.ts', fileName: 'cli.mjs', format: 'es', bundle: false, explain: true, banner: '#!/usr/bin/env node' },
} as const;

const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).flatMap((name) => [name, new RegExp(`^${name}/`)]);

/**
 * zod as the script tag needs it on any host page:
 * - It keeps its config on `globalThis.__zod_globalConfig`: fine in an app, but the script tag
 *   must add nothing to a host page but `window.LeadFlow`. In the bundled builds zod's
 *   `globalThis` becomes an object of its own (tests/e2e/page-footprint.test.ts checks), set to
 *   `jitless`: no code generated at run time, which a page's for-in pollution could reach.
 * - Its `for (const k in object)` loops mean the object's own keys, but also walk what an old
 *   script adds to `Object.prototype` (`Object.prototype.extend = …`): the widget failed to
 *   start, and every flow had "unknown properties". They walk `Object.keys` here
 *   (tests/e2e/host-scripts-edges.test.ts).
 */
const zodForHostPages = {
  name: 'leadflow:zod-for-host-pages',
  transform(code: string, id: string) {
    if (!/[\\/]node_modules[\\/]zod[\\/]/.test(id)) return null;
    let out = code.replace(/for \(const (\w+) in ([\w.]+)\) \{/g, 'for (const $1 of Object.keys($2)) {');
    if (out.includes('globalThis')) out = `const zodGlobals = { __zod_globalConfig: { jitless: true } };\n${out.replaceAll('globalThis', 'zodGlobals')}`;
    return out === code ? null : { code: out, map: null };
  },
};

export default defineConfig(({ mode }) => {
  const output = libraryBuilds[mode as keyof typeof libraryBuilds];
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: output?.bundle ? [zodForHostPages] : [],
    // Only the production script tag leaves the explanations of flow errors out; tests see them.
    define: { __LEADFLOW_EXPLAIN__: String(output?.explain ?? true) },
    build: output && {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: output.format === 'iife',
      sourcemap: true,
      // The IIFE has no exports, so the name never becomes a global; Vite requires one anyway.
      lib: { entry: output.entry, name: 'LeadFlowBundle', formats: [output.format], fileName: (_format, name) => output.fileName.replace('[name]', name) },
      rolldownOptions: {
        // Node's built-ins (the command's file access) stay imports too, never browser stubs.
        external: output.bundle ? [] : [...external, /^node:/],
        // The widget may import the engine's own file (its exports and some more): no third chunk.
        preserveEntrySignatures: 'allow-extension',
        // The command's shebang must be the first line of dist/cli.mjs.
        // (After minification, which would take the script tag's `;` out again.)
        output: { postBanner: 'banner' in output ? output.banner : undefined },
      },
    },
    test: {
      // Vitest's default is one worker per core less one: one on CI's 2 cores, every file in
      // turn. Most of a browser test is waiting on Chromium and the network (a serial run kept
      // about a quarter of the two cores busy), so two files at a time nearly halve the run; with
      // two the cores were still idle half the time (user + sys 11m42s over 12m19s), and three
      // took the whole CI run from 12m19s to 10m44s on a fresh clone (tests' own times grow by a
      // quarter, well inside their timeouts).
      maxWorkers: 3,
      // jsdom walking 60 steps or 200 options, or the CLI run once per demo flow, takes 2.5–4 s
      // on CI's busy cores: 5 s (the default) was a timeout waiting to happen. A timeout guards
      // against a hang; speed is measured by the benchmarks.
      testTimeout: 15_000,
      // `expect.poll` gives up after 1 s by default: what a page or a server does "at once" can
      // take longer than that on CI's 2 busy cores. A poll still ends as soon as it holds.
      expect: { poll: { timeout: 5_000 } },
      projects: [
        {
          extends: true,
          test: { name: 'node', environment: 'node', include: ['tests/{engine,shared,delivery,cli,build,demo}/**/*.test.ts'] },
        },
        {
          extends: true,
          test: {
            name: 'dom',
            environment: 'jsdom',
            include: ['tests/{ui,embed}/**/*.test.{ts,tsx}'],
            setupFiles: ['tests/ui/setup.ts'],
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            environment: 'node',
            include: ['tests/e2e/**/*.test.ts'],
            globalSetup: ['tests/e2e/global-setup.ts'],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
