import type { Issue } from '../../shared/issue.ts';
import { quote } from '../../shared/quote.ts';
import { duplicateKeys } from '../load/json-error-offset.ts';
import { lineAndColumn, withoutBom } from '../load/parse-json.ts';

/**
 * What only the flow's text shows: a key written twice in one object. JSON.parse keeps the last
 * one without a word, so a second "next" pasted into a step drops the first. The widget runs
 * the flow as parsed; `leadflow validate` names the place.
 */
export function checkText(text: string): Issue[] {
  const plain = withoutBom(text);
  return duplicateKeys(plain).map(({ path, at }) => ({
    code: 'duplicate_key',
    path,
    message: `${quote(path[path.length - 1])} is written twice in this object (again at ${lineAndColumn(plain, at)}), and only the last one counts`,
    hint: 'remove one of them, or merge the two into one',
  }));
}
