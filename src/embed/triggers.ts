/**
 * What opens a popup, slider or bubble by itself, from `data-leadflow-trigger`:
 * `timer:<seconds>` the page was in view, `scroll:<percent>` of the page scrolled (at once on a
 * page too short to scroll), `exit` (the pointer leaves the page through its top edge, as on the
 * way to the tab bar; desktop only). The first one that opens the widget stops them all; one
 * that could not (another popup was open) leaves the others armed. `open` answers undefined
 * for "not yet" (the page shows a modal of its own): a timer then tries again each second.
 * The returned function removes every listener and timer.
 */
export function watchTriggers(spec: string, win: Window, open: () => boolean | undefined): () => void {
  const stops: Array<() => void> = [];
  const stop = () => stops.splice(0).forEach((undo) => undo());
  const fire = () => {
    const opened = open();
    if (opened) stop();
    return opened;
  };
  // In the capture phase: an element's `scroll` (a page's <body> that scrolls) does not bubble.
  const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void) => {
    target.addEventListener(type, handler as EventListener, { passive: true, capture: true });
    stops.push(() => target.removeEventListener(type, handler as EventListener, true));
  };
  for (const part of spec.split(',')) {
    const [kind, value = ''] = part.trim().split(':');
    // `timer:` or `scroll:` without a number is no trigger (Number('') would be 0: at once).
    const amount = value ? Number(value) : NaN;
    // Past 2³¹ − 1 ms (about 24.8 days) browsers run a timer at once: such a timer never fires.
    if (kind === 'timer' && amount >= 0 && amount * 1000 <= 2 ** 31 - 1) {
      // Counted while the page is in view: a tab opened in the background does not greet the
      // visitor with a popup the moment they switch to it.
      const doc = win.document;
      let left = amount * 1000;
      // On the page's monotonic clock: a wall clock set back while in view would add the jump.
      let since: number | undefined;
      let timer: number | undefined;
      let spent = false;
      const run = () => {
        // Gone off once (opened, or held back by another open popup): done for good; held back
        // by the page's own modal (a consent dialog): again in a second.
        if (spent) return;
        win.clearTimeout(timer);
        if (doc.visibilityState === 'hidden') left -= since === undefined ? 0 : win.performance.now() - since;
        else timer = win.setTimeout(() => ((spent = fire() !== undefined) || ((left = 1000), run())), Math.max(0, left));
        since = doc.visibilityState === 'hidden' ? undefined : win.performance.now();
      };
      run();
      listen(doc, 'visibilitychange', run);
      stops.push(() => win.clearTimeout(timer));
    } else if (kind === 'scroll' && amount >= 0) {
      const root = win.document.documentElement;
      // Held back past the threshold (another popup, the page's own modal open), checked again at
      // most once a second: each check walks the page, and scroll events come 60 a second.
      let quiet = 0;
      const check = (event?: Event) => {
        const body = win.document.body;
        // Only the page's own scrolling: not a carousel's or a text box's (listened to in the
        // capture phase, they come by too).
        if ((event?.type === 'scroll' && event.target !== win.document && event.target !== body) || win.performance.now() < quiet) return;
        // The window scrolls, unless the page's CSS makes <body> the scroller instead
        // (`html, body { height: 100%; overflow-x: hidden }`): html's overflow then goes to the
        // window and body's stays on body, if body is the one with more to scroll.
        const overflows = (element: Element) => !/visible|clip/.test(getComputedStyle(element).overflowY);
        const own = body && body.scrollHeight > body.clientHeight && overflows(root) && overflows(body);
        const scrollable = own ? body.scrollHeight - body.clientHeight : root.scrollHeight - win.innerHeight;
        if (scrollable <= 0 || ((own ? body.scrollTop : win.scrollY) / scrollable) * 100 >= amount) (quiet = win.performance.now() + 1000), fire();
      };
      listen(win, 'scroll', check);
      // A page too short to scroll never fires `scroll`: checked once it has loaded, and when resized.
      listen(win, 'resize', check);
      if (win.document.readyState === 'complete') {
        const first = win.setTimeout(check, 0);
        stops.push(() => win.clearTimeout(first));
      } else listen(win, 'load', check);
    } else if (kind === 'exit') {
      listen(win.document, 'mouseout', (event: MouseEvent) => {
        if (!event.relatedTarget && event.clientY <= 0) fire();
      });
    } else if (part.trim()) console.warn(`LeadFlow: data-leadflow-trigger "${part}" is not timer:<s>, scroll:<%> or exit`);
  }
  return stop;
}
