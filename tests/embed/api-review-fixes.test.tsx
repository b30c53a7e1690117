import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { install, type LeadFlowApi } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';

/** Found by a review of the fixes in api-edges.test.tsx: each test was a bug, its comment says what went wrong. */

const WEBHOOK = 'https://hooks.example.test/lead';
let api: LeadFlowApi;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const added: HTMLElement[] = [];

async function popup(id: string) {
  const element = document.createElement('div');
  element.id = id;
  document.body.append(element);
  added.push(element);
  const handle = api.mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'popup' });
  await handle.ready;
  return { element, handle };
}

beforeAll(() => {
  api = install(window);
});

afterEach(() => {
  for (const element of added.splice(0)) {
    api.unmount(element);
    element.remove();
  }
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('the embed API, after a review of those fixes', () => {
  // Was (install.ts): a popup unmounted through its own handle (handle.unmount(), README) stayed
  // the first overlay; as an unmounted widget ignores open(), LeadFlow.open() (and an empty
  // [data-leadflow-open]) silently did nothing although a live popup was on the page.
  it('LeadFlow.open() without a target opens the first popup still mounted, not an unmounted one', async () => {
    const first = await popup('r5-first');
    const second = await popup('r5-second');
    first.handle.unmount();
    api.open();
    await settle();
    expect(second.element.getAttribute('data-leadflow-state')).toBe('open');
  });

  // Was (install.ts): close() read querySelector's null as "no target" and closed every open
  // popup, while open() and unmount() with the same null do nothing.
  it('LeadFlow.close(null) (a querySelector that found nothing) leaves an open popup open', async () => {
    const { element, handle } = await popup('r5-close');
    handle.open();
    await settle();
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
    api.close(document.querySelector('#r5-missing') as unknown as string);
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
  });
});
