/**
 * What opens a popup, slider or bubble by itself, from `data-leadflow-trigger`:
 * `timer:<seconds>`, `scroll:<percent>` of the page scrolled, `exit` (the pointer leaves the
 * page through its top edge, as on the way to the tab bar; desktop only). The first one that
 * fires opens the widget once; the returned function removes every listener and timer.
 */
export function watchTriggers(spec: string, win: Window, open: () => void): () => void {
  const stops: Array<() => void> = [];
  const stop = () => stops.splice(0).forEach((undo) => undo());
  const fire = () => {
    stop();
    open();
  };
  const listen = <K extends keyof WindowEventMap>(target: Window | Document, type: K, handler: (event: WindowEventMap[K]) => void) => {
    target.addEventListener(type, handler as EventListener, { passive: true });
    stops.push(() => target.removeEventListener(type, handler as EventListener));
  };
  for (const part of spec.split(',')) {
    const [kind, value = ''] = part.trim().split(':');
    // `timer:` or `scroll:` without a number is no trigger (Number('') would be 0: at once).
    const amount = value ? Number(value) : NaN;
    // Past 2³¹ − 1 ms (about 24.8 days) browsers run a timer at once: such a timer never fires.
    if (kind === 'timer' && amount >= 0 && amount * 1000 <= 2 ** 31 - 1) {
      const timer = win.setTimeout(fire, amount * 1000);
      stops.push(() => win.clearTimeout(timer));
    } else if (kind === 'scroll' && amount >= 0) {
      const root = win.document.documentElement;
      listen(win, 'scroll', () => {
        const scrollable = root.scrollHeight - win.innerHeight;
        if (scrollable <= 0 || (win.scrollY / scrollable) * 100 >= amount) fire();
      });
    } else if (kind === 'exit') {
      listen(win.document, 'mouseout', (event) => {
        if (!event.relatedTarget && event.clientY <= 0) fire();
      });
    }
  }
  return stop;
}
