import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { mount } from '../../src/embed/index.ts';
import { demoJsonCopy } from '../ui/fixtures.tsx';
import { chooseStudent, host, offlineThenOnline, SLOW_RETRY, WEBHOOK } from './support/harness.ts';

/*
 * A lead waiting out a backoff when the visitor leaves the page, with widgets that have their
 * own retry timing (the last stop's leftover, and a review of its fix): it goes out once.
 */

beforeEach(() => {
  // Backoffs near their cap (a random wait below it): no retry of the failed try within a test.
  vi.spyOn(Math, 'random').mockReturnValue(0.99);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
});

// Was: a widget mounted by an app with its own `retry` timing but the browser's fetch, beside a
// widget using the page's shared outbox: both outboxes sent a lead waiting out its backoff when
// the visitor left (two POSTs of one lead). Only one outbox per store sends on leaving now
// (docs/delivery.md, step 10); the leads stay with the page's, which any later page resumes.
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

// Was (a review of this stop's own change): two widgets with their own retry timing and one
// webhook each had an outbox over the same store, and both sent a waiting lead on leaving.
// Only one outbox per store sends on leaving now.
it('sends a waiting lead once on leaving when two widgets with their own retry timing share a webhook', async () => {
  const { posts, leaveLater } = offlineThenOnline();
  const first = host();
  const second = host();
  const options = { webhook: `${WEBHOOK}/both`, locale: 'de', minFillMs: 0, retry: SLOW_RETRY };
  const handles = [mount(first.element, { flow: demoJsonCopy(), ...options }), mount(second.element, { flow: demoJsonCopy(), ...options })];
  await Promise.all(handles.map((handle) => handle.ready));
  await chooseStudent(first.element);
  await vi.waitFor(() => expect(posts).toHaveLength(1));
  const [id] = posts;
  await leaveLater();
  expect(posts.filter((sent) => sent === id)).toHaveLength(2); // the failed try and one on leaving
  for (const handle of handles) handle.unmount();
});

// Was (a review of this stop's own change): keeping an own-retry widget's leads apart stranded
// them after a single-page app unmounted it (the page's outbox never read them). They stay with
// the page's leads again; the double send on leaving is prevented by one sender per store.
it('sends the waiting lead of an unmounted widget with its own retry timing when the page is left', async () => {
  const { posts, leaveLater } = offlineThenOnline();
  const own = host();
  const shared = host();
  const ownHandle = mount(own.element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, retry: SLOW_RETRY });
  const sharedHandle = mount(shared.element, { flow: demoJsonCopy(), webhook: `${WEBHOOK}/other`, locale: 'de', minFillMs: 0 });
  await Promise.all([ownHandle.ready, sharedHandle.ready]);
  await chooseStudent(own.element);
  await vi.waitFor(() => expect(posts).toHaveLength(1));
  const [id] = posts;
  // The app's route change right after the submit.
  ownHandle.unmount();
  own.element.remove();
  await leaveLater();
  expect(posts.filter((sent) => sent === id)).toHaveLength(2); // the failed try and one on leaving
  sharedHandle.unmount();
});
