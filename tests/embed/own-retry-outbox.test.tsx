import { afterEach, expect, it, vi } from 'vitest';
import { mount } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { chooseStudent, host, sleep, WEBHOOK } from './support/harness.ts';

/*
 * A widget mounted by an app with its own `retry` timing but the browser's fetch, beside a
 * widget using the page's shared outbox. Was: the first one's outbox kept its leads with the
 * page's (`leadflow:outbox:`), so when the visitor left, both outboxes sent a lead waiting out
 * its backoff: two POSTs of one lead. Only one outbox per store sends on leaving now
 * (docs/delivery.md, step 10); the leads stay with the page's, which any later page resumes.
 */

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

it('a lead of a widget with its own retry timing, waiting out a backoff, is sent once when the page is left', async () => {
  const posts: string[] = [];
  let online = false;
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    posts.push((JSON.parse(String(init.body)) as { data: { id: string } }).data.id);
    if (!online) throw new TypeError('Failed to fetch');
    return new Response(null, { status: 200 });
  });
  const own = host();
  const shared = host();
  const handles = [
    mount(own.element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, retry: { attempts: 5, baseMs: 60_000, capMs: 60_000, maxRetryAfterMs: 60_000 } }),
    mount(shared.element, { flow: demoJsonCopy(), webhook: `${WEBHOOK}/other`, locale: 'de', minFillMs: 0 }),
  ];
  await Promise.all(handles.map((handle) => handle.ready));
  await chooseStudent(own.element);
  await vi.waitFor(() => expect(posts).toHaveLength(1));
  const [id] = posts;
  await sleep(1_100); // past the window in which a failed request counts as possibly still arriving
  online = true;
  window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
  await sleep(20);
  expect(posts.filter((sent) => sent === id)).toHaveLength(2); // the failed try and one on leaving
  for (const handle of handles) handle.unmount();
});
