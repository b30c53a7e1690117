/**
 * The ES module entry (`dist/leadflow.mjs`): mount widgets yourself, or `install` the same
 * `window.LeadFlow` the script tag provides.
 */
export { mount } from './mount.tsx';
export { install, type LeadFlowApi } from './install.ts';
export { readDataOptions, type LeadFlowOptions, type LeadFlowHandle } from './options.ts';
export type { LeadFlowEvents, FlowRef } from './events.ts';
export type { Flow } from '../engine/index.ts';
export type { LeadEnvelope, LeadData } from '../delivery/index.ts';
