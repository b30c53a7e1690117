import { it } from 'vitest';
import { loadFlow, lintFlow, formatIssue } from '../../src/engine/index.ts';
const base = (steps: unknown[], extra = {}) => ({ id: 'b2b', version: 1, locales: ['de', 'en'], ...extra, steps: [...steps, { id: 'done', type: 'end', title: 'Danke' }] });
it('probe', () => {
  for (const t of ['phone', 'website', 'short_text']) {
    const r = loadFlow(base([{ id: 'x', type: t, title: 'X', businessOnly: true }]));
    console.log(t, JSON.stringify(r.ok ? 'ok' : r.issues));
  }
  const r = loadFlow(base([{ id: 'x', type: 'email', title: 'X', businessOnly: true }], { variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, steps: { x: { businessOnly: 'yes' } } }] }));
  console.log(JSON.stringify(r.ok ? 'ok' : r.issues));
  const r2 = loadFlow(base([{ id: 'c', type: 'contact', title: 'X', fields: [{ id: 'email', kind: 'email', businessOnly: 'yes' }] }]));
  console.log(JSON.stringify(r2.ok ? 'ok' : r2.issues));
  const r3 = loadFlow(base([{ id: 'c', type: 'contact', title: 'X', fields: [{ id: 'email', kind: 'email', buisnessOnly: true }] }]));
  console.log(JSON.stringify(r3.ok ? 'ok' : r3.issues));
  const r4 = loadFlow(base([{ id: 'x', type: 'email', title: 'X', errors: { personal_email: 'nope' } }]));
  console.log(JSON.stringify(r4.ok ? lintFlow(r4.value) : r4.issues));
  const r5 = loadFlow(base([{ id: 'x', type: 'email', title: 'X', businessOnly: true }], { locales: ['fr'], title: 'T', variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, steps: { x: { businessOnly: false } } }] }));
  console.log(JSON.stringify(r5.ok ? lintFlow(r5.value) : r5.issues));
});
