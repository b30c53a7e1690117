/**
 * Answers in an ending's link (`cta.url`, flow-model `url`): each as given, URL-encoded, so a
 * booking page can be prefilled and no answer can change where the link goes.
 */
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { expectStep, flowFrom, renderWidget } from './fixtures.tsx';

const flowWithLink = (url: string) =>
  flowFrom({
    id: 'links',
    version: 1,
    locales: ['en'],
    webhook: '/hook',
    steps: [
      { id: 'size', type: 'multiple_choice', title: 'Which teams?', options: [{ id: 'sales', label: 'Sales & Ops' }, { id: 'it', label: 'IT' }] },
      { id: 'who', type: 'short_text', title: 'Your name?' },
      { id: 'contact', type: 'contact', title: 'Your contact', fields: [{ id: 'email', kind: 'email' }] },
      { id: 'done', type: 'end', title: 'Thanks!', cta: { label: 'Book a call', url } },
    ],
  });

async function finish(name: string) {
  const { user } = renderWidget({ flow: flowWithLink(currentUrl), locale: 'en' });
  await expectStep('Which teams?');
  await user.click(screen.getByRole('checkbox', { name: 'Sales & Ops' }));
  await user.click(screen.getByRole('checkbox', { name: 'IT' }));
  await user.click(screen.getByRole('button', { name: 'Next' }));
  fireEvent.input(await screen.findByRole('textbox', { name: 'Your name?' }), { target: { value: name } });
  await user.click(screen.getByRole('button', { name: 'Next' }));
  fireEvent.input(await screen.findByRole('textbox', { name: /Email address/ }), { target: { value: 'ada+leads@example.com' } });
  await user.click(screen.getByRole('button', { name: 'Submit' }));
  await expectStep('Thanks!');
  return screen.getByRole('link', { name: 'Book a call' }).getAttribute('href');
}

let currentUrl = '';

describe('answers in an ending’s link', () => {
  it('puts each answer in as given and URL-encoded: a text, an e-mail, the option ids of a multiple choice', async () => {
    currentUrl = 'https://calendly.com/acme/demo?name={{answers.who}}&email={{ answers.email }}&teams={{answers.size}}&x={{answers.nothing}}';
    expect(await finish('Ada Lovelace & Co')).toBe('https://calendly.com/acme/demo?name=Ada%20Lovelace%20%26%20Co&email=ada%2Bleads%40example.com&teams=sales%2Cit&x=');
  });

  it('cannot be turned into another address or a script by what the visitor types', async () => {
    currentUrl = '{{answers.who}}';
    const href = await finish('javascript:alert(1)//evil.example/');
    expect(href).toBe('javascript%3Aalert(1)%2F%2Fevil.example%2F');
    // A relative address on this site, not a script: the scheme's colon and the slashes are encoded.
    expect(new URL(href!, 'https://www.example.com/page').origin).toBe('https://www.example.com');
  });
});
