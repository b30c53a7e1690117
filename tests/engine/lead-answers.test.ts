import { describe, expect, it } from 'vitest';
import { summarizeAnswers } from '../../src/engine/index.ts';
import { demoFlow, demoJson, load } from './fixtures.ts';

const flow = demoFlow();

const lead = {
  role: 'sign_off',
  need: ['forecasting', 'crm_sync'],
  team_size: 60,
  budget: 'approved',
  name: '  Kim Berg ',
  email: ' kim@example.com',
  company: 'Acme',
  privacy: true,
};

describe('summarizeAnswers', () => {
  it('labels choices in German', () => {
    expect(summarizeAnswers(flow, lead, 'de')).toMatchInlineSnapshot(`
      {
        "answers": {
          "budget": {
            "label": "Ja, freigegeben",
            "value": "approved",
          },
          "need": {
            "label": [
              "Umsatzprognosen",
              "CRM-Synchronisierung",
            ],
            "value": [
              "forecasting",
              "crm_sync",
            ],
          },
          "privacy": {
            "value": true,
          },
          "role": {
            "label": "Ich entscheide",
            "value": "sign_off",
          },
          "team_size": {
            "value": 60,
          },
        },
        "contact": {
          "company": "Acme",
          "email": "kim@example.com",
          "name": "Kim Berg",
        },
      }
    `);
  });

  it('labels choices in English, also for a regional tag', () => {
    const { answers } = summarizeAnswers(flow, lead, 'en-GB');
    expect(answers['role']).toEqual({ value: 'sign_off', label: 'I make the decision' });
    expect(answers['need']).toEqual({ value: ['forecasting', 'crm_sync'], label: ['Forecasting', 'CRM sync'] });
  });

  it("falls back to the flow's locales, in order, when a label lacks the visitor's locale", () => {
    const json = demoJson();
    json.steps[3].options[0].label = { fr: 'Oui, approuvé', en: 'Yes, approved' };
    const { answers } = summarizeAnswers(load(json), { budget: 'approved' }, 'it');
    // The flow's locales are de, en: no German label, so English — not the first label there is.
    expect(answers['budget']).toEqual({ value: 'approved', label: 'Yes, approved' });
  });

  it('sends contact fields, trimmed, under contact and not under answers', () => {
    const { answers, contact } = summarizeAnswers(flow, lead, 'en');
    expect(contact).toEqual({ name: 'Kim Berg', email: 'kim@example.com', company: 'Acme' });
    expect(Object.keys(answers)).not.toContain('name');
    expect(Object.keys(answers)).not.toContain('email');
    expect(Object.keys(answers)).not.toContain('company');
  });

  it('leaves out questions that were not answered', () => {
    expect(summarizeAnswers(flow, { role: 'student' }, 'en')).toEqual({
      answers: { role: { value: 'student', label: "I'm a student" } },
      contact: {},
    });
  });

  it('keeps an option id that has no label as its own label', () => {
    const { answers } = summarizeAnswers(flow, { role: 'ceo' }, 'en');
    expect(answers['role']).toEqual({ value: 'ceo', label: 'ceo' });
  });
});
