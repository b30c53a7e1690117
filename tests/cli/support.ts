import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { simulate } from '../../src/cli/commands/simulate.ts';
import { Failure } from '../../src/cli/io.ts';

/** The built command, as `npx leadflow` runs it (`npm test` builds dist/ first). */
export const CLI = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.mjs …` in `cwd` (the repository by default), with a timeout so a hang fails. */
export function leadflow(args: readonly string[], cwd = ROOT): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 15_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder under the OS's temp folder for this test file, removed afterwards. */
export function tempDir(): { dir: string; write: (name: string, content: string | Uint8Array) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
      return name;
    },
  };
}

/**
 * `leadflow simulate` run in this process (no build needed), on JSON files written to a fresh
 * temp folder: `file` writes one and gives its path, `run` returns what was printed and whether
 * the command failed (its `Failure` lines among `err`).
 */
export function simulateInProcess() {
  const { dir } = tempDir();
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    try {
      simulate(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
      return { out, err, failed: false };
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      return { out, err: [...err, ...error.lines], failed: true };
    }
  };
  return { file, run };
}

/** A stack trace line: `    at fn (file:1:2)`. */
export const STACK_LINE = /^\s+at .+[:(]/m;
