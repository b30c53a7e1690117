import { version } from '../../package.json';
import { mount } from './mount.tsx';
import { createPageOutbox } from './page-outbox.ts';
import { readDataOptions, type LeadFlowHandle, type LeadFlowOptions } from './options.ts';

/** `window.LeadFlow`, the script tag's API. */
export interface LeadFlowApi {
  version: string;
  /** Mounts a widget into an element; options mirror the `data-leadflow-*` attributes. */
  mount(element: HTMLElement, options: LeadFlowOptions): LeadFlowHandle;
  /** Mounts every `[data-leadflow]` element under `root` that is not mounted yet. */
  load(root?: ParentNode): void;
}

const SELECTOR = '[data-leadflow]';

/**
 * Installs `window.LeadFlow` once: a second copy of the script finds it and does nothing,
 * so pasting the snippet twice is harmless. Mounts what is on the page, then whatever
 * `[data-leadflow]` element is added later.
 */
export function install(win: Window & { LeadFlow?: Partial<LeadFlowApi> }): LeadFlowApi {
  const existing = win.LeadFlow;
  if (existing?.version) return existing as LeadFlowApi;
  const doc = win.document;
  const handles = new WeakMap<Element, LeadFlowHandle>();
  // One outbox for the page, started now: it also resumes leads an earlier page load left.
  const outbox = createPageOutbox(win);

  const api: LeadFlowApi = {
    version,
    // The handle stays recorded after unmount(): an element its owner unmounted is not
    // brought back by load() or the MutationObserver, only by another mount().
    mount(element, options) {
      handles.get(element)?.unmount();
      // A widget with its own fetch or retry timing gets its own outbox.
      const handle = mount(element, options, options.fetch || options.retry ? undefined : outbox);
      handles.set(element, handle);
      return handle;
    },
    load(root = doc) {
      const found = [...root.querySelectorAll<HTMLElement>(SELECTOR)];
      if (root instanceof HTMLElement && root.matches(SELECTOR)) found.unshift(root);
      for (const element of found) if (!handles.has(element)) api.mount(element, readDataOptions(element));
    },
  };
  win.LeadFlow = api;

  // No waiting for DOMContentLoaded: widgets already parsed start now (their flow fetch too),
  // and the observer mounts the rest as the parser, or a single-page app, adds them.
  api.load();
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof HTMLElement) api.load(node);
  }).observe(doc.documentElement, { childList: true, subtree: true });
  return api;
}
