import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadflow, tempDir } from './support.ts';

const { dir, write } = tempDir();

describe('leadflow graph', () => {
  it('prints demo/flows/saas-bant.json as a Mermaid flowchart with every step', () => {
    const run = leadflow(['graph', 'demo/flows/saas-bant.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 12).join('\n')).toMatchInlineSnapshot(`
      "flowchart TD
        s0["role: Welche Rolle haben Sie bei der Auswahl?"]
        s1["need: Was möchten Sie verbessern?"]
        s2["team_size: Wie viele Personen arbeiten in Ihrem Vertrieb?"]
        s3["budget: Gibt es ein Budget für dieses Jahr?"]
        s4["timeline: Wann möchten Sie starten?"]
        s5["contact: Wohin dürfen wir Ihre Auswertung schicken?"]
        s6["privacy: Fast geschafft"]
        s7(["end_hot: Danke! Lassen Sie uns sprechen."])
        s8(["end_warm: Danke! Wir melden uns."])
        s9(["end_cold: Danke für Ihr Interesse!"])
        s10(["end_student: Danke, dass Sie vorbeischauen!"])"
    `);
    expect(lines.slice(12)).toEqual([
      '  s0 -->|"role is student"| s10',
      '  s0 -->|"else"| s1',
      '  s1 --> s2',
      '  s2 --> s3',
      '  s3 --> s4',
      '  s4 --> s5',
      '  s5 --> s6',
      '  s6 -->|"score.tier is hot"| s7',
      '  s6 -->|"score.tier is warm"| s8',
      '  s6 -->|"else"| s9',
    ]);
    const flow = JSON.parse(readFileSync(new URL('../../demo/flows/saas-bant.json', import.meta.url), 'utf8'));
    for (const step of flow.steps) expect(run.stdout).toContain(`${step.id}: `);
  });

  it('takes the titles in another locale with --locale', () => {
    const run = leadflow(['graph', 'demo/flows/saas-bant.json', '--locale', 'en']);
    expect(run.stdout.split('\n')[1]).toBe('  s0["role: What is your role in choosing a tool?"]');
  });

  it('escapes quotes and brackets, summarizes conditions in at most 40 characters, and skips rules after one without "if"', () => {
    write(
      'odd.json',
      JSON.stringify({
        id: 'odd',
        version: 1,
        webhook: 'https://hooks.example.com/leads',
        hidden: ['utm_source'],
        steps: [
          {
            id: 'size',
            type: 'number',
            title: 'Say "how many" [people] | {teams} <b>#1</b>',
            next: [
              { if: { answer: 'size', gte: 10, lte: 50 }, goto: 'mid' },
              { if: { all: [{ answer: 'size', gt: 50 }, { hidden: 'utm_source', is: 'ads' }] }, goto: 'big' },
              { if: { any: [{ answer: 'size', lt: 3 }, { not: { hidden: 'utm_source', answered: true } }] }, goto: 'small' },
              { if: { hidden: 'utm_source', in: ['linkedin', 'xing', 'twitter', 'mastodon', 'bluesky'] }, goto: 'big' },
              { goto: 'small' },
              { goto: 'mid' },
            ],
          },
          { id: 'mid', type: 'end', title: 'Mid' },
          { id: 'big', type: 'end', title: { en: 'Big', de: 'Groß' } },
          { id: 'small', type: 'end', title: 'Small' },
        ],
      }),
    );
    const run = leadflow(['graph', 'odd.json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "flowchart TD
        s0["size: Say #quot;how many#quot; #91;people#93; #124; #123;teams#125; #60;b#62;#35;1#60;/b#62;"]
        s1(["mid: Mid"])
        s2(["big: Big"])
        s3(["small: Small"])
        s0 -->|"size ≥ 10 and ≤ 50"| s1
        s0 -->|"size #62; 50 and hidden.utm_source is ads"| s2
        s0 -->|"any(…)"| s3
        s0 -->|"hidden.utm_source in linkedin, xing, tw…"| s2
        s0 -->|"else"| s3
      "
    `);
  });

  it('exits 1 with the problems when the flow does not load', () => {
    const flow = JSON.parse(readFileSync(new URL('../../demo/flows/saas-bant.json', import.meta.url), 'utf8'));
    flow.steps[6].next[0].goto = 'end_hto';
    write('typo.json', JSON.stringify(flow));
    expect(leadflow(['graph', 'typo.json'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'typo.json: the flow does not load:\ntypo.json:steps[6].next[0].goto: error unknown step "end_hto" — did you mean "end_hot"?\n',
    });
  });
});
