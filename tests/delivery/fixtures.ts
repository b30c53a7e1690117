import { buildLeadEnvelope, type LeadData, type LeadEnvelope } from '../../src/delivery/index.ts';

export const LEAD_ID = '01a21c72-9100-7abc-8def-0123456789ab';
/** 2026-11-27T10:00:00Z */
export const NOW_MS = Date.UTC(2026, 10, 27, 10, 0, 0);
export const WEBHOOK_URL = 'https://hooks.example.test/lead';

export function sampleLead(overrides: Partial<LeadData> = {}): LeadData {
  return {
    id: LEAD_ID,
    flow: { id: 'saas-bant', version: 3 },
    locale: 'de',
    answers: { role: { value: 'sign_off', label: 'Ich entscheide' }, seats: { value: 40 } },
    contact: { email: 'ada@example.com' },
    score: {
      total: 72,
      fit: 47,
      intent: 25,
      negative: 0,
      dimensions: { authority: { kind: 'fit', points: 30, cap: 30 } },
      criteria: { authority: 30 },
      tier: 'hot',
      signals: 'strong',
      signalsFound: ['purchase_request'],
      route: 'sales_now',
      qualified: true,
      knockouts: [],
      trace: [{ rule: 'authority', kind: 'fit', input: 'answers.role', value: 'sign_off', points: 30, detail: 'sign_off' }],
      configVersion: 'saas-bant@3:1x2y3z',
    },
    attribution: { utm_source: 'newsletter' },
    hidden: { plan: 'pro' },
    meta: { completedAt: '2026-11-27T09:59:58.000Z' },
    ...overrides,
  };
}

export function sampleEnvelope(overrides: Partial<LeadData> = {}): LeadEnvelope {
  return buildLeadEnvelope(sampleLead(overrides), new Date(NOW_MS));
}
