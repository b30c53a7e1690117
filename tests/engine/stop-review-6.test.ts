import { describe, expect, it } from 'vitest';
import { formatIssue, isEmail, isPhone, loadFlow, prefillAnswers, restoreFlow, validateFlow, type Flow } from '../../src/engine/index.ts';
import { checkText } from '../../src/engine/lint/lint-text.ts';
import { duplicateKeys, jsonErrorOffset } from '../../src/engine/load/json-error-offset.ts';
import { quote } from '../../src/shared/quote.ts';

/**
 * Review of a025ee9..aeaced8 (the answers, network and authoring audits): what the fixes broke
 * or missed in the engine. Each "Was:" is a bug the review found, fixed since; the rest pin
 * what the fixes got right, so a later change cannot quietly undo it.
 */

function flowOf(json: unknown): Flow {
  const loaded = loadFlow(json);
  if (!loaded.ok) throw new Error(`fixture flow does not load: ${loaded.issues.map(formatIssue).join('; ')}`);
  return loaded.value;
}

describe('e-mail addresses after the domain became letters, digits and hyphens', () => {
  it('still takes IDN, punycode, numeric-TLD and upper-case addresses, and refuses what was pasted around one', () => {
    for (const address of ['ADA@EXAMPLE.COM', 'info@bücher.de', 'a@xn--bcher-kva.de', 'a@пример.xn--p1ai', 'a@例え.テスト', 'a@b.123'])
      expect(isEmail(address), address).toBe(true);
    for (const pasted of ['<ada@example.com>', 'ada@example.com,', 'ada@example.com;', 'ada@example.com)'])
      expect(isEmail(pasted), pasted).toBe(false);
  });

  // Was: a Persian (or other Arabic-script / Indic) IDN domain written with a zero-width
  // non-joiner is refused; before a025ee9 it was taken. IDNA2008 allows U+200C/U+200D in a label
  // (CONTEXTJ), and src/ui/questions/typed-text.ts `withoutFormatMarks` keeps them on purpose
  // ("Persian words"), so the visitor cannot get past the field. Cause:
  // src/engine/step-kinds.ts:39 EMAIL's domain class [\p{L}\p{M}\p{N}-] has no \u200c\u200d.
  it('takes a Persian domain written with a zero-width non-joiner (می‌خواهم.ir)', () => {
    expect(isEmail('info@می\u200cخواهم.ir')).toBe(true);
  });
});

describe('phone numbers', () => {
  it('takes (+34) and 0049 … (0) numbers, still bounded to 15 digits after the 00', () => {
    expect(isPhone('(+34) 612 345 678')).toBe(true);
    expect(isPhone('0049 (0) 30 1234567')).toBe(true);
    expect(isPhone('+352 123 456 789 012 34')).toBe(false);
  });
});

describe('phone numbers from a link (prefill)', () => {
  const flow = flowOf({
    id: 'prefill',
    version: 1,
    steps: [
      { id: 'tel', type: 'phone', title: 'Phone', prefill: 'phone' },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  });
  const prefilled = (query: string) => prefillAnswers(flow, new URLSearchParams(query)).tel;

  it('gives back the + a link did not encode', () => {
    expect(prefilled('phone=+49+30+1234567')).toBe('+49 30 1234567');
    expect(prefilled('phone=%2B49%2030%201234567')).toBe('+49 30 1234567');
    expect(prefilled('phone=030%201234567')).toBe('030 1234567');
  });

  // Was: a national number with a leading space (a CSV/CRM export keeps leading zeros that way;
  // encoded as %20 or as an unencoded +) is turned into a "+0…" number, which no country code
  // starts with, and isPhone takes it: the CRM gets "+030 1234567". Before a025ee9 it arrived as
  // "030 1234567" (trimmed). Cause: src/engine/prefill.ts:18 phoneText `/^ (?=\d)/` also matches a
  // 0; `(?=[1-9])` would not.
  it('does not make a national number with a leading space international (" 030…" → "+030…")', () => {
    expect(prefilled('phone=%20030%201234567')).not.toMatch(/^\+0/);
  });

  // Was: the (+34) form the same commit added to isPhone loses its + when it comes from a link:
  // `?phone=(+34)612345678` prefills "( 34)612345678", which isPhone takes, so the country code
  // reaches the CRM as a bare "34". Cause: src/engine/prefill.ts:18 restores a + only at the very
  // start, not after a leading "(".
  it('keeps the + of a (+34) number from a link', () => {
    expect(prefilled('phone=(+34)612345678')).toBe('(+34)612345678');
  });
});

describe('restoreFlow after options were removed from the flow', () => {
  const flow = flowOf({
    id: 'restore',
    version: 1,
    steps: [
      {
        id: 'role',
        type: 'single_choice',
        title: 'Role',
        options: [
          { id: 'lead', label: 'Lead' },
          { id: 'other', label: 'Other', other: true },
        ],
      },
      {
        id: 'pains',
        type: 'multiple_choice',
        title: 'Pains',
        required: false,
        options: [
          { id: 'speed', label: 'Speed' },
          { id: 'cost', label: 'Cost' },
        ],
      },
      { id: 'team', type: 'number', title: 'Team' },
      { id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'email', kind: 'email' }] },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  });

  it('drops only the removed option ids; "other" texts, numbers and contact answers stay', () => {
    const state = restoreFlow(flow, {
      history: ['role', 'pains', 'team', 'contact'],
      answers: { role: 'other', role_other: 'Chef', pains: ['gone', 'cost'], team: 12, email: 'ada@example.com' },
    });
    expect(state?.answers).toEqual({ role: 'other', role_other: 'Chef', pains: ['cost'], team: 12, email: 'ada@example.com' });
    expect(state?.history).toEqual(['role', 'pains', 'team', 'contact']);
  });

  it('resumes at a step whose only chosen option is gone, with that answer dropped', () => {
    const state = restoreFlow(flow, { history: ['role', 'pains', 'team'], answers: { role: 'removed', team: 3 } });
    expect(state?.history).toEqual(['role']);
    expect(state?.answers).toEqual({ team: 3 });
  });
});

describe('keys written twice (duplicateKeys, checkText)', () => {
  it('compares keys as parsed (escapes, __proto__) and names the path and place of the second', () => {
    expect(duplicateKeys('{"__proto__":1,"__proto__":2,"a\\u0062":1,"ab":2,"x":{"y":[{"z":1,"z":2}]},"q\\"":1,"q\\\\":2}')).toEqual([
      { path: ['__proto__'], at: 15 },
      { path: ['ab'], at: 41 },
      { path: ['x', 'y', 0, 'z'], at: 65 },
    ]);
    expect(jsonErrorOffset('{"a":1,"a":2}')).toBe(-1);
  });

  it('counts lines and columns without the byte order mark', () => {
    expect(checkText('\uFEFF{\n  "id": "a",\n  "id": "b"\n}').map((issue) => issue.message)).toEqual([
      '"id" is written twice in this object (again at line 3, column 3), and only the last one counts',
    ]);
  });
});

describe('messages for marketers', () => {
  const withTiers = (warm: unknown) =>
    JSON.stringify({ id: 't', version: 1, scoring: { tiers: { warm: { min: warm } } }, steps: [{ id: 'done', type: 'end', title: 'x' }] });
  const hintFor = (value: string) => {
    const loaded = loadFlow(withTiers(value));
    if (loaded.ok) throw new Error('expected the flow to be refused');
    return loaded.issues.map((issue) => issue.hint ?? '').join(' ');
  };

  it('suggests the number itself for a number in quotes', () => {
    expect(hintFor('31')).toBe('write 31 without the quotes');
  });

  // Was: the new hint copies the quoted text, which JSON.parse read with Number(), so it
  // suggests what is no JSON number: "+31" → "write +31 without the quotes", also ".5", "007",
  // "0x1F", "5." — following it gives a syntax error. Cause: src/engine/load/load-issues.ts:11-15
  // quotedValue tests Number.isFinite(Number(got)) and writes got.trim(); it should write
  // JSON.stringify(Number(got)) (or give no hint unless got matches JSON's number grammar).
  it('never suggests a number JSON refuses ("+31", ".5", "007")', () => {
    for (const quoted of ['+31', '.5', '007']) {
      const suggested = /write (.+) without the quotes/.exec(hintFor(quoted))?.[1];
      expect(() => JSON.parse(suggested ?? 'missing'), `${quoted} → ${suggested}`).not.toThrow();
    }
  });

  it('shows invisible characters of the basic plane as escapes that read back', () => {
    for (const text of ['done\u200b', 'a\u00a0b', '\ufeffid', 'x\u2028y']) {
      expect(quote(text)).toMatch(/\\u(200b|00a0|feff|2028)/);
      expect(JSON.parse(quote(text))).toBe(text);
    }
  });

  // Was: an invisible character outside the basic plane (tag characters U+E0020–E007F, which the
  // England and Scotland flag emoji are made of, or "ASCII smuggling" text) is written as its high
  // surrogate alone: 🏴󠁧󠁢󠁥󠁮󠁧󠁿 reads "🏴\udb40\udb40\udb40\udb40\udb40\udb40", losing which
  // characters they were. Cause: src/shared/quote.ts:7 matches by code point (/u) but escapes
  // `char.charCodeAt(0)`; it should escape each UTF-16 unit of the match.
  it('escapes an invisible character outside the basic plane whole', () => {
    const text = 'done\u{E0067}';
    expect(JSON.parse(quote(text))).toBe(text);
  });
});

describe('duplicate keys where the duplicate makes the flow fail to load', () => {
  // Was: a step pasted over another keeps both "type"s; the last one counts, and the load error
  // points at the first type's properties ("unknown property options"), while duplicate_key, the
  // cause, is never named: checkText runs only on a flow that loaded. Cause:
  // src/engine/lint/lint-flow.ts:169 (and src/cli/commands/validate.ts:54) return the
  // load issues before checkText; the text is valid JSON here, so its duplicates can be named too.
  it('names the key written twice when it is what breaks the flow', () => {
    const text =
      '{"id":"t","version":1,"steps":[{"id":"role","type":"single_choice","title":"R","type":"email","options":[{"id":"a","label":"A"},{"id":"b","label":"B"}]},{"id":"done","type":"end","title":"x"}]}';
    const result = validateFlow(text);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toContain('duplicate_key');
  });
});
