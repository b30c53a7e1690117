import { act, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { formatNumberInput, parseNumberInput, warmNumberInput } from '../../src/ui/questions/number-input.ts';
import { flowFrom, languageOfText, renderWidget } from './fixtures.tsx';

/** Review of 3bb5a74 (a number field's decimal mark learnt once per locale, while idle) and ff70f2c (white-space texts fall back). */

const numberFlow = (locales = ['de']) =>
  flowFrom({
    id: 'numbers',
    version: 1,
    locales,
    webhook: '/webhook',
    steps: [
      { id: 'seats', type: 'number', title: 'Wie viele Lizenzen?' },
      { id: 'note', type: 'short_text', title: 'Noch etwas?', required: false },
      { id: 'done', type: 'end', title: 'Danke' },
    ],
  });

describe('the decimal mark, learnt once per locale', () => {
  // Interleaved, so a mark learnt for one locale is never used for another.
  it.each([
    ['de', '1.500,5', 1500.5, '2,125'],
    ['en', '1,500.5', 1500.5, '2.125'],
    ['de-CH', "1'500.5", 1500.5, '2.125'],
    ['de', '1,5', 1.5, '2,125'],
    ['fr', '1\u202f500,5', 1500.5, '2,125'],
    ['ar', '١٬٥٠٠٫٥', 1500.5, '2.125'],
    ['en', '1.5', 1.5, '2.125'],
    ['de-CH', '1.5', 1.5, '2.125'],
  ])('%s: "%s" is %d, and 2.125 is written "%s"', (locale, typed, value, written) => {
    expect(parseNumberInput(typed, locale)).toBe(value);
    expect(formatNumberInput(2.125, locale)).toBe(written);
    warmNumberInput(locale);
    expect(parseNumberInput(typed, locale)).toBe(value);
  });
});

describe('warmNumberInput in the widget', () => {
  it('runs while idle for a number step only, and its late call after unmount is harmless', async () => {
    const idle = vi.fn<(callback: () => void) => number>(() => 1);
    vi.stubGlobal('requestIdleCallback', idle);
    try {
      const { model, unmount } = renderWidget({ flow: numberFlow() });
      await screen.findByRole('heading', { level: 2, name: 'Wie viele Lizenzen?' });
      expect(idle).toHaveBeenCalledTimes(1);
      await act(async () => model.setAnswer('seats', 3));
      await act(async () => void model.next());
      await screen.findByRole('heading', { level: 2, name: /Noch etwas\?/ });
      expect(idle).toHaveBeenCalledTimes(1);
      unmount();
      expect(() => idle.mock.calls[0]![0]()).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('without requestIdleCallback (jsdom, Safari) a timer does it; typing before it fired reads the number', async () => {
    expect('requestIdleCallback' in window).toBe(false);
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { model, unmount } = renderWidget({ flow: numberFlow(['fr']), locale: 'fr' });
      const field = await screen.findByRole('textbox');
      await act(async () => {
        field.setAttribute('value', '');
        (field as HTMLInputElement).value = '1,5';
        field.dispatchEvent(new Event('input', { bubbles: true }));
      });
      expect(model.state.value.answers.seats).toBe(1.5);
      unmount();
      expect(() => vi.runAllTimers()).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a text of white space falls back like a missing one, in the widget', () => {
  it('a German title of white space shows the English one, marked lang="en"', async () => {
    const flow = flowFrom({
      id: 'blank',
      version: 1,
      locales: ['de', 'en'],
      webhook: '/webhook',
      steps: [
        {
          id: 'role',
          type: 'single_choice',
          title: { de: '  ', en: 'Your role?' },
          options: [
            { id: 'a', label: { de: 'Ich', en: 'Me' } },
            { id: 'b', label: { de: ' ', en: 'Someone else' } },
          ],
        },
        { id: 'done', type: 'end', title: 'Danke' },
      ],
    });
    renderWidget({ flow });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Your role?' });
    expect(languageOfText(heading)).toBe('en');
    expect(screen.getByRole('radio', { name: 'Someone else' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Ich' })).toBeTruthy();
  });
});
