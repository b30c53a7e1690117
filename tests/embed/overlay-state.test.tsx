import { afterEach, describe, expect, it } from 'vitest';
import { cleanupMounted, host, mountWidget, pageOutbox } from './support/harness.ts';

afterEach(() => cleanupMounted());

/** The pointer leaving the page through its top edge, as on the way to the tab bar. */
const exitIntent = () => document.dispatchEvent(new MouseEvent('mouseout', { clientY: 0, relatedTarget: null, bubbles: true }));

describe('popups opened by triggers', () => {
  it('mark their host while open, so the page can style around them', async () => {
    const { element } = host();
    const handle = mountWidget(element, { mode: 'popup' });
    await handle.ready;
    expect(element.hasAttribute('data-leadflow-state')).toBe(false);
    handle.open();
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
    handle.close();
    expect(element.hasAttribute('data-leadflow-state')).toBe(false);
  });

  it('never open a second popup over one already open: two exit-intent popups on one page', async () => {
    const page = pageOutbox();
    const first = host();
    const second = host();
    await Promise.all([
      mountWidget(first.element, { mode: 'popup', trigger: 'exit' }, page).ready,
      mountWidget(second.element, { mode: 'slider', trigger: 'exit' }, page).ready,
    ]);
    exitIntent();
    expect(first.element.getAttribute('data-leadflow-state')).toBe('open');
    expect(second.element.hasAttribute('data-leadflow-state')).toBe(false);
  });
});
