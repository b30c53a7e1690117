import { screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';

declare global {
  interface Window {
    __pwned?: number;
  }
}

/** A flow whose every kind of visible text carries markup a marketer (or an attacker) pasted. */
const hostileFlow = () =>
  flowFrom({
    id: 'hostile',
    version: 1,
    title: `Flow ${IMG}`,
    steps: [
      {
        id: 'pick',
        type: 'single_choice',
        title: `Pick ${IMG}`,
        description: `Hint ${SCRIPT}`,
        options: [
          { id: 'a', label: `A ${IMG}` },
          { id: 'b', label: `B ${SCRIPT}` },
        ],
      },
      { id: 'note', type: 'short_text', title: `Note ${SCRIPT}`, placeholder: IMG },
      {
        id: 'done',
        type: 'end',
        title: `Done ${SCRIPT}`,
        description: `Bye ${IMG}`,
        cta: { label: `Go ${IMG}`, url: 'https://example.com/next' },
      },
    ],
  });

/** No element was made from flow or visitor text, and nothing ran. */
function expectNoMarkup(container: Element) {
  expect(container.querySelector('img, script')).toBeNull();
  expect(window.__pwned).toBeUndefined();
}

beforeEach(() => {
  delete window.__pwned;
});
afterEach(() => {
  delete window.__pwned;
});

describe('Widget: flow text is text, never markup', () => {
  it('shows markup in a title, a description and option labels literally', async () => {
    const { container, user } = renderWidget({ flow: hostileFlow(), locale: 'en' });

    await expectStep(`Pick ${IMG}`);
    expect(screen.getByRole('region', { name: `Flow ${IMG}` })).toBeTruthy();
    expect(screen.getByText(`Hint ${SCRIPT}`)).toBeTruthy();
    expect(screen.getByRole('radio', { name: `A ${IMG}` })).toBeTruthy();
    expect(screen.getByRole('radio', { name: `B ${SCRIPT}` })).toBeTruthy();
    expect(container.textContent).toContain(IMG);
    expect(container.textContent).toContain(SCRIPT);
    expectNoMarkup(container);

    await user.click(screen.getByRole('radio', { name: `A ${IMG}` }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const field = (await screen.findByRole('textbox', { name: `Note ${SCRIPT}` })) as HTMLInputElement;
    expect(field.placeholder).toBe(IMG);
    expectNoMarkup(container);
  });

  it('shows markup on the end screen literally', async () => {
    const { container, user } = renderWidget({ flow: hostileFlow(), locale: 'en' });
    await user.click(screen.getByRole('radio', { name: `B ${SCRIPT}` }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(await screen.findByRole('textbox'), 'fine');
    await user.click(screen.getByRole('button', { name: 'Submit' }));

    await expectStep(`Done ${SCRIPT}`);
    expect(screen.getByText(`Bye ${IMG}`)).toBeTruthy();
    expect(screen.getByRole('link', { name: `Go ${IMG}` }).getAttribute('href')).toBe('https://example.com/next');
    expectNoMarkup(container);
  });

  it('shows markup a visitor typed as the field value when going back to it', async () => {
    const { container, user, onComplete } = renderWidget({ flow: twoQuestions(), locale: 'en' });
    const typed = `${IMG}${SCRIPT}`;
    // Pasted rather than typed: user-event reads "{" and "[" in typed text as key names.
    await user.click(await screen.findByRole('textbox', { name: 'Your note' }));
    await user.paste(typed);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await expectStep('Your company');

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await expectStep('Your note');
    expect((screen.getByRole('textbox', { name: 'Your note' }) as HTMLInputElement).value).toBe(typed);
    expectNoMarkup(container);
    expect(onComplete).not.toHaveBeenCalled();
  });
});

function twoQuestions() {
  return flowFrom({
    id: 'notes',
    version: 1,
    steps: [
      { id: 'note', type: 'short_text', title: 'Your note' },
      { id: 'company', type: 'short_text', title: 'Your company' },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  });
}
