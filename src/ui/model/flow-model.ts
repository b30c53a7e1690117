import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import {
  canGoBack,
  currentStep,
  isComplete,
  nextStep,
  pathAnswers,
  previousStep,
  progress,
  scoreLead,
  setAnswer,
  startFlow,
  validateStep,
  type AnswerIssue,
  type Answers,
  type AnswerValue,
  type Flow,
  type FlowState,
  type HiddenFields,
  type Progress,
  type ScoreResult,
  type Step,
  type LocalizedText,
  resolveText,
  textLocale,
  fallbackLocale,
} from '../../engine/index.ts';
import { flowMessages } from '../i18n/flow-messages.ts';
import { formatDate, formatNumber, type UiMessages } from '../i18n/messages.ts';
import { isolated } from '../i18n/text-direction.ts';

/** What the flow hands to whoever delivers it: only the answers on the path taken. */
export interface Snapshot {
  answers: Answers;
  score: ScoreResult;
  state: FlowState;
  /** What a bot typed into the field people never see (see `FlowModel.setTrap`). */
  trap: string;
}

/** A finished flow: a snapshot at its ending. */
export interface Completion extends Snapshot {
  ending: Step;
}

export interface FlowModelOptions {
  flow: Flow;
  locale: string;
  hidden?: HiddenFields;
  /** Where to start: a state saved before a reload, or the first step with prefilled answers. */
  initial?: FlowState;
  /** Called after every step change, with the new step and its position on the path. */
  onStep?: (step: Step, index: number) => void;
  /** Called once, when the visitor reaches an end step. */
  onComplete?: (completion: Completion) => void;
  /** Called each time the visitor completes a contact step (for partial leads). */
  onContact?: (snapshot: Snapshot) => void;
}

/**
 * One running flow: engine state in signals, and the only actions that change it. Components
 * read it and call actions; none of them owns flow logic.
 */
export interface FlowModel {
  readonly flow: Flow;
  readonly locale: string;
  /** The widget's buttons and messages: the built-in ones with the flow's `messages` over them. */
  readonly messages: UiMessages;
  readonly state: ReadonlySignal<FlowState>;
  /** Issues shown for the current step, after the visitor tried to continue. */
  readonly issues: ReadonlySignal<AnswerIssue[]>;
  readonly step: ReadonlySignal<Step>;
  readonly progress: ReadonlySignal<Progress>;
  readonly canGoBack: ReadonlySignal<boolean>;
  readonly isComplete: ReadonlySignal<boolean>;
  /** Flow text in the visitor's locale (with the flow's locales as fallbacks). */
  text(text: LocalizedText | undefined): string;
  /**
   * The language a flow text is shown in when it is not the visitor's (a missing translation
   * falls back), for a `lang` attribute: a screen reader then reads it with that language's rules.
   */
  lang(text: LocalizedText | undefined): string | undefined;
  /**
   * A link with answers in it (`?email={{answers.email}}`): each as given (an option's id,
   * several joined by commas, numbers and dates as stored), URL-encoded; '' where the answers
   * would change its scheme, host or folders (see `sameSite`).
   */
  url(template: string): string;
  setAnswer(question: string, value: AnswerValue | undefined): void;
  /**
   * An answer the form gives itself (a required slider's middle value): the visitor gave none,
   * so a state changed only by these still counts as {@link pristine}.
   */
  setDefault(question: string, value: AnswerValue): void;
  /** Whether the visitor has done nothing yet: the first state, or it with defaults only. */
  pristine(): boolean;
  /** Records the honeypot: a field hidden from people, which only bots fill in. */
  setTrap(value: string): void;
  /** Validates and moves on; false when the step has issues to fix first. */
  next(): boolean;
  back(): void;
  dispose(): void;
}

/**
 * Whether two links go to the same scheme and host, with as many path segments. Answers put
 * into a link must not change them: `{{answers.x}}javascript:…` with nothing answered is a
 * script, `/{{answers.x}}/danke` a link to the host "danke" (`//danke`), and an answer `..` in
 * a path climbs a folder (`%2E%2E` too: URLs read it as `..`). (Relative links resolve alike
 * against any base.)
 */
function sameSite(url: string, as: string): boolean {
  const site = (href: string) => {
    try {
      // Deep enough that a relative link's `..` has folders to climb (`./{{answers.x}}`).
      const { protocol, host, pathname } = new URL(href, `https://base.invalid/${'a/'.repeat(50)}`);
      return protocol + host + pathname.split('/').length;
    } catch {
      return '';
    }
  };
  return !!site(url) && site(url) === site(as);
}

export function createFlowModel(options: FlowModelOptions): FlowModel {
  // Taken out, so no closure keeps `options`: its `initial` state would keep every later change
  // of the answers alive (states share them, src/engine/persistent-map.ts).
  const { flow, locale, onStep, onComplete, onContact } = options;
  const state = signal(options.initial ?? startFlow(flow, options.hidden));
  // Held weakly: states share their answers, and the first would keep every later change of them alive.
  let untouched = new WeakRef(state.peek());
  const issues = signal<AnswerIssue[]>([]);
  const step = computed(() => currentStep(flow, state.value));
  let disposed = false;
  let trap = '';

  /**
   * Answer piping: `Danke, {{answers.first_name}}` shows the answer (an option's label for a
   * choice). Only ever text: Preact renders it as a text node, so `<script>` stays visible text.
   */
  const pipe = (text: string, put: (value: AnswerValue | undefined, id: string) => string) =>
    text.includes('{{')
      ? text.replace(/\{\{\s*answers\.([\w-]+)\s*\}\}/g, (_, id: string) => {
          const answers = pathAnswers(flow, state.value);
          // Own answers only: `{{answers.constructor}}` names no question, so it shows nothing.
          return put(Object.hasOwn(answers, id) ? answers[id] : undefined, id);
        })
      : text;
  const shown = (id: string, value: AnswerValue | undefined): string => {
    const step = flow.steps.find((s) => s.id === id);
    const label = (option: string) =>
      resolveText(step && 'options' in step ? step.options.find((o) => o.id === option)?.label : undefined, locale, flow.locales) || option;
    // Numbers and dates as the visitor writes them (1.500,5; 1. März 2026), not as stored.
    if (typeof value === 'number') return formatNumber(value, locale);
    if (step?.type === 'date' && typeof value === 'string') return formatDate(Date.parse(`${value}T00:00:00Z`), locale);
    return value === undefined ? '' : Array.isArray(value) ? value.map(label).join(', ') : label(String(value));
  };

  const snapshot = (): Snapshot => {
    const answers = pathAnswers(flow, state.value);
    return { answers, score: scoreLead(flow, answers, state.value), state: state.value, trap };
  };

  function answer(question: string, value: AnswerValue | undefined): void {
    if (isComplete(flow, state.value)) return;
    batch(() => {
      state.value = setAnswer(state.value, question, value);
      // Once errors are showing, they follow the input, so a fixed answer clears at once.
      if (issues.value.length) issues.value = validateStep(step.value, state.value.answers, flow.scoring?.personalDomains);
    });
  }

  const announceStep = () => {
    if (disposed) return;
    onStep?.(step.value, state.value.history.length - 1);
    if (step.value.type === 'end') onComplete?.({ ...snapshot(), ending: step.value });
  };

  return {
    flow,
    locale,
    messages: flowMessages(flow, locale),
    state,
    issues,
    step,
    progress: computed(() => progress(flow, state.value)),
    canGoBack: computed(() => canGoBack(flow, state.value)),
    isComplete: computed(() => isComplete(flow, state.value)),
    text(text) {
      const tag = textLocale(text, locale, flow.locales) ?? locale;
      return pipe(resolveText(text, locale, flow.locales), (value, id) => isolated(shown(id, value), tag));
    },
    url(template) {
      // Half an emoji (a lone surrogate) would make encodeURIComponent throw: U+FFFD instead, as
      // a browser sends it in a form.
      const url = pipe(template, (value) => encodeURIComponent(String(value ?? '').replace(/[\uD800-\uDFFF]/gu, '\uFFFD')));
      return sameSite(url, pipe(template, () => 'a')) ? url : '';
    },
    lang: (text) => fallbackLocale(text, locale, flow.locales),
    setDefault(question, value) {
      // In one batch: whoever reacts to the change (saving progress, the funnel) sees it still pristine.
      batch(() => {
        const before = state.peek();
        answer(question, value);
        if (untouched.deref() === before) untouched = new WeakRef(state.peek());
      });
    },
    pristine: () => untouched.deref() === state.peek(),
    setAnswer: answer,
    next() {
      const result = nextStep(flow, state.value);
      if (!result.ok) {
        issues.value = result.issues;
        return false;
      }
      if (result.value === state.value) return true;
      const left = step.value;
      batch(() => {
        issues.value = [];
        state.value = result.value;
      });
      if (left.type === 'contact' && !disposed) onContact?.(snapshot());
      announceStep();
      return true;
    },
    setTrap(value) {
      trap = value;
    },
    back() {
      const previous = previousStep(flow, state.value);
      if (previous === state.value) return;
      batch(() => {
        issues.value = [];
        state.value = previous;
      });
      announceStep();
    },
    dispose() {
      disposed = true;
    },
  };
}
