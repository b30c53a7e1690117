import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchTriggers } from '../../src/embed/triggers.ts';

/**
 * Review of the late overlay fixes (triggers count visible time, scroll on a short page, a held-back
 * trigger leaves the others armed). Each test failed before its fix ("Was:" says how).
 */

let hidden = false;
beforeEach(() => {
  vi.useFakeTimers();
  hidden = false;
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => (hidden ? 'hidden' : 'visible'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const setHidden = (value: boolean) => {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('triggers', () => {
  // Was: src/embed/triggers.ts:29-35 — a `timer:` that fired while another overlay was open
  // (open() returned false) is spent, but its visibilitychange listener stays armed with `left`
  // never reset: the next time the visitor leaves the tab, `left` goes negative, and on their
  // return `run()` schedules `fire` at 0 ms. The popup greets them the moment they switch back —
  // exactly what counting visible time was meant to prevent.
  it('a timer held back by another open overlay does not open the moment the visitor returns to the tab', () => {
    let blocked = true;
    const open = vi.fn(() => !blocked);
    const stop = watchTriggers('timer:5', window, open);
    vi.advanceTimersByTime(5000);
    expect(open).toHaveBeenCalledTimes(1); // held back: another popup was open
    blocked = false; // the other popup is closed
    vi.advanceTimersByTime(60_000);
    setHidden(true);
    vi.advanceTimersByTime(60_000);
    setHidden(false);
    vi.advanceTimersByTime(0);
    stop();
    // Opening right on the tab switch is what the visible-time count exists to avoid.
    expect(open).toHaveBeenCalledTimes(1);
  });

  // Was: src/embed/triggers.ts:47 — the `setTimeout(check, 0)` for a page that has already loaded
  // is never pushed to `stops`, so the function returned ("removes every listener and timer")
  // leaves it running: open() is called after stop() (after close/unmount stopped the triggers).
  it('stop() also cancels the first check of a scroll trigger', () => {
    const open = vi.fn(() => true);
    const stop = watchTriggers('scroll:50', window, open);
    stop();
    vi.runAllTimers();
    expect(open).not.toHaveBeenCalled();
  });
});
