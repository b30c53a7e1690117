import { screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { flowFrom, renderWidget } from './fixtures.tsx';

/**
 * Review of the audit fixes (maxLength, a flow's own messages; the one on "other" is in
 * choice-extras): bugs the fixes left or introduced. Each test failed before its fix; "Was:"
 * says what went wrong.
 */

describe('short text: the field takes no more than the answer holds', () => {
  // Was: src/ui/questions/input-question.tsx:54 clamps `maxLength` only when the flow names one
  // (`'maxLength' in step ? … : undefined`). The common case, a short_text without maxLength,
  // still lets a visitor type or paste 600 characters and only then refuses them with "höchstens
  // 500 Zeichen" — the very case the audit fix was for. Fixed: `maxLength={step.type ===
  // 'short_text' || step.type === 'long_text' ? Math.min(step.maxLength ?? Infinity,
  // TEXT_LIMITS[step.type]) : undefined}`.
  it('caps a short_text field without maxLength at the 500 characters an answer holds', async () => {
    const NOTE = 'Was sollen wir wissen?';
    renderWidget({
      flow: flowFrom({ id: 'note', version: 1, locales: ['de'], steps: [{ id: 'note', type: 'short_text', title: NOTE }, { id: 'done', type: 'end', title: 'Danke' }] }),
    });
    const field = (await screen.findByRole('textbox', { name: NOTE })) as HTMLInputElement;
    expect(field.maxLength).toBeGreaterThan(0);
    expect(field.maxLength).toBeLessThanOrEqual(500);
  });
});

describe("a flow's own message where the UI has no built-in language", () => {
  // Was: src/ui/questions/question-props.ts customError drops the flow's own message when it has
  // no text in the visitor's language, on the grounds that "the built-in message in that language"
  // is better. For a visitor in a language the UI does not ship (fr, es, …) the built-in message
  // is English (messagesFor falls back to en), so a flow offered in French and English whose
  // message exists in English only now shows the generic English "Please answer this question." instead
  // of its own English "Please pick your role." Fixed: only drop the flow's message when
  // uiMessages has the visitor's language (messagesFor(locale) !== en, or Object.hasOwn(uiMessages, …)).
  it("keeps the flow's English message for a French visitor, whose built-in message is English anyway", async () => {
    const ROLE = 'Quel est votre rôle ?';
    const { user, container } = renderWidget({
      locale: 'fr',
      flow: flowFrom({
        id: 'roles',
        version: 1,
        locales: ['fr', 'en'],
        steps: [
          {
            id: 'role',
            type: 'dropdown',
            title: { fr: ROLE, en: 'What is your role?' },
            options: [
              { id: 'lead', label: { fr: 'Direction', en: 'Lead' } },
              { id: 'team', label: { fr: 'Équipe', en: 'Team' } },
            ],
            errors: { required: { en: 'Please pick your role.' } },
          },
          { id: 'done', type: 'end', title: { fr: 'Merci', en: 'Thanks' } },
        ],
      }),
    });
    await screen.findByRole('combobox', { name: ROLE });
    await user.click(screen.getAllByRole('button').at(-1)!);
    await waitFor(() => expect(container.textContent).toMatch(/Please answer this question|Please pick your role/));
    expect(container.textContent).toContain('Please pick your role.');
  });
});
