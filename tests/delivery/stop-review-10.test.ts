/**
 * Stop review 10: the keepalive budget of src/delivery/send-webhook.ts `postBody`.
 * Every request of a test settles before the next test (the count is module-level).
 */
import { describe, expect, it } from 'vitest';
import { postBody } from '../../src/delivery/send-webhook.ts';

const URL_ = 'https://hooks.example.com/leads';

/** A fetch stub that records keepalive and holds every answer until told. */
function heldFetch() {
  const seen: Array<boolean | undefined> = [];
  const answers: Array<(ok: boolean) => void> = [];
  const fetch: typeof globalThis.fetch = ((_url: string, init: RequestInit) => {
    seen.push(init.keepalive);
    return new Promise<Response>((resolve, reject) =>
      answers.push((ok) => (ok ? resolve(new Response(null, { status: 204 })) : reject(new TypeError('Failed to fetch')))),
    );
  }) as typeof globalThis.fetch;
  return { fetch, seen, answers };
}

describe('the keepalive budget of postBody', () => {
  it('gives the budget back after a fetch that throws synchronously', async () => {
    let calls = 0;
    const seen: Array<boolean | undefined> = [];
    const throwing = ((_url: string, init: RequestInit) => {
      seen.push(init.keepalive);
      if (calls++ === 0) throw new TypeError('sync');
      return Promise.resolve(new Response(null, { status: 204 }));
    }) as typeof fetch;
    await expect(postBody('x'.repeat(50_000), {}, { url: URL_, fetch: throwing })).rejects.toThrow();
    await postBody('x'.repeat(50_000), {}, { url: URL_, fetch: throwing });
    expect(seen).toEqual([true, true]);
  });

  it('gives the budget back after a rejected fetch and after a timeout (abort)', async () => {
    const held = heldFetch();
    const first = postBody('x'.repeat(50_000), {}, { url: URL_, fetch: held.fetch });
    held.answers[0]!(false);
    await expect(first).rejects.toThrow();
    // A fetch that never answers by itself: the abort signal ends it.
    const hanging = ((_url: string, init: RequestInit) => {
      held.seen.push(init.keepalive);
      return new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }) as typeof fetch;
    await expect(postBody('x'.repeat(50_000), {}, { url: URL_, fetch: hanging, timeoutMs: 20 })).rejects.toThrow();
    const last = postBody('x'.repeat(50_000), {}, { url: URL_, fetch: held.fetch });
    held.answers[1]!(true);
    await last;
    expect(held.seen).toEqual([true, true, true]);
  });

  it('counts bytes, not characters (ä is two bytes in UTF-8)', async () => {
    const held = heldFetch();
    const body = '\u00e4'.repeat(20_000); // 40,000 bytes, 20,000 characters
    const first = postBody(body, {}, { url: URL_, fetch: held.fetch });
    const second = postBody(body, {}, { url: URL_, fetch: held.fetch });
    expect(held.seen).toEqual([true, false]);
    held.answers.forEach((answer) => answer(true));
    await Promise.all([first, second]);
  });

  it('a request sent with keepalive: false (analytics while the page is open) takes none of the budget', async () => {
    const held = heldFetch();
    const analytics = postBody('x'.repeat(30_000), {}, { url: URL_, fetch: held.fetch, keepalive: false });
    const lead = postBody('x'.repeat(59_000), {}, { url: URL_, fetch: held.fetch });
    expect(held.seen).toEqual([false, true]);
    held.answers.forEach((answer) => answer(true));
    await Promise.all([analytics, lead]);
  });
});
