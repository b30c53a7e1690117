import { version } from '../../package.json';
import { mount, widgetOn } from './mount.tsx';
import { openHosts } from '../shared/open-overlays.ts';
import { modeOf, readDataOptions, type LeadFlowHandle, type LeadFlowOptions } from './options.ts';
import { firstTouch } from './attribution.ts';
import { sharedPageOutbox } from './page-outbox.ts';

/** A call queued before the script loaded: `["open", "#pricing-popup"]`. */
type QueuedCall = [method: string, ...args: unknown[]];

/** `window.LeadFlow`, the script tag's API. */
export interface LeadFlowApi {
  version: string;
  /** Mounts a widget into an element; options mirror the `data-leadflow-*` attributes. */
  mount(element: HTMLElement, options: LeadFlowOptions): LeadFlowHandle;
  /** Mounts every `[data-leadflow]` element under `root` that is not mounted yet. */
  load(root?: ParentNode): void;
  /** Opens a popup, slider or bubble: the element (or a selector for it), else the first on the page. */
  open(target?: Element | string): void;
  close(target?: Element | string): void;
  /** Unmounts the widget in an element (or a selector for it). */
  unmount(target: Element | string): void;
  /** Calls pushed before the script loaded are run at once; pushed later, they run right away. */
  q: { push(...calls: QueuedCall[]): void };
}

const SELECTOR = '[data-leadflow]';

/**
 * Installs `window.LeadFlow` once: a second copy of the script finds it and does nothing,
 * so pasting the snippet twice is harmless. A stub `{ q: [...] }` set up before the script
 * loaded is replaced, and its queued calls are run. Mounts what is on the page, then whatever
 * `[data-leadflow]` element is added later; clicks on `[data-leadflow-open]` open a widget.
 */
export function install(win: Window & { LeadFlow?: Partial<LeadFlowApi> & { q?: unknown } }): LeadFlowApi {
  const existing = win.LeadFlow;
  if (existing?.version) return existing as LeadFlowApi;
  const doc = win.document;
  const handles = new WeakMap<Element, LeadFlowHandle>();
  // Elements with a live widget, for the page's removals: an app's route change removes a
  // section holding a widget it mounted on a plain element, which no selector finds.
  const live = new Set<Element>();
  // Popups, sliders and bubbles, for an opener that names none; weakly held through `handles`.
  let overlays: Element[] = [];
  // One outbox for the page, started now: it also resumes leads an earlier page load left.
  const outbox = sharedPageOutbox(win);
  // The visit's first touch is taken now, not when a widget further down is scrolled to.
  firstTouch(win);

  /**
   * The element a target names: an element, a selector, or without one the first overlay still
   * on the page. A selector is looked for in `near`'s shadow root first: an opener inside a web
   * component may open the popup beside it.
   */
  const elementOf = (target?: Element | string | null, near?: Node): Element | undefined => {
    if (target === undefined) {
      // A page usually has one popup.
      overlays = overlays.filter((el) => el.isConnected);
      return overlays[0];
    }
    try {
      const root = near?.getRootNode() as Partial<ShadowRoot> | undefined;
      // A selector that matches nothing (or `querySelector`'s null) names nothing, not the first popup.
      return (typeof target === 'string' ? (root?.host && root.querySelector!(target)) || doc.querySelector(target) : target) ?? undefined;
    } catch {
      // A selector the browser cannot read ("#2024-offer") names nothing; it must not throw into the page.
      console.warn(`LeadFlow: "${String(target)}" is not a valid selector`);
      return undefined;
    }
  };
  const find = (target?: Element | string | null): LeadFlowHandle | undefined => {
    const element = elementOf(target);
    // The element's live widget first: an app's ES module may have mounted it again since.
    return element && (widgetOn(element) ?? handles.get(element));
  };

  const api: LeadFlowApi = {
    version,
    // The handle stays recorded after unmount(): an element its owner unmounted is not
    // brought back by load() or the MutationObserver, only by another mount().
    mount(element, options) {
      // A widget with its own fetch or retry timing gets its own outbox. (No element, say a
      // querySelector that found nothing: mount() says so and hands back a handle that does nothing.)
      if ((element as Element | null)?.nodeType !== 1) return mount(element, options);
      // Called from JavaScript without options: mount() reports the missing flow.
      options ??= { flow: '' };
      handles.get(element)?.unmount();
      const handle = mount(element, options, options.fetch || options.retry ? undefined : outbox);
      // Unmounted through its own handle too, it is no overlay an opener without a target can pick.
      const unmount = handle.unmount;
      handle.unmount = () => {
        unmount();
        live.delete(element);
        overlays = overlays.filter((el) => el !== element);
      };
      handles.set(element, handle);
      live.add(element);
      if (modeOf(options) !== 'inline' && !overlays.includes(element)) overlays.push(element);
      return handle;
    },
    load(root) {
      root ??= doc;
      const found = [...root.querySelectorAll<HTMLElement>(SELECTOR)];
      if (root instanceof HTMLElement && root.matches(SELECTOR)) found.unshift(root);
      for (const element of found) if (!handles.has(element)) api.mount(element, readDataOptions(element));
    },
    open(target) {
      const handle = find(target);
      if (handle) return handle.open();
      // Queued before the page was parsed: the widget may be further down, or mounted by the
      // page's deferred or module script, which runs just before DOMContentLoaded (if it is not
      // there then either, that is said). Or at `load`, where Cloudflare's Rocket Loader, running
      // this script, never delivers DOMContentLoaded to it; once, whichever comes first.
      if (doc.readyState === 'loading') {
        let asked = false;
        const go = () => asked || ((asked = true), api.open(target));
        doc.addEventListener('DOMContentLoaded', go);
        win.addEventListener('load', go);
      } else console.warn(`LeadFlow: nothing to open${target ? ` at ${String(target)}` : ''}`);
    },
    // Without a target, whichever popup, slider or bubble is open (mounted by this copy of
    // LeadFlow or by an app's ES module).
    close: (target) => (target !== undefined ? find(target)?.close() : new Set([...overlays, ...openHosts(doc)]).forEach((el) => find(el)?.close())),
    unmount(target) {
      const element = elementOf(target);
      if (element) find(element)?.unmount();
      overlays = overlays.filter((el) => el !== element);
    },
    q: {
      push(...calls) {
        for (const entry of calls) {
          // A list, or list-like (a stub that pushes its `arguments`).
          const [method, ...args] = typeof (entry as ArrayLike<unknown> | null)?.length === 'number' ? Array.from(entry as ArrayLike<unknown>) : [];
          const call = api[method as 'open'] as ((...a: unknown[]) => void) | undefined;
          if (typeof call !== 'function' || method === 'q') console.error(`LeadFlow: unknown queued call "${String(method)}"`);
          else
            try {
              call(...args);
            } catch (error) {
              // One bad call must not keep the rest of the queue from running.
              console.error(`LeadFlow: queued call "${method}" failed`, error);
            }
        }
      },
    },
  };
  const queued = Array.isArray(existing?.q) ? (existing.q as QueuedCall[]) : [];
  win.LeadFlow = api;

  // No waiting for DOMContentLoaded: widgets already parsed start now (their flow fetch too),
  // and the observer mounts the rest as the parser, or a single-page app, adds them.
  api.load();
  new MutationObserver((records) => {
    const removed: HTMLElement[] = [];
    const added = new Set<Node>();
    for (const record of records) {
      // The attribute set on an element the page has (a tag manager's tag, a late framework binding).
      if (record.type === 'attributes') added.add(record.target);
      for (const node of record.addedNodes) added.add(node);
      for (const node of record.removedNodes) if (node instanceof HTMLElement) removed.push(node);
    }
    // An app rendering a list adds its rows one by one: past a few, the page's widgets are looked
    // up once and kept if they are in what was added (a query per row cost 2 µs each).
    if (added.size > 8)
      doc.querySelectorAll(SELECTOR).forEach((element) => {
        for (let node: Node | null = element; node; node = node.parentNode) if (added.has(node)) return api.load(element);
      });
    else added.forEach((node) => node instanceof HTMLElement && api.load(node));
    // A single-page app removes widgets with their route: unmount them, unless they were only
    // moved (then they are connected again by the time the microtask runs; mount() watches
    // for that and gives them back the top layer and focus). Not unmounted on purpose: put back
    // later (a kept-alive route), the element is mounted again.
    if (removed.length)
      queueMicrotask(() => {
        for (const element of live)
          if (!element.isConnected && removed.some((node) => node.contains(element))) {
            handles.get(element)!.unmount();
            handles.delete(element);
          }
      });
  }).observe(doc.documentElement, { childList: true, subtree: true, attributeFilter: ['data-leadflow'] });
  doc.addEventListener('click', (event) => {
    // Along the composed path: an opener inside a web component's shadow root too, where the
    // document sees only the component as the target.
    const opener = event.composedPath().find((node) => (node as Element).matches?.('[data-leadflow-open]')) as Element | undefined;
    if (!opener) return;
    event.preventDefault();
    const target = opener.getAttribute('data-leadflow-open') || undefined;
    api.open((target && elementOf(target, opener)) || target);
  });
  api.q.push(...queued);
  return api;
}
