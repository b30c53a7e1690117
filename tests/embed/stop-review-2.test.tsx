import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { WEBHOOK, cleanupMounted, host, mountWidget, shadowOf } from './support/harness.ts';

/** A contact step whose e-mail field takes the link's `?email=`. */
const contactFlow = () => ({
  id: 'prefill-mail',
  version: 1,
  locales: ['de'],
  steps: [
    { id: 'who', type: 'contact', title: 'Wie erreichen wir Sie?', fields: [{ id: 'mail', kind: 'email', prefill: 'email' }] },
    { id: 'done', type: 'end', title: 'Danke' },
  ],
});

afterEach(() => {
  cleanupMounted();
  history.replaceState(null, '', '/');
  vi.restoreAllMocks();
});

describe('prefill of an e-mail with a space around it', () => {
  // Was: src/engine/prefill.ts `emailText` turns every space into a `+` before anything trims it.
  // A link whose address carries a stray space — form-encoded as `+` by the tool that wrote it
  // (`?email=ada%40example.com+`, a spreadsheet cell or CRM export with a trailing blank) — arrived
  // as `ada@example.com ` and was trimmed on its way (step-kinds isEmail, lead-answers). Now it
  // is `ada@example.com+`, which the deliberately loose e-mail check accepts: the visitor
  // confirms a field that looks right at a glance and the CRM gets an address that bounces.
  // Expected: only a space inside the address becomes `+` (trim first).
  it('a trailing space the link encoded as + is no part of the address sent', async () => {
    history.replaceState(null, '', '/angebot?email=ada%40example.com+');
    const posts: LeadEnvelope[] = [];
    const fetch = vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) => {
      posts.push(JSON.parse(String(init.body)) as LeadEnvelope);
      return new Response(null, { status: 204 });
    }) as unknown as typeof globalThis.fetch;
    const { element } = host();
    await mountWidget(element, { flow: contactFlow(), fetch }).ready;
    const q = shadowOf(element);
    await userEvent.setup().click(await q.findByRole('button', { name: 'Absenden' }));
    await q.findByRole('heading', { level: 2, name: 'Danke' });
    await vi.waitFor(() => expect(posts.filter((post) => post.type === 'lead.submitted')).toHaveLength(1));
    expect(posts.find((post) => post.type === 'lead.submitted')!.data.contact).toEqual({ mail: 'ada@example.com' });
    expect(fetch).toHaveBeenCalledWith(WEBHOOK, expect.anything());
  });
});
