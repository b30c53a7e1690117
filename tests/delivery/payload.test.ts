import { describe, expect, it } from 'vitest';
import { buildLeadEnvelope, collectAttribution } from '../../src/delivery/index.ts';
import { sampleLead } from './fixtures.ts';

describe('buildLeadEnvelope', () => {
  it('wraps the lead in a lead.submitted envelope stamped in UTC without milliseconds', () => {
    const data = sampleLead();
    const envelope = buildLeadEnvelope(data, new Date('2026-11-27T11:00:00.789+01:00'));
    expect(envelope.type).toBe('lead.submitted');
    expect(envelope.timestamp).toBe('2026-11-27T10:00:00Z');
    expect(envelope.data).toBe(data);
  });

  it('formats every timestamp as YYYY-MM-DDTHH:MM:SSZ', () => {
    for (const ms of [0, 999, Date.UTC(2026, 1, 28, 23, 59, 59, 999)]) {
      expect(buildLeadEnvelope(sampleLead(), new Date(ms)).timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });
});

describe('collectAttribution', () => {
  it('keeps only the allow-listed campaign parameters, and the referrer', () => {
    const url =
      'https://shop.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale&utm_term=crm' +
      '&utm_content=hero&gclid=g1&fbclid=f1&msclkid=m1&utm_id=9&email=ada%40example.com&token=secret&ref=x#utm_source=hash';
    expect(collectAttribution(url, 'https://www.google.com/')).toMatchInlineSnapshot(`
      {
        "fbclid": "f1",
        "gclid": "g1",
        "msclkid": "m1",
        "referrer": "https://www.google.com/",
        "utm_campaign": "spring sale",
        "utm_content": "hero",
        "utm_medium": "email",
        "utm_source": "newsletter",
        "utm_term": "crm",
      }
    `);
  });

  it('keeps where the visitor came from, not the query string or fragment of that page', () => {
    const attribution = collectAttribution('https://landing.example/', 'https://www.google.com/search?q=ada%40example.com#top');
    expect(attribution).toEqual({ referrer: 'https://www.google.com/search' });
  });

  it('omits an empty referrer and empty parameters', () => {
    expect(collectAttribution('https://shop.example/?utm_source=&gclid=g1', '')).toEqual({ gclid: 'g1' });
    expect(collectAttribution('https://shop.example/', '')).toEqual({});
  });

  it('truncates values to 200 characters', () => {
    const long = 'a'.repeat(500);
    const attribution = collectAttribution(`https://shop.example/?utm_campaign=${long}`, `https://ref.example/${long}`);
    expect(attribution.utm_campaign).toBe('a'.repeat(200));
    expect(attribution.referrer).toHaveLength(200);
    expect(attribution.referrer?.startsWith('https://ref.example/aaa')).toBe(true);
  });

  it('never cuts a character in half', () => {
    const value = 'a'.repeat(199) + '😀'.repeat(5);
    const attribution = collectAttribution(`https://shop.example/?utm_content=${encodeURIComponent(value)}`, '');
    expect(attribution.utm_content).toBe('a'.repeat(199) + '😀');
  });

  it('survives an unparsable page URL', () => {
    expect(collectAttribution('not a url', 'https://ref.example/')).toEqual({ referrer: 'https://ref.example/' });
  });
});
