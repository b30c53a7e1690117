import type { LeadFlowApi } from '../../../src/embed/index.ts';

/** What tests/bench/pages/bench-page.js puts on `window.__bench`. */
export interface InPageBench {
  /** Milliseconds from just before the widget's script tag to its first step painted. */
  firstStep: Promise<number>;
  stepTransitions(options: {
    runs: number;
    /** Text that only step 1 shows (its title), and the same for step 2. */
    step1: string;
    step2: string;
    /** Labels of the Next and Back buttons. */
    next: string;
    back: string;
  }): Promise<number[]>;
}

/** The page's window as the benchmark sees it; used only inside `page.evaluate` callbacks. */
export type BenchWindow = Window & { __bench: InPageBench; LeadFlow: LeadFlowApi };
