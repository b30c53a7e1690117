import { effect, type ReadonlySignal } from '@preact/signals';
import { createLeadId } from '../delivery/index.ts';
import { createFunnelTracker, prefillAnswers, restoreFlow, startFlow, type Flow, type FlowState, type FunnelEvent } from '../engine/index.ts';
import { createFlowModel, type FlowModel } from '../ui/index.ts';
import { firstTouch } from './attribution.ts';
import type { Emit } from './events.ts';
import { DEFAULT_MIN_FILL_MS, type LeadFlowOptions } from './options.ts';
import type { PageOutbox } from './page-outbox.ts';
import { storedValue } from './session-store.ts';
import { submitLead, type SubmitContext } from './submit-lead.ts';

/** What a reload needs to continue where the visitor was: the path, the answers, the lead. */
interface Progress {
  history: string[];
  answers: FlowState['answers'];
  leadId: string;
  startedAt: string;
  partials: number;
}

/** Hidden fields the flow declares, taken from the page URL (`?utm_source=…`), then from options. */
function hiddenFields(flow: Flow, options: LeadFlowOptions, params: URLSearchParams): Record<string, string> {
  const fromUrl = (flow.hidden ?? []).flatMap((name) => {
    const value = params.get(name);
    return value === null ? [] : [[name, value.slice(0, 200)] as const];
  });
  return { ...Object.fromEntries(fromUrl), ...options.hidden };
}

/** The theme keys of a flow and the custom properties they set as fallbacks to the page's. */
const THEME_PROPERTIES = { primary: 'accent', text: 'text', background: 'bg', font: 'font', radius: 'radius', spacing: 'space' } as const;

export function applyTheme(container: HTMLElement, flow: Flow): void {
  for (const [key, value] of Object.entries(flow.theme ?? {}))
    // The page's --leadflow-* still wins: the flow's value is only the fallback.
    container.style.setProperty(`--lf-${THEME_PROPERTIES[key as keyof typeof THEME_PROPERTIES]}`, `var(--leadflow-${key}, ${value})`);
}

export interface WidgetSession {
  model: FlowModel;
  /** Starts the funnel events (`view` first), once the widget is announced as ready. */
  count(): void;
  /** The visitor closed the popup, slider or bubble panel: before the end, that is an `abandon`. */
  closed(): void;
  dispose(): void;
}

/** How the visit is counted: the variant shown, and whether the widget can be seen yet (an unopened popup cannot). */
export interface Exposure {
  variant: string | null;
  visible: ReadonlySignal<boolean>;
}

/** The browser session's id for funnel events: random, per tab, shared by the page's widgets. */
function sessionId(): string {
  const stored = storedValue<string>(() => sessionStorage, 'leadflow:session');
  const id = stored.load() ?? createLeadId();
  stored.save(id);
  return id;
}

/**
 * One visitor's run through a flow: the model (where a reload left off, or the first step
 * with prefilled answers), progress kept in sessionStorage, events, and leads to the outbox.
 */
/**
 * Where a widget keeps its progress: per flow and per widget, so two widgets of one flow on a
 * page (or a page and the next) never share a visit or a lead id. A widget is known by its
 * element's id, else by the page and its place among the page's `[data-leadflow]` elements.
 */
function progressKey(flow: Flow, element: Element): string {
  const place = element.id || `${location.pathname}#${[...element.ownerDocument.querySelectorAll('[data-leadflow]')].indexOf(element)}`;
  return `leadflow:progress:${flow.id}@${flow.version}:${place}`;
}

export function startWidget(flow: Flow, locale: string, options: LeadFlowOptions, emit: Emit, outbox: PageOutbox, element: Element, exposure: Exposure): WidgetSession {
  const params = new URLSearchParams(location.search);
  const hidden = hiddenFields(flow, options, params);
  const ref = { id: flow.id, version: flow.version };
  const progressStore = storedValue<Progress>(() => sessionStorage, progressKey(flow, element));
  const saved = options.resume === false ? undefined : progressStore.load();
  const restored = saved && restoreFlow(flow, saved, hidden);
  const startedAt = new Date(restored ? saved!.startedAt : Date.now());
  let partials = restored ? saved!.partials : 0;
  const context: SubmitContext = {
    flow,
    variant: exposure.variant,
    locale,
    leadId: (restored && saved!.leadId) || createLeadId(),
    ...(options.webhook && { webhook: options.webhook }),
    transport: options.transport ?? 'cors',
    startedAt: Number.isNaN(startedAt.getTime()) ? new Date() : startedAt,
    emit,
    outbox,
    attribution: firstTouch(window),
    bots: options.bots ?? 'drop',
    minFillMs: options.minFillMs ?? DEFAULT_MIN_FILL_MS,
  };
  const model: FlowModel = createFlowModel({
    flow,
    locale,
    hidden,
    initial: restored ?? startFlow(flow, hidden, prefillAnswers(flow, params)),
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
    onComplete: (completion) => submitLead(completion, 'lead.submitted', context),
  });
  function save(): void {
    if (options.resume === false) return;
    const state = model.state.value;
    if (model.isComplete.value) return progressStore.clear();
    progressStore.save({ history: [...state.history], answers: state.answers, leadId: context.leadId, startedAt: context.startedAt.toISOString(), partials });
  }
  // Every change is kept (typing included), so a reload loses nothing; a finished flow starts fresh.
  const stopSaving = effect(save);

  const funnel = createFunnelTracker({ flow, variant: exposure.variant, session: sessionId(), since: context.startedAt.getTime(), resumed: !!restored });
  const analytics = options.analytics ?? flow.analytics;
  const record = (events: FunnelEvent[]) => {
    for (const event of events) {
      // `leadflow:submit` is fired with the lead id once the lead is handed over (submitLead).
      if (event.type !== 'submit') emit(event.type, event);
      if (analytics) outbox.track(analytics, event);
    }
  };
  let stopCounting = () => {};
  const stopLeaving = outbox.onLeave(() => record(funnel.leave('hidden', Date.now())));
  return {
    model,
    count() {
      stopCounting = effect(() => {
        const state = model.state.value;
        if (exposure.visible.value) record(funnel.observe(state, Date.now()));
      });
    },
    closed: () => record(funnel.leave('closed', Date.now())),
    dispose() {
      stopSaving();
      stopCounting();
      stopLeaving();
      model.dispose();
    },
  };
}
