import { effect } from '@preact/signals';
import { createLeadId, createVisitId } from '../delivery/index.ts';
import { prefillAnswers, restoreFlow, startFlow, type Flow, type FlowState, type Theme } from '../engine/index.ts';
import { createFlowModel, type FlowModel } from '../ui/index.ts';
import { firstTouch } from './attribution.ts';
import type { Emit } from './events.ts';
import { createFunnelReporter, type Exposure, type FunnelMemory } from './funnel-reporter.ts';
import { DEFAULT_MIN_FILL_MS, type LeadFlowOptions } from './options.ts';
import type { PageOutbox } from './page-outbox.ts';
import { createRedirects } from './redirect-after-lead.ts';
import { storedValue } from './session-store.ts';
import { submitLead, type SubmitContext } from './submit-lead.ts';

/** What a reload needs to continue where the visitor was: the path, the answers, the lead, the visit. */
interface Progress extends FunnelMemory {
  history: string[];
  answers: FlowState['answers'];
  leadId: string;
  startedAt: string;
  partials: number;
  /** The time filled so far on the monotonic clock: a reload after the device's clock went back keeps it. */
  filled?: number;
}

/** Hidden fields the flow declares, taken from the page URL (`?utm_source=…`), then from options. */
function hiddenFields(flow: Flow, options: LeadFlowOptions, params: URLSearchParams): Record<string, string> {
  const fromUrl = (flow.hidden ?? []).flatMap((name) => {
    const value = params.get(name);
    return value === null ? [] : [[name, value.slice(0, 200)] as const];
  });
  return { ...Object.fromEntries(fromUrl), ...options.hidden };
}

/**
 * The `--leadflow-*` properties, by name: the widget's own property each one sets (the flow's
 * `theme` sets the first six too, as fallbacks to the page's), and a CSS property its value
 * must suit.
 */
export const THEME_PROPERTIES = {
  primary: ['accent', 'color'],
  text: ['text', 'color'],
  background: ['bg', 'background'],
  font: ['font', 'font-family'],
  radius: ['radius', 'border-radius'],
  spacing: ['space', 'padding'],
  muted: ['muted', 'color'],
  border: ['border', 'color'],
  error: ['error', 'color'],
} as const;

/**
 * Applies the flow's theme, and sets aside a value that is of no use where it goes — a typo such
 * as `#0b6e4` for a colour would make everything that uses it vanish (the Next button, every
 * focus ring) — with a console warning: the flow's value, or the default, is used instead. The
 * page's values are read just before the next frame, where the browser computes the styles
 * anyway: not in the script's task (the first step would wait for them), nor a task later (a
 * value set aside after the first paint moved the form: a layout shift).
 */
export function applyTheme(container: HTMLElement, flow: Flow): void {
  // CSS.supports takes a CSS-wide keyword for any property, but inside var() it is a plain word
  // that makes `font: 16px var(--lf-font)` invalid: the page's font and colours came through.
  // currentColor is each element's own text colour: as the primary, the Next button's white
  // label's, on the button (white on white).
  const usable = (property: string, value: string) =>
    !/^\s*(inherit|initial|unset|revert(-layer)?|currentcolor)\s*$/i.test(value) && (!window.CSS?.supports || CSS.supports(property, value));
  const setAside = (where: string, value: string, property: string) =>
    console.warn(`LeadFlow: ${where} "${value}" is no ${property} value and is ignored`);
  for (const [key, value] of Object.entries(flow.theme ?? {})) {
    const [name, property] = THEME_PROPERTIES[key as keyof Theme];
    // The page's --leadflow-* still wins: the flow's value is only the fallback.
    if (usable(property, value)) container.style.setProperty(`--lf-${name}`, `var(--leadflow-${key}, ${value})`);
    else setAside(`the flow's theme.${key}`, value, property);
  }
  // (A background tab runs it when shown, before its first frame; a DOM without frames a task later.)
  (window.requestAnimationFrame ?? setTimeout)(() => {
    const page = getComputedStyle(container);
    for (const [key, [name, property]] of Object.entries(THEME_PROPERTIES)) {
      // What the widget ends up with: the page's value, the flow's, or the default. Only the
      // page's can be unusable here (an empty one, `--leadflow-primary: ;`, too).
      const value = page.getPropertyValue(`--lf-${name}`).trim();
      if (!usable(property, value) && container.isConnected) {
        setAside(`--leadflow-${key}`, value, property);
        container.style.setProperty(`--leadflow-${key}`, 'initial');
      }
    }
    // A dark background (the flow's or the page's) gets dark radios, checkboxes, pickers and
    // scrollbars: the light ones the form otherwise asks for would glare on it.
    const root = container.querySelector('.lf-root') ?? container;
    const style = getComputedStyle(root);
    // A computed colour as sRGB and alpha (0–1): rgb() as written; any other (Tailwind's oklch(),
    // lab(), color(display-p3 …), color-mix() …, which browsers keep as written) painted on a 1×1
    // canvas, which converts it as the screen does. One the canvas cannot paint reads as white.
    let paint: CanvasRenderingContext2D | null | undefined;
    const rgb = (color: string) => {
      if (color.startsWith('rgb')) return (color.match(/[\d.]+/g) ?? []).map(Number);
      // (Chromium writes `transparent` as rgba(); jsdom, which has no canvas, does not.)
      if (color == 'transparent') return [0, 0, 0, 0];
      if (!color || !(paint ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true }))) return;
      paint.clearRect(0, 0, 1, 1);
      paint.fillStyle = '#fff';
      paint.fillStyle = color;
      paint.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    // The background as seen: the form's over its ancestors' (through shadow roots) down to an
    // opaque one, over white: a see-through form on a dark section is dark.
    const layers: number[][] = [];
    for (let el: Element | undefined | null = root; el; el = el.parentElement ?? (el.getRootNode() as ShadowRoot).host) {
      const [r = 255, g = 255, b = 255, a = 1] = rgb(getComputedStyle(el).backgroundColor) ?? [];
      layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    const [r, g, b] = layers.reduceRight((under, [r, g, b, a]) => [r!, g!, b!].map((v, i) => v * a! + under[i]! * (1 - a!)), [255, 255, 255]) as [number, number, number];
    if (0.2126 * r + 0.7152 * g + 0.0722 * b >= 128) return;
    container.style.setProperty('--lf-scheme', 'dark');
    // Hints, field borders and errors made for white would be 2.3:1 here: mixed from the text
    // colour instead (what CSS color-mix() does, done here as older browsers lack it), and
    // errors in a light red (7:1 on #1d2130), unless the page set its own.
    const text = rgb(style.color);
    const mix = (share: number, base = [r, g, b]) => `rgb(${[0, 1, 2].map((i) => Math.round(text![i]! * share + base[i]! * (1 - share))).join(' ')})`;
    const set = (name: string, value: string) => container.style.setProperty(`--lf-${name}`, `var(--leadflow-${name}, ${value})`);
    set('error', '#ff8a80');
    // The accent where it is text or a line on the background (Back, a slider's − and +, focus
    // rings, a chosen option's frame, progress): the default blue is 2.9:1 on #1d2130, so half
    // the text colour goes into an accent under 4.5:1. A brand colour with contrast enough stays
    // as it is. color-mix() takes any colour (Tailwind's oklch() ones) and follows a brand colour
    // the page sets later; a browser without it (Chrome before 111, Safari before 16.2) gets the
    // mix worked out here, of rgb() colours.
    container.style.outlineColor = 'var(--lf-accent)';
    const accent = rgb(getComputedStyle(container).outlineColor);
    container.style.outlineColor = '';
    const luminance = (c: number[]) => c.slice(0, 3).reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i]! * ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4), 0);
    if (accent && (luminance(accent) + 0.05) / (luminance([r, g, b]) + 0.05) < 4.5)
      container.style.setProperty(
        '--lf-ink',
        globalThis.CSS?.supports?.('color', 'color-mix(in srgb,red,red)') ? 'color-mix(in srgb, var(--lf-accent), var(--lf-text))' : text ? mix(0.5, accent) : '',
      );
    if (text) {
      set('muted', mix(0.75));
      set('border', mix(0.28));
    }
  });
}

export interface WidgetSession {
  model: FlowModel;
  /** Starts the funnel events (`view` first), once the widget is announced as ready. */
  count(): void;
  /** The visitor closed the popup, slider or bubble panel: before the end, that is an `abandon`. */
  closed(): void;
  dispose(): void;
}

export type { Exposure };

/**
 * A widget's place, stable across reloads of the page: its element's id (wherever it is), else
 * the page and its position among the page's `[data-leadflow]` elements, or (mounted from
 * JavaScript without the attribute) among the page's elements of its kind. Inside a web
 * component's shadow root, that position is within the root, after its host's place: the
 * page's lists do not reach in, and two components of one flow shared one progress.
 */
function placeOf(element: Element): string {
  if (element.id) return element.id;
  const root = element.getRootNode() as ParentNode & Partial<ShadowRoot>;
  const snippets = [...root.querySelectorAll('[data-leadflow]')];
  const place = snippets.includes(element)
    ? String(snippets.indexOf(element))
    : `${element.localName}${[...root.querySelectorAll('*')].filter((el) => el.localName === element.localName).indexOf(element)}`;
  return root.host ? `${placeOf(root.host)}/${place}` : `${location.pathname}#${place}`;
}

/**
 * Where a widget keeps its progress: per flow and per widget, so two widgets of one flow on a
 * page never share a visit or a lead id. Known by its element's id, the same form on the next
 * page of the site goes on where the visitor left it; known by position, it starts afresh there.
 */
function progressKey(flow: Flow, exposure: Exposure, element: Element): string {
  const place = placeOf(element);
  // Per variant (and its file's version) too: a QA switch to another variant, or a new version
  // of a variant's file, must not restore this path into it; a QA visit is a visit of its own,
  // also when its variant's file failed and it shows the flow as it is.
  const { variant, variantFlow, qa } = exposure;
  const shown = variant === null ? '' : `~${variant}${variantFlow ? `~${variantFlow.id}@${variantFlow.version}` : ''}`;
  return `leadflow:progress:${flow.id}@${flow.version}${shown}${qa ? '~qa' : ''}:${place}`;
}

/**
 * One visitor's run through a flow: the model (where a reload left off, or the first step
 * with prefilled answers from `params`, the page's query when it was mounted), progress kept
 * in sessionStorage, events, and leads to the outbox.
 */
export function startWidget(flow: Flow, locale: string, options: LeadFlowOptions, emit: Emit, outbox: PageOutbox, element: Element, exposure: Exposure, params: URLSearchParams): WidgetSession {
  const hidden = hiddenFields(flow, options, params);
  const ref = { id: flow.id, version: flow.version };
  const progressStore = storedValue<Progress>(() => sessionStorage, progressKey(flow, exposure, element));
  const saved = options.resume === false ? undefined : progressStore.load();
  const restored = saved && restoreFlow(flow, saved, hidden);
  const startedAt = new Date(restored ? saved!.startedAt : Date.now());
  let partials = restored ? saved!.partials : 0;
  // Checked like the answers: sessionStorage is the page's, and anything may have been written there.
  const memory: FunnelMemory = {
    visit: (restored && typeof saved!.visit === 'string' && saved!.visit) || createVisitId(),
    ...(restored && Number.isFinite(saved!.firstViewAt) && { firstViewAt: saved!.firstViewAt }),
    ...(restored && saved!.started === true && { started: true }),
  };
  const redirects = createRedirects(emit, window);
  const context: SubmitContext = {
    flow,
    variant: exposure.variant,
    ...(exposure.variantFlow && { variantFlow: exposure.variantFlow }),
    qa: exposure.qa,
    locale,
    leadId: (restored && saved!.leadId) || createLeadId(),
    ...(options.webhook && { webhook: options.webhook }),
    transport: options.transport ?? 'cors',
    startedAt: Number.isNaN(startedAt.getTime()) ? new Date() : startedAt,
    // Restored, the time spent before the reload counts: the larger of the wall clock's
    // difference (the monotonic clock starts again with each page) and the time filled as saved
    // (the difference says nothing once the wall clock went back meanwhile); 0 for a saved start
    // that is no date (NaN).
    fillStart: performance.now() - (Math.max(0, Date.now() - startedAt.getTime(), (restored && saved!.filled) || 0) || 0),
    emit: redirects.emit,
    outbox,
    attribution: firstTouch(window),
    bots: options.bots ?? 'drop',
    minFillMs: options.minFillMs ?? DEFAULT_MIN_FILL_MS,
  };
  // Progress saved before the visitor did anything holds no answers (below): the link's prefill
  // is read again, as on a first load.
  const untouched = !restored || (restored.history.length < 2 && !Object.keys(restored.answers).length);
  const initial = untouched ? startFlow(flow, hidden, prefillAnswers(flow, params)) : restored;
  const model: FlowModel = createFlowModel({
    flow,
    locale,
    hidden,
    initial,
    onStep: (step, index) => {
      const { done, remaining } = model.progress.value;
      emit('step', { flow: ref, stepId: step.id, index, total: done + remaining });
    },
    onContact: (snapshot) => {
      if (!flow.partialLeads) return;
      submitLead(snapshot, 'lead.partial', context, ++partials);
      // The revision is kept at once: after a reload, a corrected contact step is the next one.
      save();
    },
    onComplete: (completion) => {
      const { ending } = completion;
      // Before the lead goes: a refusal may be heard at once (routed nowhere).
      const to = ending.type === 'end' && ending.redirect && model.url(ending.redirect);
      if (to) redirects.after(context.leadId, to);
      redirects.sent(submitLead(completion, 'lead.submitted', context, 1, (bot) => funnel.submitted(bot, completion.state)));
    },
  });
  function save(): void {
    if (options.resume === false) return;
    const state = model.state.value;
    if (model.isComplete.value) return progressStore.clear();
    // Answers only once the visitor gave some (a slider's middle value is none): a popup never
    // opened must not keep the e-mail of a newsletter link's prefill in the browser.
    progressStore.save({ history: [...state.history], answers: untouched && model.pristine() ? {} : state.answers, leadId: context.leadId, startedAt: context.startedAt.toISOString(), partials, filled: performance.now() - context.fillStart, ...memory });
  }
  // Every change is kept (typing included), so a reload loses nothing; a finished flow starts fresh.
  const stopSaving = effect(save);
  // The fill time (and the bot check on it) counts from when the visitor first sees the form: a
  // popup, or a widget below the fold, is mounted with the page, long before.
  // (A reload keeps the time once the form was seen; a popup never opened waits on.)
  let seen = (restored && memory.firstViewAt !== undefined) || exposure.visible.peek();
  const stopWaiting = effect(() => {
    if (seen || !exposure.visible.value) return;
    seen = true;
    context.startedAt = new Date();
    context.fillStart = performance.now();
    save();
  });

  // A tab opened from this one (window.open, "Duplicate tab") starts with a copy of its
  // sessionStorage, lead id included: two visitors' leads under one id, of which a receiver
  // de-duplicating by id keeps one. A shown page holds its lead id's lock; finding it taken,
  // this page goes on with the copied answers under a new id (a reload finds it free). Let go
  // on pagehide: browsers may keep a page that holds a lock out of their back/forward cache.
  let holding: (() => void) | undefined;
  let stopped = false;
  // Another lead from here on: its partial revisions start again too, and its funnel counts a
  // visit of its own (the dashboard saw one visit with two leads).
  const renew = () => {
    context.leadId = createLeadId();
    partials = 0;
    memory.visit = createVisitId();
    funnel.restart();
    save();
  };
  const holdLeadId = (): unknown =>
    navigator.locks
      ?.request(`leadflow:lead:${context.leadId}`, { ifAvailable: true }, (lock) => {
        if (stopped) return;
        if (lock) return new Promise<void>((resolve) => (holding = resolve));
        renew();
        return holdLeadId();
      })
      // Refused where the page has no origin of its own (a sandboxed frame): no check then.
      .catch(() => {});
  const keeps = () => progressStore.load()?.leadId === context.leadId;
  // Whether this page's progress was in sessionStorage when the page was left (not where
  // storage is blocked, resume is off or the flow was finished).
  let kept = false;
  const letGo = () => {
    kept = keeps();
    holding?.();
    holding = undefined;
  };
  // Back from the back/forward cache: if another page of the tab went on with this visit
  // meanwhile (resumed it and sent its lead, which clears the progress), this form's lead id
  // is spent, and anything sent from here under it would be dropped by a receiver
  // de-duplicating by id. The form stays as it was, under a new lead id.
  const onPageShow = (event: PageTransitionEvent) => {
    if (!event.persisted) return;
    if (kept && !keeps()) renew();
    holdLeadId();
  };
  // Before the lead id's lock is asked for: a copied tab renews the visit the funnel counts.
  const funnel = createFunnelReporter(flow, exposure, memory, { emit, outbox, analytics: options.analytics ?? flow.analytics }, save);
  addEventListener('pagehide', letGo);
  addEventListener('pageshow', onPageShow);
  void holdLeadId();

  let stopCounting = () => {};
  const stopLeaving = outbox.onLeave(() => funnel.leave('hidden'));
  return {
    model,
    count() {
      stopCounting = funnel.watch(model.state, model.pristine);
    },
    closed: () => funnel.leave('closed'),
    dispose() {
      // A single-page app removing a half-filled widget: the visitor left it.
      funnel.close();
      stopSaving();
      stopWaiting();
      stopCounting();
      stopLeaving();
      redirects.stop();
      model.dispose();
      stopped = true;
      letGo();
      removeEventListener('pagehide', letGo);
      removeEventListener('pageshow', onPageShow);
    },
  };
}
