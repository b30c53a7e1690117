import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { mount } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { chooseStudent, host, offlineThenOnline, SLOW_RETRY, WEBHOOK } from './support/harness.ts';

/*
 * A widget mounted by an app with its own `retry` timing but the browser's fetch, beside a
 * widget using the page's shared outbox. Was: the first one's outbox kept its leads with the
 * page's (`leadflow:outbox:`), so when the visitor left, both outboxes sent a lead waiting out
 * its backoff: two POSTs of one lead. Only one outbox per store sends on leaving now
 * (docs/delivery.md, step 10); the leads stay with the page's, which any later page resumes.
 */

beforeEach(() => {
  // Backoffs near their cap (a random wait below it): no retry of the failed try within the test.
  vi.spyOn(Math, 'random').mockReturnValue(0.99);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
});

it('a lead of a widget with its own retry timing, waiting out a backoff, is sent once when the page is left', async () => {
  const { posts, leaveLater } = offlineThenOnline();
  const own = host();
  const shared = host();
  const handles = [
    mount(own.element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, retry: SLOW_RETRY }),
    mount(shared.element, { flow: demoJsonCopy(), webhook: `${WEBHOOK}/other`, locale: 'de', minFillMs: 0 }),
  ];
  await Promise.all(handles.map((handle) => handle.ready));
  await chooseStudent(own.element);
  await vi.waitFor(() => expect(posts).toHaveLength(1));
  const [id] = posts;
  await leaveLater();
  expect(posts.filter((sent) => sent === id)).toHaveLength(2); // the failed try and one on leaving
  for (const handle of handles) handle.unmount();
});
