/// <reference types="node" />
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { formatPath, loadFlow, type Flow, type Issue } from '../engine/index.ts';

/** Where a command writes: stdout for its result, stderr for problems and notes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** A mistake in how the command was called: `leadflow: <message>`, exit code 2. */
export class UsageError extends Error {}

/** A problem with the input (a file, a flow, answers): its lines on stderr, exit code 1. */
export class Failure extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** Files larger than this are refused before they are read: no flow comes near it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MB = 1024 * 1024;

export type Severity = 'error' | 'warning';

/** An issue as the engine reports it; `severity` is optional (a missing one means an error). */
export type EngineIssue = Issue & { severity?: Severity };

export const severityOf = (issue: EngineIssue): Severity => (issue.severity === 'warning' ? 'warning' : 'error');

/** One problem in a file, as `validate` prints it; `path` is null for problems with the file itself. */
export interface Problem {
  file: string;
  path: string | null;
  code: string;
  severity: Severity;
  message: string;
  hint: string | null;
}

/** Messages are printed one per line, whatever a value quoted in them contains. */
const oneLine = (text: string) => text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

export function problemOf(file: string, issue: EngineIssue): Problem {
  return {
    file,
    path: formatPath(issue.path),
    code: issue.code,
    severity: severityOf(issue),
    message: oneLine(issue.message),
    hint: issue.hint ? oneLine(issue.hint) : null,
  };
}

/**
 * `file.json:steps[3].next[0].goto: error unknown step "pricng" — did you mean "pricing"?`;
 * a problem of the whole document (`(root)`) is named by the file alone, and a problem with the
 * file itself (too large, not UTF-8) has no severity word: `file.json: no such file`.
 */
export function formatProblem(problem: Problem): string {
  const hint = problem.hint ? ` — ${problem.hint}` : '';
  if (problem.path === null) return `${problem.file}: ${problem.message}${hint}`;
  const where = problem.path === '(root)' ? problem.file : `${problem.file}:${problem.path}`;
  return `${where}: ${problem.severity} ${problem.message}${hint}`;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte → number of continuation bytes and the allowed range of the first one
    // (which rules out overlong forms, surrogates and code points above U+10FFFF).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) count = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      count = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      count = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= count; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += count + 1;
  }
  return -1;
}

export type TextFile = { ok: true; text: string } | { ok: false; code: string; message: string };

const sizeText = (bytes: number) => {
  const mb = bytes / MB;
  // "5.0 MB is too large (limit 5 MB)" would read as a contradiction.
  return `${mb.toFixed(1) === (MAX_FILE_BYTES / MB).toFixed(1) ? mb.toFixed(3) : mb.toFixed(1)} MB`;
};

/** Reads at most `limit + 1` bytes, so a device or pipe that never ends cannot hang the command. */
function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}

/**
 * A text file as a command reads it: refused when missing, not a file, larger than
 * MAX_FILE_BYTES (checked before reading) or not UTF-8. A UTF-8 byte order mark is dropped.
 */
export function readTextFile(path: string, kind = 'flow file'): TextFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, ...fileError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, code: 'not_a_file', message: `is a directory, not a ${kind}` };
    if (stat.isFile() && stat.size > MAX_FILE_BYTES)
      return { ok: false, code: 'too_large', message: `${sizeText(stat.size)} is too large for a ${kind} (limit ${MAX_FILE_BYTES / MB} MB)` };
    const bytes = readAtMost(fd, MAX_FILE_BYTES);
    if (bytes.length > MAX_FILE_BYTES)
      return { ok: false, code: 'too_large', message: `more than ${MAX_FILE_BYTES / MB} MB is too large for a ${kind}` };
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      // Notepad's "Unicode" and PowerShell 5's `>` write UTF-16 with a byte order mark.
      const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
      return utf16
        ? { ok: false, code: 'not_utf8', message: `UTF-16 text, not UTF-8 — save the ${kind} as UTF-8 (in Notepad: Save as, Encoding: UTF-8)` }
        : { ok: false, code: 'not_utf8', message: `not UTF-8 text (invalid byte at offset ${invalidUtf8Offset(bytes)})` };
    }
  } catch (error) {
    return { ok: false, ...fileError(error) };
  } finally {
    closeSync(fd);
  }
}

function fileError(error: unknown): { code: string; message: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'no_such_file', message: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable', message: 'cannot be read (permission denied)' };
  if (code === 'EISDIR') return { code: 'not_a_file', message: 'is a directory, not a file' };
  return { code: 'unreadable', message: `cannot be read (${code ?? (error as Error).message})` };
}

/**
 * A flow file loaded as the widget loads it (`loadFlow`: JSON, schema, integrity; the linter's
 * warnings do not stop it). A file or flow that does not load is a Failure listing its problems.
 */
export function loadFlowFile(file: string): Flow {
  const read = readTextFile(file);
  if (!read.ok) throw new Failure([`${file}: ${read.message}`]);
  const loaded = loadFlow(read.text);
  if (!loaded.ok) throw new Failure([`${file}: the flow does not load:`, ...loaded.issues.map((issue) => formatProblem(problemOf(file, issue)))]);
  return loaded.value;
}
