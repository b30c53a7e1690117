/**
 * An ending's `redirect` (src/embed/redirect-after-lead.ts): the page goes on once the lead is
 * delivered or refused, at the latest after REDIRECT_WAIT_MS, and never for an unmounted widget.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Emit } from '../../src/embed/events.ts';
import { createRedirects, REDIRECT_WAIT_MS } from '../../src/embed/redirect-after-lead.ts';

const LEAD = '0190f3a2-7c4e-7d1a-9b2c-3d4e5f6a7b8c';

function setUp() {
  const heard: string[] = [];
  const emit = ((name: string) => heard.push(name)) as unknown as Emit;
  const assign = vi.fn<(url: string) => void>();
  const redirects = createRedirects(emit, { location: { assign } } as unknown as Window);
  return { redirects, assign, heard };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a redirect after the lead', () => {
  it('goes by the error’s lead id, not by what its message says', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.sent(1);
    // Another lead's refusal whose message names this lead (a webhook's answer quoted in it).
    const other = '0190f3a2-0000-7000-8000-000000000000';
    redirects.emit('error', { code: 'delivery_failed', message: `lead ${other} was refused by https://hooks.example.com after 1 attempt(s): duplicate of ${LEAD} `, leadId: other, event: 'lead.submitted' });
    // An error about no lead at all (storage full), whatever its message.
    redirects.emit('error', { code: 'delivery_failed', message: `QuotaExceededError near ${LEAD} ` });
    expect(assign).not.toHaveBeenCalled();
    redirects.emit('error', { code: 'delivery_failed', message: 'refused', leadId: LEAD, event: 'lead.submitted' });
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it('goes as soon as this lead is delivered, once, and passes every event on', () => {
    const { redirects, assign, heard } = setUp();
    redirects.after(LEAD, '/danke.html?tier=hot');
    redirects.sent(1);
    redirects.emit('submit', { flow: { id: 'f', version: 1 }, variant: null, leadId: LEAD, tier: 'hot', route: 'sales_now' });
    expect(assign).not.toHaveBeenCalled();
    redirects.emit('delivered', { leadId: LEAD, event: 'lead.submitted' });
    expect(assign.mock.calls).toEqual([['/danke.html?tier=hot']]);
    redirects.emit('delivered', { leadId: LEAD, event: 'lead.submitted' });
    vi.advanceTimersByTime(REDIRECT_WAIT_MS * 2);
    expect(assign.mock.calls).toEqual([['/danke.html?tier=hot']]);
    expect(heard).toEqual(['submit', 'delivered', 'delivered']);
  });

  it('does not go for another lead delivered meanwhile (one an earlier page left behind)', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.sent(1);
    redirects.emit('delivered', { leadId: '0190f3a2-0000-7000-8000-000000000000', event: 'lead.submitted' });
    expect(assign).not.toHaveBeenCalled();
    vi.advanceTimersByTime(REDIRECT_WAIT_MS - 1);
    expect(assign).not.toHaveBeenCalled();
  });

  it('does not go when a partial of this lead is delivered or refused (the submitted one is on its way)', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.sent(1);
    redirects.emit('delivered', { leadId: LEAD, event: 'lead.partial' });
    redirects.emit('error', { code: 'delivery_failed', message: `lead ${LEAD}.partial.2 was refused by https://hooks.example.com after 1 attempt(s): HTTP 400`, leadId: LEAD, event: 'lead.partial' });
    redirects.emit('error', { code: 'lead_expired', message: `lead ${LEAD}.partial.2 could not be delivered to https://hooks.example.com in time and was dropped`, leadId: LEAD, event: 'lead.partial' });
    expect(assign).not.toHaveBeenCalled();
  });

  it('goes once the lead is refused: nothing more to wait for', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.sent(1);
    redirects.emit('error', { code: 'delivery_failed', message: `lead ${LEAD} was refused by https://hooks.example.com after 1 attempt(s): HTTP 400`, leadId: LEAD, event: 'lead.submitted' });
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it('waits for every webhook the lead went to, and goes at once for a lead sent nowhere (a bot’s, dropped)', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.sent(2);
    redirects.emit('delivered', { leadId: LEAD, event: 'lead.submitted' });
    expect(assign).not.toHaveBeenCalled();
    redirects.emit('error', { code: 'lead_expired', message: `lead ${LEAD} could not be delivered to https://crm.example in time and was dropped`, leadId: LEAD, event: 'lead.submitted' });
    expect(assign).toHaveBeenCalledTimes(1);
    redirects.after(LEAD, '/danke.html');
    redirects.sent(0);
    expect(assign).toHaveBeenCalledTimes(2);
  });

  it('goes after REDIRECT_WAIT_MS when the lead is still on its way (it is sent as the page is left)', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, 'https://calendly.com/acme/demo?email=ada%40example.com');
    vi.advanceTimersByTime(REDIRECT_WAIT_MS - 1);
    expect(assign).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(assign.mock.calls).toEqual([['https://calendly.com/acme/demo?email=ada%40example.com']]);
  });

  it('an unmounted widget sends the page nowhere', () => {
    const { redirects, assign } = setUp();
    redirects.after(LEAD, '/danke.html');
    redirects.stop();
    redirects.emit('delivered', { leadId: LEAD, event: 'lead.submitted' });
    vi.advanceTimersByTime(REDIRECT_WAIT_MS * 2);
    expect(assign).not.toHaveBeenCalled();
  });
});
