import demo from '../../demo/flows/saas-bant.json';
import { formatIssue, loadFlow, type Flow } from '../../src/engine/index.ts';

/**
 * Flow JSON as a marketer writes it: tests break it on purpose (misspelt keys, wrong types),
 * which the typed `Flow` would not allow, so mutations go through this loose type.
 */
export type FlowJson = any;

/** A fresh copy of the demo flow's JSON, safe to mutate. */
export const demoJson = (): FlowJson => structuredClone(demo);

/** Loads a flow that must be valid; a broken fixture fails loudly with its issues. */
export function load(json: unknown): Flow {
  const result = loadFlow(json);
  if (!result.ok) throw new Error(`fixture flow is invalid:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.value;
}

/** The demo flow, loaded. */
export const demoFlow = (): Flow => load(demoJson());
