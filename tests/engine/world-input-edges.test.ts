import { domainToASCII } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreLead, validateStep, type Step } from '../../src/engine/index.ts';
import { load } from './fixtures.ts';

/**
 * The engine with what visitors around the world send: internationalized e-mail domains in
 * either spelling, and calendar dates checked in any time zone.
 */

/** A flow that knocks out a competitor's domain and counts one more domain as a personal mailbox. */
const flowListing = (competitor: string, personal: string) =>
  load({
    id: 'world-domains',
    version: 1,
    webhook: 'https://hooks.example.test/lead',
    steps: [
      { id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'email', kind: 'email' }] },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
    scoring: {
      extend: 'bant',
      personalDomains: { add: [personal] },
      knockouts: [{ id: 'competitor', when: { answer: 'email', domain: [competitor] } }],
    },
  });

const fired = (flow: ReturnType<typeof flowListing>, email: string) =>
  scoreLead(flow, { email }).trace.map((entry) => entry.rule);

describe('internationalized e-mail domains, however they are spelled', () => {
  // Was: one domain has two spellings: "müller.de" as people write it and "xn--mller-kva.de" as
  // DNS (and Chrome's e-mail input, which hands the domain over in punycode) writes it. A flow
  // that knocked out "konkurrenz-müller.de" let a Chrome visitor from that company through, one
  // listing the punycode missed a Firefox visitor; the same for `personalDomains.add` (and
  // "ＧＭＸ.de" typed with full-width letters was no gmx.de). Domains are compared in their
  // IDNA ASCII form now (the URL parser's mapping), list entries and answers alike.
  it('knocks out and flags a listed IDN domain written in Unicode or in punycode', () => {
    const unicode = 'konkurrenz-müller.de';
    const puny = domainToASCII(unicode);
    const personal = 'mäil.example';
    expect(puny).toMatch(/^xn--/);
    // Listed as people write it; answered as Chrome sends it, and the other way round.
    expect(fired(flowListing(unicode, personal), `max@${puny}`)).toContain('competitor');
    expect(fired(flowListing(puny, personal), `max@${unicode}`)).toContain('competitor');
    expect(fired(flowListing(unicode, personal), `max@${domainToASCII(personal)}`)).toContain('personal_email');
    expect(fired(flowListing(unicode, personal), 'max@ＧＭＸ.de')).toContain('personal_email');
  });

  // Pinned: the spellings the list already sees through (case, a trailing dot, spaces), and the
  // subdomain rule of a `domain` list, which a personal-domain list deliberately lacks.
  it('sees a listed domain through case, a trailing dot and spaces, and a listed domain through its subdomains', () => {
    const flow = flowListing('Konkurrenz.example', 'mäil.example');
    expect(fired(flow, ' Max@GMX.DE. ')).toContain('personal_email');
    expect(fired(flow, 'max@mäil.example')).toContain('personal_email');
    expect(fired(flow, 'max@eu.konkurrenz.example')).toContain('competitor');
    expect(fired(flow, 'max@mail.gmx.de')).not.toContain('personal_email');
  });
});

describe('calendar dates checked in any time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  const step = { id: 'start', type: 'date', title: 'Start', min: '2018-01-01', max: '2026-12-31' } as Step;
  const issues = (day: string) => validateStep(step, { start: day }).map((issue) => issue.code);

  // Pinned: a date answer is a day, not an instant. Where local midnight did not exist (São
  // Paulo moved its clocks forward at midnight on 4 November 2018), 14 hours ahead of UTC
  // (Kiritimati) and behind it (Los Angeles), real days are taken and the bounds hold to the
  // day; parsing `YYYY-MM-DD` as local time would shift or refuse some of them.
  it.each(['America/Sao_Paulo', 'Pacific/Kiritimati', 'America/Los_Angeles'])('takes real days and keeps bounds to the day in %s', (zone) => {
    process.env.TZ = zone;
    expect(new Date(2018, 10, 4).getHours(), 'the zone is in effect').toBe(zone === 'America/Sao_Paulo' ? 1 : 0);
    for (const day of ['2018-11-04', '2026-03-29', '2026-10-25', '2024-02-29', '2018-01-01', '2026-12-31']) expect(issues(day), day).toEqual([]);
    expect(issues('2017-12-31')).toEqual(['date_too_early']);
    expect(issues('2027-01-01')).toEqual(['date_too_late']);
    expect(issues('2026-02-29')).toEqual(['invalid_date']);
  });
});
