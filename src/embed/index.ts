/**
 * The ES module entry (`dist/leadflow.mjs`): mount widgets yourself, or `install` the same
 * `window.LeadFlow` the script tag provides.
 */
import { mount as mountWidget } from './mount.tsx';
import type { LeadFlowHandle, LeadFlowOptions } from './options.ts';

/**
 * Mounts a widget into `element` (inline, or as a popup, slider or bubble) inside an open
 * shadow root. Never throws for a bad flow: the visitor sees a short notice, the console says
 * what to fix, and a `leadflow:error` event fires. Its leads go through the page's outbox.
 */
// Without the script tag's internal third parameter (the outbox it shares).
export const mount: (element: HTMLElement, options: LeadFlowOptions) => LeadFlowHandle = mountWidget;
export { install, type LeadFlowApi } from './install.ts';
export { readDataOptions, type LeadFlowOptions, type LeadFlowHandle } from './options.ts';
export type { LeadFlowEvents, LeadFlowEventMap, FlowRef } from './events.ts';
export type { Flow } from '../engine/index.ts';
export type { LeadEnvelope, LeadData } from '../delivery/index.ts';
