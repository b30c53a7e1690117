import type { BenchResults, Timing } from './types.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => (value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(1) : value.toFixed(0));
const timing = (t: Timing) => `${ms(t.median)} / ${ms(t.p95)}`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * What the same step costs as static markup, and each product's time above it: the part of
 * the first step that is the library's own work rather than the machine's and the browser's.
 */
function floorNote({ floor, browser }: BenchResults): string {
  const [leadflow, ...peers] = browser;
  const above = (t: Timing) => Math.max(0.1, t.median - floor.firstStep.median);
  return (
    `\n\nFloor: the same first step as static markup, put into a shadow root by a few lines of script (fetched like the others), paints in ${timing(floor.firstStep)} ms on this machine. ` +
    `Above that floor: ${browser.map((b) => `${b.name} ${ms(above(b.firstStep))} ms`).join(', ')}` +
    (leadflow && peers.length ? ` (${peers.map((p) => `${ratio(above(p.firstStep), above(leadflow.firstStep))} for ${p.name}`).join(', ')}).` : '.')
  );
}

/** The mandated stack's share of the 20 KiB target. */
function stackNote({ composition: { stack } }: BenchResults): string {
  return (
    `\n\nThe mandated stack (${stack.names.join(', ')}) gzips to ${kib(stack.alone)} on its own, ` +
    `${Math.round((stack.alone / (20 * 1024)) * 100)} % of the 20 KiB target; the file would be ${kib(stack.without)} smaller without it.`
  );
}

/** The benchmark results as the Markdown of docs/benchmarks.md. */
export function renderReport(results: BenchResults): string {
  const [leadflow, ...peers] = results.browser;
  const m = results.machine;
  const sections = [
    `Measured ${results.date} on ${m.cpu} (${m.cores} cores, ${m.memory}), ${m.os}, Node ${m.node}, ${m.chromium}.`,
    '## Bundle size\n\nWhat a page downloads to show the form, measured the same way for every product (gzip level 9, brotli quality 11).\n\n' +
      table(
        ['product', 'files', 'raw', 'gzip', 'brotli', 'loads at run time'],
        results.sizes.map((s) => [`${s.name} (${s.version})`, s.files.map((f) => `\`${f}\``).join(', '), kib(s.raw), kib(s.gzip), kib(s.brotli), s.loadsAtRuntime]),
      ),
    '## Where the script\'s bytes go\n\nRead from `dist/leadflow.js.map`: minified bytes per part, and what the gzipped file loses without the part (parts compress against each other, so the column adds up to about the whole).\n\n' +
      table(
        ['part', 'raw', 'gzip'],
        results.composition.parts.map((c) => [c.name, kib(c.raw), kib(c.gzip)]),
      ) +
      stackNote(results),
    '## Time to first step and step transitions\n\nHeadless Chromium, same machine and run, the demo BANT flow (for SurveyJS the same flow as SurveyJS JSON), milliseconds as median / p95.\n\n' +
      table(
        ['product', 'script start → first step painted', 'Next → next step painted', 'first step vs LeadFlow'],
        results.browser.map((b) => [b.name, timing(b.firstStep), timing(b.stepTransition), leadflow ? ratio(b.firstStep.median, leadflow.firstStep.median) : '']),
      ) +
      (leadflow && peers.length
        ? `\n\nLeadFlow shows its first step ${peers.map((p) => `${ratio(p.firstStep.median, leadflow.firstStep.median)} sooner than ${p.name}`).join(', ')}.`
        : '') +
      floorNote(results),
    '## Memory\n\nLeadFlow\'s JS heap after garbage collection. The first 100 mount / unmount cycles also leave the code V8 compiled and optimised while running them, once; what each of the next 100 adds is what an unmounted widget leaves behind.\n\n' +
      table(
        ['page with the script, nothing mounted', 'one widget mounted', 'after 100 mount / unmount cycles', 'after 200', 'per cycle, cycles 101–200'],
        [
          [
            kib(results.heap.baseline),
            kib(results.heap.oneWidget),
            kib(results.heap.after100Cycles),
            kib(results.heap.after200Cycles),
            kib((results.heap.after200Cycles - results.heap.after100Cycles) / 100),
          ],
        ],
      ),
    '## Engine scale\n\nGenerated flows (`tests/bench/engine-scale.ts`), milliseconds (median); µs per step shows how the cost grows. "navigate" answers and leaves every step from the first to an ending.\n\n' +
      table(
        ['steps', 'load', 'lint', 'navigate', 'score', 'load µs/step', 'navigate µs/step'],
        results.engine.map((r) => [
          r.steps.toLocaleString('en'),
          ms(r.load),
          ms(r.lint),
          ms(r.navigate),
          ms(r.score),
          ((r.load * 1000) / r.steps).toFixed(1),
          ((r.navigate * 1000) / r.steps).toFixed(1),
        ]),
      ),
  ];
  return `${sections.join('\n\n')}\n`;
}
