/** A path into a JSON document, as zod reports it: `["steps", 3, "next", 0, "goto"]`. */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * One problem found in a document, precise enough for a marketer to fix it without asking:
 * what is wrong (`message`), where (`path`), and how to fix it (`hint`).
 */
export interface Issue {
  code: string;
  path: JsonPath;
  message: string;
  hint?: string;
  /** `warning`: worth fixing, but the flow works (`leadflow validate` still exits 0). @default "error" */
  severity?: 'error' | 'warning';
}

/** `["steps", 3, "next", 0, "goto"]` → `steps[3].next[0].goto`; the root is `(root)`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(root)';
}

/** One line per issue: `steps[3].next[0].goto: unknown step "pricng" — did you mean "pricing"?` */
export function formatIssue(issue: Issue): string {
  const hint = issue.hint ? ` — ${issue.hint}` : '';
  return `${formatPath(issue.path)}: ${issue.message}${hint}`;
}
