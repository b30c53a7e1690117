import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The script tag read as the oldest browsers of the README's floor (Chrome/Edge 94, Firefox 98,
 * Safari 15.4) would: the build targets ES2022, which lowers nothing, and some of ES2022 and
 * later is newer than that floor. First versions from @mdn/browser-compat-data.
 */
const bundle = readFileSync(new URL('../../dist/leadflow.js', import.meta.url), 'utf8');
const source = ts.createSourceFile('leadflow.js', bundle, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);

function nodes(kind?: ts.SyntaxKind): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    if (kind === undefined || node.kind === kind) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('dist/leadflow.js against the README browser floor', () => {
  // Syntax a browser cannot parse stops the whole script: no form at all, nor any error event.
  // None of it is in the bundle now; this keeps it so (the ES2022 target would let a class
  // static block through).
  it('holds no syntax the floor cannot parse: class static blocks, RegExp lookbehind, the v flag', () => {
    const regexes = nodes(ts.SyntaxKind.RegularExpressionLiteral).map((node) => node.getText(source));
    expect({
      // Safari 16.4
      staticBlocks: nodes(ts.SyntaxKind.ClassStaticBlockDeclaration).length,
      // Safari 16.4
      lookbehind: regexes.filter((regex) => /\(\?<[=!]/.test(regex)),
      // Chrome 112, Firefox 116, Safari 17
      vFlag: regexes.filter((regex) => /\/[a-z]*v[a-z]*$/.test(regex)),
    }).toEqual({ staticBlocks: 0, lookbehind: [], vFlag: [] });
  });

  // Was: `findLast` (Chrome 97, Firefox 104) is called unguarded by the contact step
  // (src/ui/questions/contact-step.tsx:43) and by variant picking (src/engine/variants.ts:19):
  // a TypeError in Chrome 94–96 and Firefox 98–103 (see tests/e2e/browser-support-edges.test.ts).
  it('calls no array method newer than the floor (findLast, findLastIndex, toSorted, toReversed, toSpliced)', () => {
    const newer = new Set(['findLast', 'findLastIndex', 'toSorted', 'toReversed', 'toSpliced']);
    const calls = nodes(ts.SyntaxKind.CallExpression)
      .map((node) => (node as ts.CallExpression).expression)
      .filter((callee): callee is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(callee) && newer.has(callee.name.text))
      .map((callee) => callee.getText(source).slice(-60));
    expect(calls).toEqual([]);
  });
});
