import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable the browser tests drive; '' when none is installed (they skip). */
    chromiumPath: string;
    /** A folder holding the copy of dist/leadflow*.js (and maps) that every browser test serves. */
    bundleDir: string;
  }
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const BUNDLE = 'leadflow.js';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    // Someone pointed us at a browser on purpose: a wrong path is a mistake to report, not a skip.
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  return CANDIDATES.find(isExecutable);
}

/**
 * Finds the system Chromium (browsers are never downloaded) and hands its path to the test
 * files. Without one the browser tests skip, unless LEADFLOW_REQUIRE_BROWSER=1 (CI) makes
 * that a failure.
 *
 * The script-tag bundles (`leadflow.js`, and `leadflow.dev.js` where built) are copied once,
 * so the whole suite tests one build even when dist/ is rebuilt while it runs (the build
 * empties dist/ first); the returned teardown removes the copy.
 */
export default function setup(project: TestProject): (() => void) | void {
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    if (process.env.LEADFLOW_REQUIRE_BROWSER === '1')
      throw new Error(
        `Chromium not found (looked at $CHROMIUM_PATH, ${CANDIDATES.join(', ')}): apt-get install chromium, ` +
          'or set CHROMIUM_PATH to its executable',
      );
    console.warn('LeadFlow browser tests skipped: Chromium not found (apt-get install chromium)');
    project.provide('chromiumPath', '');
    project.provide('bundleDir', '');
    return;
  }
  if (!existsSync(DIST + BUNDLE)) throw new Error(`dist/${BUNDLE} is missing: run npm run build (npm test builds it first)`);
  const bundleDir = mkdtempSync(join(tmpdir(), 'leadflow-e2e-'));
  for (const name of readdirSync(DIST)) if (/^leadflow[\w.]*\.js(\.map)?$/.test(name)) copyFileSync(DIST + name, join(bundleDir, name));
  project.provide('chromiumPath', chromiumPath);
  project.provide('bundleDir', bundleDir);
  return () => rmSync(bundleDir, { recursive: true, force: true });
}
