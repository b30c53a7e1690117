import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Counts how often the built-in domain list is built for a fingerprint (`configVersion` is the
// only caller of `personalDomains()`; the lookup set uses its own copy).
vi.mock('../../src/engine/scoring/personal-domains.ts', async (original) => {
  const actual = await original<typeof import('../../src/engine/scoring/personal-domains.ts')>();
  return { ...actual, personalDomains: vi.fn(actual.personalDomains) };
});

import { createRelay } from '../../demo/relay/relay.ts';
import { personalDomains } from '../../src/engine/scoring/personal-domains.ts';
import { scoredQuestions } from '../../src/engine/scoring/resolve-scoring.ts';
import { loadFlow, progress, resolveScoring, resolveText, scoreLead, startFlow, summarizeAnswers, textLocale, type Flow } from '../../src/engine/index.ts';
import { leadflow, tempDir } from '../cli/support.ts';
import { done, role, tinyFlow } from './support/tiny-flow.ts';

/** Review of 3bb5a74 (configVersion worked out when first read) and ff70f2c (white-space texts, the relay's redirectMeansStored). */

const load = (json: unknown): Flow => {
  const result = loadFlow(json);
  if (!result.ok) throw new Error(`fixture flow is invalid: ${JSON.stringify(result.issues)}`);
  return result.value;
};
const demoDir = new URL('../../demo/flows/', import.meta.url);
const demoJson = (file: string) => JSON.parse(readFileSync(new URL(file, demoDir), 'utf8'));
const demoFiles = readdirSync(demoDir).filter((f) => f.endsWith('.json'));
const fingerprintBuilds = () => vi.mocked(personalDomains).mock.calls.length;

beforeEach(() => vi.mocked(personalDomains).mockClear());

describe('configVersion, worked out when first read', () => {
  const { dir, write } = tempDir();
  // Computed with the code before 3bb5a74 (which hashed the result with configVersion '' at
  // resolve time), with the built-in domain list of this commit.
  const BEFORE: Record<string, string> = {
    'anum.json': 'security-audit-anum@1:165ju76',
    'bant.json': 'crm-bant@1:30ldbp',
    'champ.json': 'hr-champ@1:1193j6g',
    'faint.json': 'logistics-faint@1:9a0hfq',
    'gpctba.json': 'analytics-gpctba@1:59bgfa',
    'meddpicc.json': 'erp-meddpicc@1:17ub44t',
    'saas-bant-short.json': 'saas-bant-short@1:1q4cagv',
    'saas-bant.json': 'saas-bant@1:kdo9w8',
  };
  const EDGE = {
    'no scoring': [tinyFlow([role, done]), 'tiny@1:14pt4g0'],
    'a preset alone': [tinyFlow([role, done], { scoring: { extend: 'meddic' } }), 'tiny@1:17aw2il'],
    'omit, own criteria, tiers, domains and routes': [
      tinyFlow([role, { id: 'email', type: 'email', title: 'Mail?' }, done], {
        hidden: ['visits'],
        version: 7,
        scoring: {
          extend: 'bant',
          omit: ['repeat_visits'],
          criteria: [{ answer: 'role', options: { sign_off: 10 } }],
          tiers: { hot: { minFit: 5 } },
          personalDomains: { add: ['corp.example'], remove: ['gmx.de'] },
          routes: [{ route: 'x', when: { answer: 'email', is: 'a@b.c' } }],
        },
      }),
      'tiny@7:1buvqim',
    ],
  } as const;

  it('is the fingerprint the code before gave, for every demo flow', () => {
    expect(Object.fromEntries(demoFiles.map((file) => [file, resolveScoring(load(demoJson(file))).configVersion]))).toEqual(BEFORE);
  });

  it.each(Object.entries(EDGE))('is the fingerprint the code before gave, for a flow with %s', (_name, [json, version]) => {
    const flow = load(structuredClone(json));
    expect(resolveScoring(flow).configVersion).toBe(version);
    expect(scoreLead(flow, {}).configVersion).toBe(version);
  });

  it('is the same whether read before or after the resolution was spread, cloned, serialised or frozen', () => {
    const read = (make: (r: ReturnType<typeof resolveScoring>) => { configVersion: string }) => make(resolveScoring(load(demoJson('bant.json')))).configVersion;
    expect(read((r) => ({ ...r }))).toBe(BEFORE['bant.json']);
    expect(read((r) => structuredClone(r))).toBe(BEFORE['bant.json']);
    expect(read((r) => JSON.parse(JSON.stringify(r)))).toBe(BEFORE['bant.json']);
    expect(read((r) => Object.freeze(r))).toBe(BEFORE['bant.json']);
    const frozen = Object.freeze(resolveScoring(load(demoJson('anum.json'))));
    expect(scoreLead(load(demoJson('anum.json')), {}).configVersion).toBe(frozen.configVersion);
  });

  it('is built once per flow, however often read (memoized)', () => {
    const flow = load(demoJson('bant.json'));
    for (let i = 0; i < 3; i++) scoreLead(flow, { role: 'decide' });
    void resolveScoring(flow).configVersion;
    expect(fingerprintBuilds()).toBe(1);
  });

  it('leadflow simulate (dist/cli.mjs) prints the same fingerprint as before', () => {
    // The hot lead of tests/cli/simulate.test.ts.
    const lead = { role: 'decide', team_size: 40, pain: ['no_forecast'], current_setup: 'comparing', budget: 'approved', timeline: 'this_quarter', request: 'demo' };
    write('lead.json', JSON.stringify({ ...lead, name: 'Anna Berg', email: 'anna.berg@nordlicht.example', company: 'Nordlicht', job_title: 'Head of Sales', privacy: true }));
    const run = leadflow(['simulate', new URL('bant.json', demoDir).pathname, 'lead.json'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^config: +${BEFORE['bant.json']}$`, 'm'));
  });
});

describe('configVersion is not worked out during start-up', () => {
  const firstStep = (file: string) => {
    const flow = load(demoJson(file));
    progress(flow, startFlow(flow));
    return fingerprintBuilds();
  };

  it('saas-bant: the first step and its progress estimate build no domain list', () => {
    expect(firstStep('saas-bant.json')).toBe(0);
  });

  // Was: anum, champ and gpctba knock a lead out at step one (a route rule to an ending), so the
  // first step's progress estimate scores the lead, and scoreLead copied `configVersion` into
  // its result: the list was built and hashed during start-up as before. A score reads it when asked now.
  it.each(['anum.json', 'champ.json', 'gpctba.json'])('%s: the first step and its progress estimate build no domain list', (file) => {
    expect(firstStep(file)).toBe(0);
  });
});

describe('scoredQuestions, visiting criteria, negative, knock-outs, signals and routes only', () => {
  /** What the code before found: every `answer` string anywhere in the resolved scoring. */
  const everywhere = (flow: Flow) => {
    const found = new Set<string>();
    const visit = (value: unknown): void => {
      if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) key === 'answer' && typeof inner === 'string' ? found.add(inner) : visit(inner);
    };
    visit(resolveScoring(flow));
    return [...found].sort();
  };

  it.each(demoFiles)('%s: the same questions as a walk of the whole resolved scoring', (file) => {
    const flow = load(demoJson(file));
    expect([...scoredQuestions(flow)].sort()).toEqual(everywhere(flow));
    expect(scoredQuestions(flow).size).toBeGreaterThan(0);
  });

  it('a question read only by a route, a signal, a knock-out or a negative rule is scored; dimensions and domain lists read none', () => {
    const q = (id: string) => ({ id, type: 'short_text', title: id, required: false });
    const flow = load(
      tinyFlow([role, q('in_route'), q('in_signal'), q('in_knockout'), q('in_negative'), q('answer'), done], {
        scoring: {
          criteria: [{ id: 'c', when: { all: [{ answer: 'role', is: 'sign_off' }] }, points: 5, dimension: 'answer' }],
          dimensions: { answer: { kind: 'fit' } },
          negative: [{ id: 'n', when: { answer: 'in_negative', answered: true }, points: -1 }],
          knockouts: [{ id: 'k', when: { not: { answer: 'in_knockout', answered: false } } }],
          signals: [{ id: 's', strength: 'strong', when: { any: [{ answer: 'in_signal', is: 'x' }] } }],
          routes: [{ route: 'r', when: { answer: 'in_route', is: 'x' } }],
          personalDomains: { add: ['answer.example'] },
        },
      }),
    );
    expect([...scoredQuestions(flow)].sort()).toEqual(['in_knockout', 'in_negative', 'in_route', 'in_signal', 'role']);
    expect([...scoredQuestions(flow)].sort()).toEqual(everywhere(flow));
  });
});

describe('a text of white space falls back like a missing one', () => {
  it('a map whose visitor text is white space shows the next locale, and the lang names it', () => {
    const title = { de: ' \u00a0', en: 'Your role?' };
    expect(resolveText(title, 'de', ['de', 'en'])).toBe('Your role?');
    expect(textLocale(title, 'de-AT', ['de', 'en'])).toBe('en');
  });

  it('a plain string of white space is still shown as it is (the schema allows " "), unlike a map of one', () => {
    expect(resolveText(' ', 'de')).toBe(' ');
    expect(resolveText({ de: ' ' }, 'de', ['de'])).toBe('');
  });

  it("an option label of white space only: the lead's label is the option id (was \" \")", () => {
    const flow = load(
      tinyFlow([{ ...role, options: [{ id: 'blank', label: { de: ' ' } }, { id: 'other', label: { de: 'Andere' } }] }, done], { locales: ['de'] }),
    );
    expect(summarizeAnswers(flow, { role: 'blank' }, 'de').answers.role).toEqual({ value: 'blank', label: 'blank' });
  });
});

describe("the relay's redirectMeansStored", () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const ORIGIN = 'https://www.example.com';
  const envelope = (id: string) => ({ type: 'lead.submitted', timestamp: '2026-11-27T10:00:00Z', data: { id, flow: { id: 'demo', version: 1 }, answers: {}, contact: {}, score: { total: 1, tier: 'cold' } } });
  const send = (relay: string, id: string) =>
    fetch(relay, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, 'webhook-id': id }, body: JSON.stringify(envelope(id)) });
  const relayTo = async (answer: { status: number; location: string }) => {
    const target = await listen((req, res) => req.resume().on('end', () => res.writeHead(answer.status, { location: answer.location }).end()));
    const handle = createRelay({ target: `${target}/macros/s/AKfycb/exec`, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', origins: [ORIGIN], redirectMeansStored: (to) => to.hostname === 'script.googleusercontent.com' });
    return listen((req, res) => void handle(req, res));
  };

  it('a 302 to the one-time echo address after doPost counts as delivered; a 301 does not', async () => {
    const stored = await relayTo({ status: 302, location: 'https://script.googleusercontent.com/macros/echo?user_content_key=k1' });
    expect((await send(stored, 'lead-302')).status).toBe(200);
    const moved = await relayTo({ status: 301, location: 'https://script.google.com/macros/s/other/exec' });
    expect((await send(moved, 'lead-301')).status).toBe(422);
  });

  // Was: an Apps Script web app not deployed for "Anyone" answers an anonymous POST with a 302
  // to Google's sign-in page (doPost never ran), and the relay took it as delivered. The relay
  // takes a 302/303 as stored only where `redirectMeansStored` says it may go.
  it('a 302 to the sign-in page (doPost never ran) is not taken as delivered', async () => {
    const signIn = await relayTo({ status: 302, location: 'https://accounts.google.com/ServiceLogin?service=wise&passive=1209600&continue=https://script.google.com/macros/s/AKfycb/exec' });
    expect((await send(signIn, 'lead-login')).status).toBe(422);
  });
});
