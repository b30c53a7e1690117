import { signal } from '@preact/signals';
import { render } from 'preact';
import { formatIssue, loadFlow, type Flow, type Issue } from '../engine/index.ts';
import { LoadError, Loading, messagesFor, pickLocale, textDirection, uiMessages, Widget } from '../ui/index.ts';
import { emitterFor, type Emit, type FlowRef } from './events.ts';
import { readFlowSource } from './flow-source.ts';
import { Frame } from './frame.tsx';
import { modeOf, modes, type LeadFlowHandle, type LeadFlowOptions } from './options.ts';
import { createPageOutbox, sharedPageOutbox, type PageOutbox } from './page-outbox.ts';
import { storedValue } from './session-store.ts';
import { applyTheme, startWidget, type WidgetSession } from './start-widget.tsx';
import { chooseVariant, parseVariants, type VariantChoice } from './variant-choice.ts';
import { adoptStyles } from './styles.ts';
import { watchTriggers } from './triggers.ts';
import { nearViewport, seen } from './viewport.ts';
import { watchMoves } from './moved-widget.ts';
import { anyOpen, markOpen, pageModalShown } from '../shared/open-overlays.ts';
import { hostWithoutScheme, urlScheme } from '../shared/url-scheme.ts';
import { pageQuery } from './attribution.ts';

const visitorLocales = (): readonly string[] => navigator.languages;

/** The visitor closed this flow's popup: triggers of any widget of it stay quiet. */
const closedMark = (flowId: string) => storedValue<number>(() => localStorage, `leadflow:closed:${flowId}`);

/**
 * The widget an element holds, under a key every copy of LeadFlow on the page shares (the script
 * tag's and an app's ES module): mounting an element again replaces its widget, never adds a
 * second one behind it that counts every view twice.
 */
const MOUNTED = Symbol.for('leadflow.widget');
type Host = Element & { [MOUNTED]?: LeadFlowHandle };

/** The live widget an element holds, whichever copy of LeadFlow mounted it. */
export const widgetOn = (element: Element): LeadFlowHandle | undefined => (element as Host)[MOUNTED];

/**
 * Mounts a widget into `element`, inside an open shadow root so the page's CSS cannot reach
 * it and its CSS cannot reach the page: inline, or as a popup, slider or bubble. Leads go
 * through `outbox` (the script tag shares one per page; without it the widget makes its own).
 * Never throws for a bad flow: the visitor sees a short notice, the console says exactly what
 * to fix, and a `leadflow:error` event fires.
 */
export function mount(element: HTMLElement, options: LeadFlowOptions, outbox?: PageOutbox): LeadFlowHandle {
  const inert: LeadFlowHandle = { ready: Promise.resolve(), open() {}, close() {}, unmount() {} };
  // Called from JavaScript without options: reported as a missing flow below.
  options ??= { flow: '' };
  if ((element as Element | null)?.nodeType !== 1) {
    console.error(`LeadFlow: mount() needs an element to mount into, got ${String(element)}`);
    return inert;
  }
  (element as Host)[MOUNTED]?.unmount();
  // Read now: a lazy form reads its prefill, hidden fields and QA variant when the visitor
  // scrolls to it, after a page may have tidied its address (`history.replaceState`).
  const params = pageQuery(window);
  const emit: Emit = emitterFor(element, options);
  const report = (code: string, message: string) => {
    console.error(`LeadFlow: ${message}`);
    emit('error', { code, message });
  };
  const mode = modeOf(options);
  if (options.mode !== undefined && options.mode !== mode) console.warn(`LeadFlow: unknown mode "${String(options.mode)}", shown inline (${modes})`);
  if (mode === 'inline' && options.trigger) console.warn('LeadFlow: data-leadflow-trigger needs data-leadflow-mode="popup", slider or bubble');
  const isOpen = signal(false);
  // Listeners, observers and timers this widget added: unmount() undoes all of them.
  const stops: Array<() => void> = [];
  let flowRef: FlowRef | null = null;
  let session: WidgetSession | undefined;
  let stopTriggers = () => {};
  let unmounted = false;
  let closedEarly = false;
  let root: ShadowRoot;
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  } catch (error) {
    // <form>, <li>, <td>, <a> and elements with a closed shadow root cannot host one.
    report('mount_failed', `cannot mount into <${element.localName}>, use a <div> (${String(error)})`);
    return inert;
  }
  root.replaceChildren();
  // A child the page cannot see (nothing unslotted is drawn), so a theme's `div:empty
  // { display: none }` (Shopify's Dawn) does not hide the widget — or make a popup's page inert
  // behind a dialog nobody sees.
  // (A comment or white space does not count: `:empty` passes over them.)
  const keeper = element.firstElementChild || element.textContent!.trim() ? undefined : element.appendChild(element.ownerDocument.createTextNode('\u200b'));
  stops.push(() => keeper?.remove());
  adoptStyles(root);
  stops.push(watchMoves(element, root));
  const container = element.ownerDocument.createElement('div');
  container.className = 'lf-frame';
  root.append(container);
  const fetcher = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  // Mounted without an outbox (an app's ES module), the widget uses the page's one, unless it
  // has its own fetch or retry timing: then it owns one, and unmount() stops it. Leads it could
  // not deliver yet stay stored for the next outbox (another widget, the next page load).
  let own: PageOutbox | undefined;
  const pageOf = (flow: Flow) =>
    outbox ?? (options.fetch || options.retry ? (own ??= createPageOutbox(window, { ...options, owner: options.webhook ?? flow.id })) : sharedPageOutbox(window));
  // A lead still on its way (a single-page app moving on right after submit) is still delivered.
  stops.push(() => own?.retire());

  const handle: LeadFlowHandle = {
    ready: Promise.resolve(),
    open() {
      // An unmounted widget is gone: no state on its host, no events.
      if (unmounted) return;
      if (mode === 'inline') {
        // No gliding for a visitor who asked for less motion; a keyboard user goes on inside the
        // form (focus on its step's heading), as after opening a popup.
        element.scrollIntoView?.({ block: 'center', behavior: window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
        // Not after a flow that loads slowly, if the visitor has gone on to something else meanwhile.
        const from = element.ownerDocument.activeElement;
        return void handle.ready.then(() => element.ownerDocument.activeElement === from && container.querySelector('h2')?.focus({ preventScroll: true }));
      }
      isOpen.value = true;
      // On the host, so the page can style around it; listed, so other widgets' triggers (and
      // bubbles) see it, also in a shadow root.
      markOpen(element, true);
    },
    close() {
      if (unmounted || !isOpen.value) return;
      isOpen.value = false;
      markOpen(element, false);
      session?.closed();
      stopTriggers();
      // Triggers do not open it again for this visitor; an opener still does. (Closed while its
      // flow file was on its way: marked when the flow comes, and its triggers never start.)
      if (flowRef) closedMark(flowRef.id).save(Date.now());
      else closedEarly = true;
      emit('close', { flow: flowRef });
    },
    unmount() {
      // Once: the handle of a widget mounted again since must not touch the one showing now.
      if (unmounted) return;
      unmounted = true;
      if ((element as Host)[MOUNTED] === handle) delete (element as Host)[MOUNTED];
      // Last added, first undone: the widget records its last events before its outbox stops.
      stops.splice(0).reverse().forEach((stop) => stop());
      markOpen(element, false);
      render(null, container);
      // A shadow root stays once attached: with a slot and no styles of ours, the element shows
      // its own content again (the page's "thank you" written into it, a fallback it held).
      root.replaceChildren(element.ownerDocument.createElement('slot'));
      if (root.adoptedStyleSheets) root.adoptedStyleSheets = [];
    },
  };

  const show = (content: preact.ComponentChildren, locale: string, label = '', labelLang?: string, messages = messagesFor(locale)) => {
    // On the container, so the close button, the bubble and the dialog's name are spoken in it too.
    container.dir = textDirection(locale);
    container.lang = locale;
    render(
      <Frame mode={mode} open={isOpen} label={label} labelLang={labelLang} messages={messages} onOpen={handle.open} onClose={handle.close}>
        {content}
      </Frame>,
      container,
    );
  };

  /** After `ms`, or back online without it (true); unmounted while waiting (false). */
  const wait = (ms?: number) =>
    new Promise<boolean>((resolve) => {
      // A try that failed after unmount() waits for nothing (its stops are undone already).
      if (unmounted) return resolve(false);
      const win = element.ownerDocument.defaultView ?? window;
      const back = () => resolve(true);
      const timer = ms === undefined ? void win.addEventListener('online', back, { once: true }) : setTimeout(back, ms);
      stops.push(() => (win.removeEventListener('online', back), clearTimeout(timer), resolve(false)));
    });
  /** Before a flow is there, the widget speaks the visitor's language among its own strings'. */
  const uiLocale = () => pickLocale(Object.keys(uiMessages), options.locale, visitorLocales());
  const showError = (code: string, message: string, issues: Issue[] = []) => {
    report(code, message + issues.map((issue) => `\n  ${formatIssue(issue)}`).join(''));
    const locale = uiLocale();
    show(<LoadError locale={locale} />, locale);
  };

  const start = ({ flow, variant, variantFlow, qa }: VariantChoice) => {
    if (!options.webhook && !flow.webhook && !flow.webhooks?.length)
      return showError('missing_webhook', `flow "${flow.id}" has no webhook URL: set "webhook" in the flow or data-leadflow-webhook`);
    // The snippet's webhook as written on the page (a flow file's is linted by `leadflow validate`).
    const hook = options.webhook ?? '';
    if (!/^(https?)?$/.test(urlScheme(hook) ?? '')) return showError('invalid_webhook', `data-leadflow-webhook "${hook}" is no https:// URL or path`);
    if (hostWithoutScheme(hook)) console.warn(`LeadFlow: data-leadflow-webhook "${hook}" is a path on this page's site; meant https://${hook}?`);
    const locales = flow.locales ?? ['en'];
    const locale = pickLocale(locales, options.locale, visitorLocales());
    const language = (tag: string) => tag.split('-')[0]!.toLowerCase();
    if (options.locale && !locales.some((l) => language(l) === language(options.locale!)))
      console.warn(`LeadFlow: data-leadflow-locale "${options.locale}" is not in the flow's locales ${locales}`);
    flowRef = { id: flow.id, version: flow.version };
    const page = pageOf(flow);
    // An inline widget is seen once it scrolls into view; an overlay once opened.
    const visible = mode === 'inline' ? seen(element, stops) : isOpen;
    const widget = (session = startWidget(flow, locale, options, emit, page, element, { variant, visible, qa, ...(variantFlow && { variantFlow }) }, params));
    stops.push(() => widget.dispose());
    applyTheme(container, flow);
    show(<Widget model={widget.model} />, locale, widget.model.text(flow.title), widget.model.lang(flow.title), widget.model.messages);
    // Opened while its flow file was on its way (focus on the close button then): on at the question.
    if (root.activeElement?.matches('.lf-close')) container.querySelector('h2')?.focus();
    // A link to the form (`#form`) scrolled to its element while it was empty; grown now, the
    // browser's scroll anchoring kept what follows in view and put the form above the window.
    // (Only then: its bottom right at the top. A visitor who scrolled on meanwhile stays.)
    if (mode === 'inline' && element.matches(':target') && Math.abs(element.getBoundingClientRect().bottom) < 2) element.scrollIntoView();
    emit('ready', { flow: flowRef, locale, variant, ...(qa && { qa: true }) });
    // A `ready` listener may have unmounted it already: then nothing more starts.
    if (unmounted) return;
    widget.count();
    if (closedEarly) closedMark(flow.id).save(Date.now());
    const closed = () => closedMark(flow.id).load();
    // A trigger never opens a second popup over one already open (two exit-intent popups on a
    // page), nor one whose flow the visitor closed meanwhile in another widget (a popup beside
    // an exit-intent slider of the same flow). A host removed without unmount() is not open.
    // Over a modal of the page's own it waits (undefined: try again), until that one is gone.
    // (True, the triggers stop: a flow the visitor closed in another widget stays closed for them,
    // and they no longer check on every scroll event past their threshold.)
    const byTrigger = () => !!closed() || (!anyOpen(element.ownerDocument) && (pageModalShown(element.ownerDocument) ? undefined : (handle.open(), true)));
    if (mode !== 'inline' && options.trigger && !closed()) stops.push((stopTriggers = watchTriggers(options.trigger, window, byTrigger)));
  };

  // An inline widget waits until the visitor scrolls near it; an overlay loads at once, so it opens instantly.
  const near = mode === 'inline' && options.lazy !== false ? nearViewport(element, stops) : Promise.resolve();
  (handle as { ready: Promise<void> }).ready = near
    .then(() => {
      if (unmounted) return;
      // A flow file may take a while: an opener opens the popup at once, saying so after a second.
      // (Not a bubble: named by the flow's title, it would change its size, and move, when it comes.)
      if (typeof options.flow === 'string' && options.flow[0] !== '#' && mode !== 'bubble') {
        const locale = uiLocale();
        show(<Loading locale={locale} />, locale);
      }
      return readFlowSource(options.flow, element, fetcher, undefined, wait);
    })
    .then((source): Promise<VariantChoice> | undefined => {
      if (unmounted || !source) return;
      if (!source.ok) return void showError('load_failed', source.issues[0]!);
      const loaded = loadFlow(source.value.json);
      // The production bundle names issues by code; the dev bundle says what each means and how to fix it.
      if (!loaded.ok) return void showError('invalid_flow', `the flow ${describeSource(options.flow)} is invalid${__LEADFLOW_EXPLAIN__ ? '' : ' (leadflow.dev.js explains them)'}:`, loaded.issues);
      const flow = withSnippetVariants(loaded.value, options.variants, (message) => report('invalid_variants', `data-leadflow-variants ${message}; the flow runs without them`));
      return chooseVariant(flow, params, pageOf(flow).settings, (url) => loadVariantFile(url, source.value.base, element.ownerDocument, fetcher));
    })
    .then((choice) => {
      if (unmounted || !choice) return;
      if (choice.error) report('variant_failed', `the assigned variant could not be shown, so the flow is shown as it is: ${choice.error}`);
      start(choice);
    })
    // A bug of ours must not become an unhandled rejection on the host page.
    .catch((error: unknown) => showError('render_failed', String(error)));
  return ((element as Host)[MOUNTED] = handle);
}

const describeSource = (source: string | object) => (typeof source === 'string' ? `"${source}"` : 'object');

/**
 * The flow with the snippet's variants in place of its own, checked like them; variants that
 * cannot be read or that the flow refuses are reported, and the flow runs without them.
 */
function withSnippetVariants(flow: Flow, variants: LeadFlowOptions['variants'], report: (message: string) => void): Flow {
  if (variants === undefined) return flow;
  const parsed = typeof variants === 'string' ? parseVariants(variants) : { variants, issues: [] };
  if (parsed.issues.length) return report(parsed.issues.join('; ')), flow;
  const loaded = loadFlow({ ...flow, variants: parsed.variants });
  if (loaded.ok) return loaded.value;
  report(loaded.issues.map(formatIssue).join('; '));
  return flow;
}

/** A variant's flow file, relative to the flow file that names it (`base`; the page for an inline flow). */
async function loadVariantFile(url: string, base: string, doc: Document, fetcher: typeof fetch) {
  let href: string;
  try {
    href = new URL(url, base).href;
  } catch {
    return { ok: false as const, issues: ['not a URL a browser can load'] };
  }
  const source = await readFlowSource(href, doc, fetcher);
  if (!source.ok) return source;
  const loaded = loadFlow(source.value.json);
  return loaded.ok ? loaded : { ok: false as const, issues: loaded.issues.map(formatIssue) };
}
