import { formatIssue, validateFlow, type Issue, type ScoreResult } from 'leadflow/engine';

/** The part of `window.LeadFlow` (from /leadflow.js) the playground uses. */
interface LeadFlowApi {
  mount(element: HTMLElement, options: Record<string, unknown>): { unmount(): void };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const editor = $<HTMLTextAreaElement>('flow');
const problems = $<HTMLUListElement>('problems');
const preview = $<HTMLDivElement>('preview');
const example = $<HTMLSelectElement>('example');
let widget: { unmount(): void } | undefined;

/** One list item per problem; text only, as a flow may contain anything. */
function showProblems(issues: Issue[]): void {
  problems.replaceChildren(
    ...(issues.length ? issues : [undefined]).map((issue) => {
      const item = document.createElement('li');
      item.className = issue ? (issue.severity ?? 'error') : 'ok';
      item.textContent = issue ? `${issue.severity ?? 'error'}: ${formatIssue(issue)}` : 'No problems found.';
      return item;
    }),
  );
}

/** What the widget would post, shown instead of sent: the preview's fetch never leaves the page. */
function showLead(body: string): void {
  const envelope = JSON.parse(body) as { type: string; data: { score: ScoreResult } };
  const { score } = envelope.data;
  $('result-status').textContent =
    `${envelope.type}: ${score.total} points (fit ${score.fit}, intent ${score.intent}, negative ${score.negative}) — ` +
    `${score.tier}, signals ${score.signals}, route ${score.route}${score.qualified ? ', qualified' : ''}`;
  $('trace').replaceChildren(
    ...score.trace.map((entry) => {
      const row = document.createElement('tr');
      for (const cell of [entry.rule, entry.kind, entry.input ?? '', String(entry.points), entry.detail ?? '']) {
        const td = document.createElement('td');
        td.textContent = cell;
        row.append(td);
      }
      return row;
    }),
  );
  $('payload').textContent = JSON.stringify(envelope, null, 2);
}

const LEAD_URL = 'https://playground.invalid/lead';
const WAITING = $('result-status').textContent;

/** The result pane as before any lead: a new flow's preview has not sent one yet. */
function clearLead(): void {
  $('result-status').textContent = WAITING;
  $('trace').replaceChildren();
  $('payload').textContent = '';
}

/**
 * The preview's fetch: a lead is shown, never sent; anything else goes out as usual (a variant's
 * own flow file, the flow's analytics endpoint).
 */
const capture: typeof fetch = async (url, init) => {
  if (String(url) !== LEAD_URL || init?.method !== 'POST') return fetch(url, init);
  showLead(String(init.body));
  return new Response(null, { status: 204 });
};

/** Checks the JSON and, when the widget could run it, shows it afresh. */
function update(): void {
  const result = validateFlow(editor.value);
  showProblems(result.ok ? [] : result.issues);
  // Warnings do not stop a flow from running; errors do.
  if (!result.ok && result.issues.some((issue) => (issue.severity ?? 'error') === 'error')) return;
  widget?.unmount();
  clearLead();
  const api = (window as unknown as { LeadFlow: LeadFlowApi }).LeadFlow;
  widget = api.mount(preview, {
    flow: JSON.parse(editor.value),
    webhook: LEAD_URL,
    fetch: capture,
    lazy: false,
    resume: false,
    minFillMs: 0,
  });
}

/**
 * The marketer's edits, per example, for this tab: a reload (the demo reloads every page after a
 * rebuild) brings them back instead of the example as shipped.
 */
const draftKey = () => `leadflow-playground:${example.value}`;
const draft = {
  load: () => {
    try {
      return sessionStorage.getItem(draftKey());
    } catch {
      return null;
    }
  },
  save: () => {
    try {
      sessionStorage.setItem(draftKey(), editor.value);
    } catch {
      // Storage blocked: edits last until the reload, as before.
    }
  },
};

let timer: ReturnType<typeof setTimeout> | undefined;
editor.addEventListener('input', () => {
  draft.save();
  clearTimeout(timer);
  timer = setTimeout(update, 300);
});

async function loadExample(): Promise<void> {
  editor.value = draft.load() ?? (await (await fetch(example.value)).text());
  update();
}
example.addEventListener('change', () => void loadExample());
void loadExample();
