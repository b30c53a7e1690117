import { describe, expect, it } from 'vitest';
import { scoreLead, webhookTargets, type Answers, type Flow, type HiddenFields } from '../../src/engine/index.ts';
import { demoJson, load, type FlowJson } from './fixtures.ts';

/** The demo flow (webhook "/webhook"), with an approved budget as a strong buying signal, changed by `change`. */
function flowWith(change: (flow: FlowJson) => void = () => {}): Flow {
  const flow = demoJson();
  flow.scoring.signals = [{ id: 'approved', strength: 'strong', when: { answer: 'budget', is: 'approved' } }];
  change(flow);
  return load(flow);
}

/** Hot (106 points) with a strong signal: routed to sales_now by the seed routing table. */
const hotLead: Answers = { role: 'sign_off', need: ['lead_routing', 'forecasting'], team_size: 60, budget: 'approved', timeline: 'this_quarter' };
/** Hot (86 points) without a signal: nurture. */
const hotQuiet: Answers = { ...hotLead, budget: 'none' };
/** Cold (0 points): nurture. */
const coldLead: Answers = { role: 'research', need: [], team_size: 2, budget: 'none', timeline: 'later' };

/** Where the lead is posted, scored as the widget scores it. */
function targets(flow: Flow, answers: Answers, hidden: HiddenFields = {}): string[] {
  return webhookTargets(flow, scoreLead(flow, answers, { hidden }), answers, hidden);
}

describe('webhookTargets', () => {
  it('the leads used here route as described', () => {
    const flow = flowWith();
    expect([hotLead, hotQuiet, coldLead].map((answers) => scoreLead(flow, answers)).map(({ tier, route }) => [tier, route])).toEqual([
      ['hot', 'sales_now'],
      ['hot', 'nurture'],
      ['cold', 'nurture'],
    ]);
  });

  it('posts to the flow’s webhook always', () => {
    const flow = flowWith();
    for (const answers of [hotLead, hotQuiet, coldLead, {}]) expect(targets(flow, answers)).toEqual(['/webhook']);
  });

  it('adds each entry of webhooks whose condition holds, after the webhook, in order', () => {
    const flow = flowWith((f) => {
      f.webhooks = [
        { url: 'https://crm.example.com/leads', when: { score: 'route', is: 'sales_now' } },
        { url: 'https://mail.example.com/nurture', when: { score: 'route', not: 'sales_now' } },
        { url: 'https://slack.example.com/hot', when: { score: 'tier', is: 'hot' } },
        { url: 'https://warehouse.example.com/all' },
      ];
    });
    expect(targets(flow, hotLead)).toEqual([
      '/webhook',
      'https://crm.example.com/leads',
      'https://slack.example.com/hot',
      'https://warehouse.example.com/all',
    ]);
    expect(targets(flow, hotQuiet)).toEqual([
      '/webhook',
      'https://mail.example.com/nurture',
      'https://slack.example.com/hot',
      'https://warehouse.example.com/all',
    ]);
    expect(targets(flow, coldLead)).toEqual(['/webhook', 'https://mail.example.com/nurture', 'https://warehouse.example.com/all']);
  });

  it('lets conditions read qualified, tier lists, answers and hidden fields', () => {
    const flow = flowWith((f) => {
      delete f.webhook;
      f.webhooks = [
        { url: '/sales', when: { score: 'qualified', is: true } },
        { url: '/warm-or-hot', when: { score: 'tier', in: ['warm', 'hot'] } },
        { url: '/linkedin', when: { hidden: 'utm_source', is: 'linkedin' } },
        { url: '/deciders', when: { answer: 'role', is: 'sign_off' } },
      ];
    });
    expect(targets(flow, hotLead, { utm_source: 'linkedin' })).toEqual(['/sales', '/warm-or-hot', '/linkedin', '/deciders']);
    expect(targets(flow, coldLead, { utm_source: 'google' })).toEqual([]);
    expect(webhookTargets(flow, scoreLead(flow, coldLead), coldLead)).toEqual([]);
  });

  it('uses the flow’s personal domains for "domain": "personal"', () => {
    const flow = flowWith((f) => {
      f.scoring.personalDomains = { add: ['acme.com'] };
      f.webhooks = [{ url: '/b2c', when: { answer: 'email', domain: 'personal' } }];
    });
    expect(targets(flow, { ...coldLead, email: 'max@acme.com' })).toEqual(['/webhook', '/b2c']);
    expect(targets(flow, { ...coldLead, email: 'max@initech.com' })).toEqual(['/webhook']);
    expect(targets(flow, { ...coldLead, email: 'max@gmx.de' })).toEqual(['/webhook', '/b2c']);
  });

  it('posts to a URL listed twice once, at its first place', () => {
    const flow = flowWith((f) => {
      f.webhooks = [
        { url: '/crm', when: { score: 'tier', is: 'hot' } },
        { url: '/webhook', when: { score: 'route', is: 'sales_now' } },
        { url: '/crm' },
        { url: '/other' },
        { url: '/crm', when: { score: 'qualified', is: true } },
      ];
    });
    expect(targets(flow, hotLead)).toEqual(['/webhook', '/crm', '/other']);
    expect(targets(flow, coldLead)).toEqual(['/webhook', '/crm', '/other']);
  });

  it('returns nothing without a webhook and without matching webhooks', () => {
    expect(targets(flowWith((f) => delete f.webhook), hotLead)).toEqual([]);
    const routedOnly = flowWith((f) => {
      delete f.webhook;
      f.webhooks = [{ url: '/crm', when: { score: 'route', is: 'sales_now' } }];
    });
    expect(targets(routedOnly, coldLead)).toEqual([]);
    expect(targets(routedOnly, hotLead)).toEqual(['/crm']);
    expect(targets(flowWith((f) => ((f.webhooks = []), delete f.webhook)), hotLead)).toEqual([]);
  });
});
