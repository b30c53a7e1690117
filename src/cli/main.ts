/// <reference types="node" />
/**
 * `leadflow <command>`: validate flow files, draw them as a Mermaid graph, simulate a visitor
 * or every path. Built into dist/cli.mjs (the package's `bin`) with the engine inside.
 * Never prints a stack trace: usage errors are one line and exit code 2; problems with the
 * input are listed and exit code 1.
 */
import { graph, graphHelp } from './commands/graph.ts';
import { simulate, simulateHelp } from './commands/simulate.ts';
import { validate, validateHelp } from './commands/validate.ts';
import { Failure, UsageError, type Io } from './io.ts';

const commands: Record<string, { run: (args: readonly string[], io: Io) => number; help: string }> = {
  validate: { run: validate, help: validateHelp },
  graph: { run: graph, help: graphHelp },
  simulate: { run: simulate, help: simulateHelp },
};

const usage = `Usage: leadflow <command> [options]

Commands:
  validate <files…> [--json]             check flow files: errors and warnings, one line each
  graph <file>                           print the flow as a Mermaid flowchart
  simulate <file> <answers.json>         walk the flow with answers; print the ending, score and trace
  simulate <file> --all-paths            list every path through the flow with its totals, tiers and routes

Run "leadflow <command> --help" for a command's options.
Exit codes: 0 ok (warnings only included), 1 problems found in the input, 2 usage errors.`;

const isHelp = (arg: string) => arg === '--help' || arg === '-h';

export function main(argv: readonly string[], io: Io): number {
  try {
    const [name, ...args] = argv;
    if (name === undefined) throw new UsageError('missing command (leadflow --help lists them)');
    if (isHelp(name) || name === 'help') {
      const topic = name === 'help' ? args[0] : undefined;
      io.out(topic && commands[topic] ? commands[topic].help : usage);
      return 0;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}" (leadflow --help lists them)`);
    const optionsEnd = args.indexOf('--');
    if (args.slice(0, optionsEnd < 0 ? undefined : optionsEnd).some(isHelp)) {
      io.out(command.help);
      return 0;
    }
    return command.run(args, io);
  } catch (error) {
    if (error instanceof Failure) {
      for (const line of error.lines) io.err(line);
      return 1;
    }
    if (error instanceof UsageError) {
      io.err(`leadflow: ${error.message}`);
      return 2;
    }
    // A bug: one line, no stack trace; LEADFLOW_DEBUG=1 shows it.
    if (process.env['LEADFLOW_DEBUG']) io.err(String((error as Error)?.stack ?? error));
    io.err(`leadflow: internal error: ${String((error as Error)?.message ?? error).split('\n')[0]} (please report it)`);
    return 2;
  }
}

/** Output as lines on stdout and stderr; a reader that goes away (`| head`) just ends the command. */
const io: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });

process.exitCode = main(process.argv.slice(2), io);
