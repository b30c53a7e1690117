import { UsageError } from './io.ts';

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  /** Options with a value, in order; an option given twice keeps both. */
  values: Map<string, string[]>;
}

export interface ArgSpec {
  /** The command, for messages. */
  command: string;
  /** Options without a value: `--json`. */
  flags?: readonly string[];
  /** Options with a value: `--limit 10` or `--limit=10`. */
  values?: readonly string[];
  /** Options whose value may be followed by more `name=value` words: `--hidden a=1 b=2`. */
  pairs?: readonly string[];
}

const PAIR = /^[A-Za-z][\w-]*=/;

/** A small, strict parser: unknown options are usage errors; `--` ends the options. */
export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const flags = new Set(spec.flags ?? []);
  const valued = new Set([...(spec.values ?? []), ...(spec.pairs ?? [])]);
  const pairs = new Set(spec.pairs ?? []);
  const add = (name: string, value: string) => parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (flags.has(name)) {
      if (name !== arg) throw new UsageError(`${name} takes no value (leadflow ${spec.command} --help)`);
      parsed.flags.add(name);
    } else if (valued.has(name)) {
      const value = name !== arg ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value (leadflow ${spec.command} --help)`);
      add(name, value);
      if (pairs.has(name)) while (i + 1 < args.length && PAIR.test(args[i + 1]!)) add(name, args[++i]!);
    } else throw new UsageError(`unknown option "${name}" for ${spec.command} (leadflow ${spec.command} --help)`);
  }
  return parsed;
}

/** A whole number ≥ 1 given to an option. */
export function positiveInteger(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${option} needs a whole number of at least 1, not "${value}"`);
  return Number(value);
}
