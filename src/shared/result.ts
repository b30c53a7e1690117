/**
 * The outcome of an operation whose failure is expected (bad input, a broken flow file).
 * Programmer mistakes still throw; everything a user can cause comes back as data.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; issues: E[] };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const fail = <E>(issues: E[]): { ok: false; issues: E[] } => ({ ok: false, issues });
