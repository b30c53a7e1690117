import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strictAjv } from './support/strict-ajv.ts';
import { formatIssue, loadFlow, validateFlow } from '../../src/engine/index.ts';
import { done, role, tinyFlow } from '../engine/support/tiny-flow.ts';

/** What an editor checks a flow file against (dist/flow.schema.json) and what the widget loads, side by side. */
describe('dist/flow.schema.json agrees with loadFlow', () => {
  const schema = JSON.parse(readFileSync(new URL('../../dist/flow.schema.json', import.meta.url), 'utf8'));
  const ajv = strictAjv();
  const editorAccepts = ajv.compile(schema);

  // Was: a marketer writes `"background": "URL(bg.png)"`. The editor accepted it (the schema's
  // pattern lost the regular expression's `i` flag in build: only lower-case `url(` is
  // refused there), and the widget then refused the whole flow with `theme.background has the
  // wrong format`. Editor and loader now agree.
  it('refuses an upper-case URL( in a theme value in the editor too', () => {
    const flow = tinyFlow([role, done], { theme: { background: 'URL(bg.png)' } });
    expect(loadFlow(flow).ok).toBe(false);
    expect(editorAccepts(flow)).toBe(false);
  });

  // Was: a marketer writes `"locales": ["de", "EN"]`. The widget accepts it (Intl knows the tag)
  // but the editor's schema pattern (`^[a-z]{2,3}(-…)*$`) marked it red, so a flow that works
  // looks broken. Editor and loader now agree (the linter now says to write "en", as text maps do).
  it('agrees with the loader on a locale tag in capitals', () => {
    const flow = tinyFlow([role, done], { locales: ['de', 'EN'] });
    expect(editorAccepts(flow)).toBe(loadFlow(flow).ok);
    const result = validateFlow(flow);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toContainEqual(expect.stringMatching(/^locales\[1\]: "EN" is usually written "en"/));
  });

  it('agrees on the demo flow and on a tiny one', async () => {
    const demo = (await import('../../demo/flows/saas-bant.json')).default;
    for (const flow of [demo, tinyFlow([role, done])]) {
      expect(loadFlow(flow).ok).toBe(true);
      expect(editorAccepts(flow)).toBe(true);
    }
  });
});
