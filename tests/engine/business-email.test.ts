/**
 * `businessOnly` on an e-mail question or contact field: an address at a personal e-mail
 * provider is refused with `personal_email`, by the list scoring's `"domain": "personal"` reads
 * and the flow's changes to it (`scoring.personalDomains`).
 */
import { describe, expect, it } from 'vitest';
import { lintFlow, loadFlow, nextStep, setAnswer, startFlow, validateStep, type Flow } from '../../src/engine/index.ts';

const flowOf = (steps: unknown[], extra: Record<string, unknown> = {}): Flow => {
  const loaded = loadFlow({ id: 'b2b', version: 1, locales: ['de', 'en'], ...extra, steps: [...steps, { id: 'done', type: 'end', title: 'Danke' }] });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
};

const mail = { id: 'mail', type: 'email', title: 'Ihre E-Mail?', businessOnly: true };
const codes = (flow: Flow, answers: Record<string, string>) => {
  let state = startFlow(flow);
  for (const [question, value] of Object.entries(answers)) state = setAnswer(state, question, value);
  const result = nextStep(flow, state);
  return result.ok ? [] : result.issues.map((issue) => `${issue.question}: ${issue.code}`);
};

describe('an e-mail question with businessOnly', () => {
  it('refuses personal providers (free mail, ISPs, disposable) in any case, and takes business domains', () => {
    const flow = flowOf([mail]);
    for (const address of ['ada@gmail.com', 'Ada@GMX.DE', 'ada@web.de', 'ada@t-online.de', 'ada@yopmail.com', 'ada@outlook.de'])
      expect(codes(flow, { mail: address }), address).toEqual(['mail: personal_email']);
    for (const address of ['ada@acme.com', 'ada@nordlicht-maschinen.de', 'ada@gmail.acme.com'])
      expect(codes(flow, { mail: address }), address).toEqual([]);
  });

  it('checks that the address is one first: a personal domain in no address is invalid_email', () => {
    expect(codes(flowOf([mail]), { mail: 'gmail.com' })).toEqual(['mail: invalid_email']);
  });

  it('without businessOnly (or with false), any plausible address goes', () => {
    expect(codes(flowOf([{ ...mail, businessOnly: false }]), { mail: 'ada@gmail.com' })).toEqual([]);
    const { businessOnly: _, ...plain } = mail;
    expect(codes(flowOf([plain]), { mail: 'ada@gmail.com' })).toEqual([]);
  });

  it("follows the flow's scoring.personalDomains: removed domains go, added ones are refused", () => {
    const flow = flowOf([mail], { scoring: { extend: 'bant', personalDomains: { remove: ['gmx.net'], add: ['rival-mail.example'] } } });
    expect(codes(flow, { mail: 'ada@gmx.net' })).toEqual([]);
    expect(codes(flow, { mail: 'ada@rival-mail.example' })).toEqual(['mail: personal_email']);
    expect(codes(flow, { mail: 'ada@gmail.com' })).toEqual(['mail: personal_email']);
    // validateStep without the flow's changes reads the built-in list.
    expect(validateStep(flow.steps[0]!, { mail: 'ada@gmx.net' })).toEqual([{ code: 'personal_email', question: 'mail' }]);
    expect(validateStep(flow.steps[0]!, { mail: 'ada@gmx.net' }, { remove: ['gmx.net'] })).toEqual([]);
  });

  it('on a contact step: only the e-mail field with businessOnly refuses', () => {
    const flow = flowOf([
      {
        id: 'contact',
        type: 'contact',
        title: 'Kontakt',
        fields: [
          { id: 'work', kind: 'email', businessOnly: true },
          { id: 'private', kind: 'email', required: false },
        ],
      },
    ]);
    expect(codes(flow, { work: 'ada@gmail.com', private: 'ada@gmail.com' })).toEqual(['work: personal_email']);
    expect(codes(flow, { work: 'ada@acme.com', private: 'ada@gmail.com' })).toEqual([]);
  });
});

describe('the linter', () => {
  it('warns of businessOnly on a contact field that is no e-mail, at its path', () => {
    const flow = flowOf([{ id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'email', kind: 'email' }, { id: 'phone', kind: 'phone', businessOnly: true }] }]);
    const found = lintFlow(flow).filter((issue) => issue.code === 'business_only_ignored');
    expect(found).toEqual([expect.objectContaining({ path: ['steps', 0, 'fields', 1, 'businessOnly'], severity: 'warning' })]);
    expect(lintFlow(flowOf([mail])).filter((issue) => issue.code === 'business_only_ignored')).toEqual([]);
  });

  it('names personal_email among the messages a French flow lacks, only where businessOnly is set', () => {
    const untranslated = (flow: Flow) => JSON.stringify(lintFlow(flow).filter((issue) => issue.code === 'untranslated_messages'));
    expect(untranslated(flowOf([mail], { locales: ['fr'], title: 'Devis' }))).toContain('personal_email');
    expect(untranslated(flowOf([{ ...mail, businessOnly: false }], { locales: ['fr'], title: 'Devis' }))).not.toContain('personal_email');
  });
});
