import { signal, type ReadonlySignal } from '@preact/signals';

/**
 * Resolves when the element comes within a screen's height of the viewport; at once without
 * IntersectionObserver. A screen ahead, so a flow file that takes a moment has arrived, and the
 * form grown, before the visitor scrolls to it: growing in view, it pushed what they were
 * reading down (a layout shift the page's CLS counts, as scrolling is no input).
 */
export function nearViewport(element: Element, stops: Array<() => void>): Promise<void> {
  if (typeof IntersectionObserver !== 'function') return Promise.resolve();
  // Already in view (the usual case above the fold): start now rather than a frame later.
  const box = element.getBoundingClientRect();
  if (box.bottom > -innerHeight && box.top < 2 * innerHeight) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && (observer.disconnect(), resolve()), {
      rootMargin: '100% 0px',
    });
    observer.observe(element);
    // Unmounted before it came near: `ready` still settles (nothing is shown then).
    stops.push(() => (observer.disconnect(), resolve()));
  });
}

/**
 * True once part of the element is in the viewport (at once without IntersectionObserver): an
 * inline widget loaded just below the fold, or with `lazy: false`, is not a view until seen.
 */
export function seen(element: Element, stops: Array<() => void>): ReadonlySignal<boolean> {
  const inView = signal(typeof IntersectionObserver !== 'function');
  if (!inView.value) {
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && ((inView.value = true), observer.disconnect()));
    observer.observe(element);
    stops.push(() => observer.disconnect());
  }
  return inView;
}
