import { useEffect, useRef } from 'preact/hooks';
import { FieldError, fresh, Heading, Hint } from './parts.tsx';
import { langOf } from '../i18n/messages.ts';
import { customError, describedBy, issueFor, type QuestionProps } from './question-props.ts';

/**
 * A slider: a native range input (arrow keys, Home and End, a screen reader's own controls),
 * its label the step heading, and its value written out beside it with the unit. − and + buttons
 * beside it move it a step each: a track has fewer pixels than a 0–500 slider has values, and a
 * finger covers dozens of them, so without them most values could only be dragged to (WCAG 2.2
 * 2.5.7). Out of the tab order: the keyboard has the slider's arrow keys.
 */
export function RangeQuestion({ model, step, messages, headingRef, idBase }: QuestionProps<'range'>) {
  const { text, lang } = model;
  const issue = issueFor(model, step.id);
  const id = `${idBase}-range`;
  const hintId = step.description && `${idBase}-hint`;
  const errorId = `${idBase}-error`;
  const stored = model.state.value.answers[step.id];
  const value = typeof stored === 'number' ? stored : step.min + Math.round((step.max - step.min) / 2 / (step.step || 1)) * (step.step || 1);
  // A required slider always shows a value, so it has one from the start: the middle. An optional
  // one has none until the visitor moves it, presses it (where its thumb is) or presses Space on
  // it: skipped, it would send and score a middle value nobody chose.
  const optional = step.required === false;
  const untouched = optional && stored === undefined;
  // Read afresh, not from this render: a press on the track has already moved the thumb (input).
  const pressed = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const take = () => optional && model.state.value.answers[step.id] === undefined && model.setAnswer(step.id, value);
  // Read afresh: a value set in the first frame (a script, autofill) is not overwritten.
  useEffect(() => {
    if (!optional && model.state.peek().answers[step.id] === undefined) model.setDefault(step.id, value);
  }, []);
  // The unit after a no-break space: "100 Personen" stays on one line.
  const written = (n: number) => `${new Intl.NumberFormat(model.locale).format(n)}${step.unit ? `\u00a0${text(step.unit)}` : ''}`;
  const shown = untouched ? messages.noAnswer : written(value);
  // As wide as the widest value it may show (digits are all 1ch wide), so the track keeps its
  // length, and the thumb stays under the pointer, while it is dragged; at most half the row.
  const widest = Math.max(...[written(step.min), written(step.max), optional ? messages.noAnswer : ''].map((s) => s.length)) + 1;
  const by = step.step || 1;
  // The last value on the grid from min (a 0–10 slider in steps of 3 ends at 9), without binary
  // fractions' noise (0.1 + 0.2).
  const onGrid = (n: number) => +(step.min + n * by).toFixed(10);
  const top = onGrid(Math.floor((step.max - step.min) / by + 1e-9));
  // Within min and that; the slider then has focus, so a screen reader says the new value and
  // arrow keys go on from it.
  const stepper = (sign: 1 | -1, label: 'less' | 'more', disabled: boolean) => (
    <button
      type="button"
      class="lf-stepper"
      tabIndex={-1}
      aria-label={messages[label]}
      lang={langOf(messages, label)}
      disabled={disabled}
      onClick={() => {
        model.setAnswer(step.id, Math.min(top, Math.max(step.min, onGrid(Math.round((value - step.min) / by) + sign))));
        input.current?.focus();
      }}
    >
      {sign > 0 ? '+' : '−'}
    </button>
  );
  return (
    <div class="lf-field">
      <label class="lf-label" for={id}>
        <Heading headingRef={headingRef} lang={lang(step.title)} optional={step.required === false && messages}>{text(step.title)}</Heading>
      </label>
      {hintId && <Hint id={hintId} lang={lang(step.description)}>{text(step.description)}</Hint>}
      <FieldError id={errorId} issue={issue} messages={messages} locale={model.locale} custom={customError(model, step, issue)} />
      <div class="lf-input-row lf-range-row">
        {stepper(-1, 'less', !untouched && value <= step.min)}
        <input
          ref={input}
          id={id}
          class="lf-range"
          type="range"
          min={step.min}
          max={step.max}
          step={step.step || 'any'}
          value={value}
          aria-valuetext={shown}
          aria-invalid={issue ? 'true' : 'false'}
          aria-describedby={describedBy(hintId, issue && errorId)}
          onInput={(event) => model.setAnswer(step.id, Number(event.currentTarget.value))}
          // A press of the main button that ends on it (a right-click chooses nothing, nor does a
          // finger that only scrolled the page past it: its press is cancelled). A press on the
          // track has moved the thumb by then, and that is the answer.
          onPointerDown={(event) => (pressed.current = event.button === 0)}
          onPointerCancel={() => (pressed.current = false)}
          onPointerUp={() => pressed.current && take()}
          onKeyDown={(event) => event.key === ' ' && take()}
        />
        {stepper(1, 'more', !untouched && value >= top)}
        {/* Not a live region (an output's role is status): the slider's value text says it once. */}
        <output for={id} aria-live="off" style={{ minWidth: `min(${widest}ch, 50%)` }}>
          {fresh(shown, untouched ? langOf(messages, 'noAnswer') : undefined)}
        </output>
      </div>
    </div>
  );
}
