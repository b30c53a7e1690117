/** One browser file as shipped, measured the way users download it. */
export interface SizeRow {
  /** What is measured, e.g. "LeadFlow (dist/leadflow.js)" or "SurveyJS (survey-core + survey-js-ui + CSS)". */
  name: string;
  /** Package versions measured, e.g. "survey-core@2.5.43, survey-js-ui@2.5.38". */
  version: string;
  /** Files summed, relative to their package. */
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  /** What else it loads at run time (an iframe, more scripts from a server), or "nothing". */
  loadsAtRuntime: string;
}

/** One part of dist/leadflow.js: its minified bytes, and what gzip saves without it. */
export interface CompositionRow {
  name: string;
  raw: number;
  gzip: number;
}

export interface Composition {
  parts: CompositionRow[];
  /** The mandated stack's packages together: their bytes gzipped on their own, and what the file loses without them. */
  stack: { names: string[]; alone: number; without: number };
}

/** Milliseconds, summarised over repeated runs. */
export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

export interface BrowserResult {
  name: string;
  /** From the first byte of the page's own script to the first step being interactive and painted. */
  firstStep: Timing;
  /** From clicking Next after choosing an option to the next step being painted. */
  stepTransition: Timing;
}

/**
 * The same first step as static markup put into a shadow root by a few lines of script: what
 * any widget pays on this machine to fetch a script and paint that step.
 */
export interface FloorResult {
  firstStep: Timing;
}

export interface HeapResult {
  /** JS heap in bytes after GC, page loaded with the script but nothing mounted. */
  baseline: number;
  /** After mounting one widget. */
  oneWidget: number;
  /** After 100 mount / unmount cycles and GC: mostly code compiled on the way, once. */
  after100Cycles: number;
  /** After 100 cycles more: growth per cycle from here on is what a widget leaves behind. */
  after200Cycles: number;
}

export interface EngineRow {
  steps: number;
  /** Each in ms, median of several runs. */
  load: number;
  lint: number;
  navigate: number;
  score: number;
}

export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memory: string; os: string; node: string; chromium: string };
  sizes: SizeRow[];
  composition: Composition;
  browser: BrowserResult[];
  floor: FloorResult;
  heap: HeapResult;
  engine: EngineRow[];
}
