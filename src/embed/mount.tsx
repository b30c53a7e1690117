import { render } from 'preact';
import { formatIssue, loadFlow, type Flow, type Issue } from '../engine/index.ts';
import { createFlowModel, LoadError, pickLocale, uiMessages, Widget } from '../ui/index.ts';
import { emitterFor, type Emit } from './events.ts';
import { readFlowSource } from './flow-source.ts';
import { DEFAULT_MIN_FILL_MS, type LeadFlowHandle, type LeadFlowOptions } from './options.ts';
import { createPageOutbox, type PageOutbox } from './page-outbox.ts';
import { adoptStyles } from './styles.ts';
import { submitLead, type SubmitContext } from './submit-lead.ts';
import { createLeadId } from '../delivery/index.ts';

/** Hidden fields the flow declares, taken from the page URL (`?utm_source=…`), then from options. */
function hiddenFields(flow: Flow, options: LeadFlowOptions): Record<string, string> {
  const params = new URLSearchParams(location.search);
  const fromUrl = (flow.hidden ?? []).flatMap((name) => {
    const value = params.get(name);
    return value === null ? [] : [[name, value.slice(0, 200)] as const];
  });
  return { ...Object.fromEntries(fromUrl), ...options.hidden };
}

const visitorLocales = (): readonly string[] => navigator.languages;

/**
 * Mounts a widget into `element`, inside an open shadow root so the page's CSS cannot reach
 * it and its CSS cannot reach the page. Leads go through `outbox` (the script tag shares one
 * per page; without it the widget makes its own). Never throws for a bad flow: the visitor sees a short
 * notice, the console says exactly what to fix, and a `leadflow:error` event fires.
 */
export function mount(element: HTMLElement, options: LeadFlowOptions, outbox?: PageOutbox): LeadFlowHandle {
  const emit: Emit = emitterFor(element);
  const report = (code: string, message: string) => {
    console.error(`LeadFlow: ${message}`);
    emit('error', { code, message });
  };
  let root: ShadowRoot;
  try {
    root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  } catch (error) {
    // <form>, <li>, <td>, <a> and elements with a closed shadow root cannot host one.
    report('mount_failed', `cannot mount into <${element.localName}>, use a <div> (${String(error)})`);
    return { ready: Promise.resolve(), unmount() {} };
  }
  root.replaceChildren();
  adoptStyles(root);
  const container = element.ownerDocument.createElement('div');
  root.append(container);
  const fetcher = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  let unmounted = false;
  let dispose = () => {};

  const showError = (code: string, message: string, issues: Issue[] = []) => {
    report(code, message + issues.map((issue) => `\n  ${formatIssue(issue)}`).join(''));
    render(<LoadError locale={pickLocale(Object.keys(uiMessages), options.locale, visitorLocales())} />, container);
  };

  const start = (flow: Flow) => {
    if (!options.webhook && !flow.webhook && !flow.webhooks?.length)
      return showError('missing_webhook', `flow "${flow.id}" has no webhook URL: set "webhook" in the flow or data-leadflow-webhook`);
    const locale = pickLocale(flow.locales ?? ['en'], options.locale, visitorLocales());
    const ref = { id: flow.id, version: flow.version };
    const startedAt = new Date();
    let partials = 0;
    const context: SubmitContext = {
      flow,
      locale,
      leadId: createLeadId(),
      ...(options.webhook && { webhook: options.webhook }),
      transport: options.transport ?? 'cors',
      startedAt,
      emit,
      outbox: outbox ?? createPageOutbox(window, options),
      bots: options.bots ?? 'drop',
      minFillMs: options.minFillMs ?? DEFAULT_MIN_FILL_MS,
    };
    const model = createFlowModel({
      flow,
      locale,
      hidden: hiddenFields(flow, options),
      onStep: (step, index) => emit('step', { flow: ref, step: step.id, index }),
      onContact: (snapshot) => flow.partialLeads && submitLead(snapshot, 'lead.partial', context, ++partials),
      onComplete: (completion) => submitLead(completion, 'lead.submitted', context),
    });
    render(<Widget model={model} />, container);
    dispose = () => model.dispose();
    emit('ready', { flow: ref, locale });
  };

  const ready = readFlowSource(options.flow, element.ownerDocument, fetcher).then((source) => {
    if (unmounted) return;
    if (!source.ok) return showError('load_failed', source.issues[0]!);
    const loaded = loadFlow(source.value);
    if (loaded.ok) start(loaded.value);
    // The production bundle names issues by code; the dev bundle says what each means and how to fix it.
    else showError('invalid_flow', `the flow ${describeSource(options.flow)} is invalid${__LEADFLOW_EXPLAIN__ ? '' : ' (leadflow.dev.js explains them)'}:`, loaded.issues);
    // A bug of ours must not become an unhandled rejection on the host page.
  }).catch((error: unknown) => showError('render_failed', String(error)));

  return {
    ready,
    unmount() {
      unmounted = true;
      dispose();
      render(null, container);
      container.remove();
    },
  };
}

const describeSource = (source: string | object) => (typeof source === 'string' ? `"${source}"` : 'object');
