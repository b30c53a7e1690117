import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/engine/index.ts';
import { at, done, issuesOf, role, tinyFlow } from './support/tiny-flow.ts';

/**
 * Review of the flow-error and lint audit fixes: bugs the fixes left or introduced. Each test
 * failed before its fix; "Was:" says what went wrong.
 */

/** What makes `leadflow validate` exit 1. */
const errors = (issues: Issue[]) => issues.filter((issue) => (issue.severity ?? 'error') === 'error');

describe('webhook_without_scheme', () => {
  // Was: src/engine/lint/lint-graph.ts:168-170 reads any relative URL that starts with
  // `name.<2+ letters>` as a host name, and only spares .php/.html/.asp(x)/.jsp/.cgi/.json.
  // A receiver next to the landing page such as "leads.ashx" (ASP.NET handler), "lead.cfm"
  // (ColdFusion) or "index.shtml" is a working relative path (the widget posts there), yet it
  // is now an *error* telling the marketer to write "https://leads.ashx": `leadflow validate`
  // exits 1 on a flow that validated before. Fixed: make the check a warning, and/or only flag a
  // name whose last label is not a file extension (e.g. require a "/" after the host, or a
  // known TLD list), and never suggest "https://<file name>".
  it('takes a handler file next to the page ("leads.ashx", "lead.cfm") as a path, not as a host', () => {
    for (const webhook of ['leads.ashx', 'lead.cfm', 'index.shtml']) {
      const issues = issuesOf(tinyFlow([role, done], { webhook }));
      expect(errors(at(issues, 'webhook')), webhook).toEqual([]);
    }
  });
});

describe('missing translations of custom error messages', () => {
  // Was: src/engine/lint/lint-graph.ts checkTranslations reports a custom `errors` message
  // lacking a declared locale with the hint "until then visitors see the de text". Since
  // src/ui/questions/question-props.ts customError (same change) shows a flow's own message only
  // in the visitor's language, an English visitor sees the built-in English message, never the
  // German custom text: the hint tells the marketer the opposite of what happens. Fixed: for paths
  // under `errors`, say "until then visitors see the built-in message".
  it('says what an English visitor sees when a custom message has no "en" text', () => {
    const issues = issuesOf(
      tinyFlow(
        [
          {
            ...role,
            title: { de: 'Welche Rolle?', en: 'Which role?' },
            options: [
              { id: 'sign_off', label: { de: 'Ich entscheide', en: 'I decide' } },
              { id: 'research', label: { de: 'Ich recherchiere', en: 'I research' } },
            ],
            errors: { required: { de: 'Bitte wählen Sie Ihre Rolle.' } },
          },
          { ...done, title: { de: 'Danke', en: 'Thanks' } },
        ],
        { locales: ['de', 'en'] },
      ),
    );
    const [issue] = at(issues, 'steps[0].errors.required');
    expect(issue?.code).toBe('missing_translation');
    expect(issue?.hint).not.toContain('see the de text');
  });
});
