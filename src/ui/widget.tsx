import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fillMessage, langOf } from './i18n/messages.ts';
import type { FlowModel } from './model/flow-model.ts';
import { ProgressBar } from './progress-bar.tsx';
import type { QuestionProps } from './questions/question-props.ts';
import { fresh } from './questions/parts.tsx';
import { stepViews } from './questions/registry.ts';

/**
 * One flow, one step at a time. The form's submit is "Next", so Enter continues from any
 * field; after each step change focus moves to the new step's heading, so keyboard and
 * screen-reader users start reading at the question, not at the top of the page.
 */
/**
 * Whether a click repeats the last one on the same button (a double click or tap: its `detail`
 * follows that one's). The browser counts quick clicks near each other whatever they hit: an
 * option tapped and then Next is a second click too, and must move on.
 */
/** A part of what the live region says: its text, its language, and what makes it new though its text is not. */
type Said = [text: string, lang: string | undefined, again?: string];

function repeats(last: { current: number }, event: MouseEvent): boolean {
  const repeat = event.detail > 1 && event.detail === last.current + 1;
  last.current = event.detail;
  return repeat;
}

export function Widget({ model }: { model: FlowModel }) {
  const messages = model.messages;
  const step = model.step.value;
  const progress = model.progress.value;
  const complete = model.isComplete.value;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const lastBack = useRef(0);
  const lastNext = useRef(0);
  const [failedAttempts, setFailedAttempts] = useState(0);
  const next = () => model.next() || setFailedAttempts((n) => n + 1);
  const shownStep = useRef(step.id);
  // What the live region says, in its language: a message, and the error it may add (which may
  // be in another one, the flow's own). A third item makes a part new though its text is not.
  const [announcement, setAnnouncement] = useState<Said[]>([]);

  // Before the next key event, not after the next paint: a second Enter on Next (a double press,
  // a slow phone) would otherwise press it again, on the new step, which the visitor never saw.
  useLayoutEffect(() => {
    // Not on first render: a widget must not steal focus from the page it loads into.
    if (shownStep.current === step.id) return;
    shownStep.current = step.id;
    headingRef.current?.focus();
    // Said by screen readers besides the heading that takes focus: where the visitor is now.
    setAnnouncement(complete ? [] : [[fillMessage(messages.progress, model.locale, { step: progress.done + 1, total: progress.done + progress.remaining }), langOf(messages, 'progress')]]);
  }, [step.id]);

  useEffect(() => {
    if (!failedAttempts) return;
    const form = formRef.current!;
    const field = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    const hadFocus = !!field && field === (form.getRootNode() as Document | ShadowRoot).activeElement;
    field?.focus();
    // The live region says how many answers need fixing; the field taking focus says what is
    // wrong — unless it had focus already (Enter pressed in it): then no focus event reads its
    // error, and the region says it too. Every other attempt ends in a no-break space, so the
    // same words again are still a change that is announced.
    const error = hadFocus && form.querySelector('.lf-error');
    const summary = fillMessage(messages.errorSummary, model.locale, { count: model.issues.value.length });
    const again = failedAttempts % 2 ? '' : '\u00a0';
    setAnnouncement([
      [error ? `${summary} ` : summary + again, langOf(messages, 'errorSummary'), again],
      // The error's message in its own language (its "Error:" before it is read along).
      ...(error ? [[error.textContent + again, error.lastElementChild!.closest('[lang]')!.getAttribute('lang') ?? undefined] as Said] : []),
    ]);
  }, [failedAttempts]);

  const View = stepViews[step.type] as (props: QuestionProps) => preact.JSX.Element;
  // Element ids only need to be unique within the widget's own shadow root.
  const view = <View key={step.id} model={model} step={step} messages={messages} headingRef={headingRef} idBase={`lf-${step.id}`} />;
  const title = model.text(model.flow.title);
  const last = progress.remaining <= 1;

  return (
    <section class="lf-root" lang={model.locale} aria-label={title || undefined}>
      <p class="lf-sr-only" aria-live="polite">
        {announcement.map(([text, lang, again]) => fresh(text, lang, again))}
      </p>
      {!complete && <ProgressBar progress={progress} messages={messages} locale={model.locale} />}
      {complete ? (
        view
      ) : (
        <form
          ref={formRef}
          class="lf-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            next();
          }}
        >
          {view}
          {/* A honeypot: hidden from people and assistive technology, filled in by form bots.
              Password managers are asked to leave it alone: some fill hidden fields of a kind a
              visible one has ("Ihre Website?"), and the visitor's lead was dropped as a bot's. */}
          <input
            class="lf-trap"
            name="website"
            tabIndex={-1}
            autocomplete="off"
            data-1p-ignore
            data-lpignore="true"
            data-bwignore
            data-form-type="other"
            aria-hidden="true"
            onInput={(event) => model.setTrap(event.currentTarget.value)}
          />
          <div class="lf-nav">
            {model.canGoBack.value && (
              <button type="button" class="lf-button lf-back" lang={langOf(messages, 'back')} onClick={(event) => !repeats(lastBack, event) && model.back()}>
                {messages.back}
              </button>
            )}
            {/* Moves on from its click (Enter in a field clicks it too), not from the form's
                submit, which a frame sandboxed without allow-forms never fires. A double click
                (or tap) moves one step: its second click would pass a step that needs no input
                (an optional question, a statement) before the visitor saw it, or go back twice. */}
            <button
              type="submit"
              class="lf-button"
              onClick={(event) => {
                event.preventDefault();
                if (!repeats(lastNext, event)) next();
              }}
            >
              {last ? fresh(messages.submit, langOf(messages, 'submit')) : fresh(messages.next, langOf(messages, 'next'))}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
