import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { mount, type LeadFlowOptions } from '../../src/embed/index.ts';
import { demoJsonCopy, expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const choiceFlow = (autoAdvance = true) =>
  flowFrom({
    id: 'auto',
    version: 1,
    locales: ['de'],
    webhook: '/webhook',
    autoAdvance,
    steps: [
      {
        id: 'q1',
        type: 'single_choice',
        title: 'Eins?',
        options: [
          { id: 'a', label: 'A-Antwort' },
          { id: 'other', label: 'Anders', other: true },
        ],
      },
      { id: 'info', type: 'statement', title: 'Zwischendurch' },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

describe('found in review of issues 5–7', () => {
  it('advances once on a double click, not past the next step', async () => {
    const { model } = renderWidget({ flow: choiceFlow() });
    const option = await screen.findByRole('radio', { name: 'A-Antwort' });
    fireEvent.click(option, { detail: 1 });
    fireEvent.click(option, { detail: 2 });
    await wait(500);
    expect(model.step.value.id).toBe('info');
  });

  it('does not act on the next step when the visitor pressed Next before the moment passed', async () => {
    const { user, model } = renderWidget({ flow: choiceFlow() });
    await user.click(await screen.findByRole('radio', { name: 'A-Antwort' }));
    await user.click(screen.getByRole('button', { name: 'Weiter' }));
    await expectStep('Zwischendurch');
    await wait(500);
    expect(model.step.value.id).toBe('info');
    expect(model.issues.value).toEqual([]);
  });

  it('waits for the text of "other" instead of advancing, and forgets it when another option is chosen', async () => {
    const { user, model } = renderWidget({ flow: choiceFlow() });
    await user.click(await screen.findByRole('radio', { name: 'Anders' }));
    await wait(500);
    expect(model.step.value.id).toBe('q1');
    expect(model.issues.value).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'Anders' }), 'ruf mich an: 0170 1234567');
    await user.click(screen.getByRole('radio', { name: 'A-Antwort' }));
    expect(model.state.value.answers).toEqual({ q1: 'a' });
  });

  /** The `pagehide` / `online` listeners added to and removed from window while `run` runs. */
  async function windowListeners(run: () => Promise<void>) {
    const added: string[] = [];
    const removed: string[] = [];
    const add = window.addEventListener.bind(window) as (...args: unknown[]) => void;
    const remove = window.removeEventListener.bind(window) as (...args: unknown[]) => void;
    window.addEventListener = ((...args: unknown[]) => (added.push(String(args[0])), add(...args))) as typeof window.addEventListener;
    window.removeEventListener = ((...args: unknown[]) => (removed.push(String(args[0])), remove(...args))) as typeof window.removeEventListener;
    try {
      await run();
    } finally {
      window.addEventListener = add as typeof window.addEventListener;
      window.removeEventListener = remove as typeof window.removeEventListener;
    }
    const of = (list: string[]) => list.filter((type) => type === 'pagehide' || type === 'online');
    return { added: of(added), removed: of(removed) };
  }

  const mountAndUnmount = async (options: Partial<LeadFlowOptions> = {}) => {
    const element = document.createElement('div');
    document.body.append(element);
    const handle = mount(element, { flow: demoJsonCopy(), webhook: 'https://hooks.example.test/lead', locale: 'de', lazy: false, ...options });
    await handle.ready;
    handle.unmount();
    element.remove();
  };

  it('stops the outbox a widget with its own fetch made for itself when it is unmounted', async () => {
    const { added, removed } = await windowListeners(() => mountAndUnmount({ fetch: async () => new Response(null, { status: 204 }) }));
    expect(added).toContain('pagehide');
    expect(removed.sort()).toEqual(added.sort());
  });

  // Widgets an app mounts through the ES module, without their own fetch, share the page's one
  // outbox (two would each send a waiting lead when the page is left): it stays for the page,
  // like the script tag's, and is made once however many widgets come and go.
  it('gives widgets without their own fetch one outbox for the page, made once', async () => {
    const { added, removed } = await windowListeners(async () => {
      for (let i = 0; i < 3; i++) await mountAndUnmount();
    });
    const left = (type: string) => added.filter((t) => t === type).length - removed.filter((t) => t === type).length;
    expect(Math.max(left('pagehide'), left('online'))).toBeLessThanOrEqual(1);
  });
});
