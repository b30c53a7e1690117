import type { Progress } from '../engine/index.ts';
import { fillMessage, langOf, type UiMessages } from './i18n/messages.ts';
import { fresh } from './questions/parts.tsx';

/** "Step 2 of 6" where 6 is the estimate on the current path, which branches may change. */
export function ProgressBar({ progress, messages, locale }: { progress: Progress; messages: UiMessages; locale: string }) {
  const total = progress.done + progress.remaining;
  const label = fillMessage(messages.progress, locale, { step: progress.done + 1, total });
  return (
    <div class="lf-progress" lang={langOf(messages, 'progress')}>
      <div
        class="lf-progress-track"
        role="progressbar"
        // Its name may be in another language than the text (one of the two given by the flow).
        lang={langOf(messages, 'progressLabel') ?? locale}
        aria-label={messages.progressLabel}
        // aria-valuemin and -max default to 0 and 100 for a progressbar.
        aria-valuenow={Math.round(progress.ratio * 100)}
        aria-valuetext={label}
      >
        {/* Set through the CSSOM (not a style attribute), which a strict CSP allows. */}
        <div class="lf-progress-fill" style={{ transform: `scaleX(${progress.ratio})` }} />
      </div>
      <p aria-hidden="true">{fresh(label)}</p>
    </div>
  );
}
