import { within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';
import { memoryStorage, type OutboxStorage, type RetryPolicy } from '../../../src/delivery/index.ts';
import { mount } from '../../../src/embed/mount.tsx';
import type { LeadFlowEvents, LeadFlowHandle, LeadFlowOptions } from '../../../src/embed/index.ts';
import { createPageOutbox, type PageOutbox } from '../../../src/embed/page-outbox.ts';
import { demoJsonCopy, type Queries } from '../../ui/fixtures.tsx';

/** Shared by the embed suites that mount real widgets: the patterns of tests/embed/mount.test.tsx. */

export const WEBHOOK = 'https://hooks.example.test/lead';
export const STUDENT_END_DE = 'Danke, dass Sie vorbeischauen!';

/** Tiny retry timings: every backoff and every honoured `Retry-After` stays below 5 ms. */
export const FAST_RETRY: RetryPolicy = { attempts: 3, baseMs: 1, capMs: 5, maxRetryAfterMs: 5 };

export type EventName = keyof LeadFlowEvents;
export interface Seen {
  name: EventName;
  detail: LeadFlowEvents[EventName];
}

/** An element on the page, with every `leadflow:*` event it fires recorded in order. */
export function host() {
  const element = document.createElement('div');
  document.body.append(element);
  const events: Seen[] = [];
  for (const name of ['ready', 'step', 'submit', 'qualified', 'delivered', 'error', 'close', 'view', 'start', 'step_view', 'step_complete', 'abandon'] as const)
    element.addEventListener(`leadflow:${name}`, (event) => events.push({ name, detail: (event as CustomEvent).detail }));
  const of = <K extends EventName>(name: K) => events.filter((e) => e.name === name).map((e) => e.detail as LeadFlowEvents[K]);
  return { element, events, of };
}

/** Queries into the widget's shadow root: `screen` cannot see inside it. */
export function shadowOf(element: HTMLElement): Queries {
  expect(element.shadowRoot).not.toBeNull();
  return within(element.shadowRoot as unknown as HTMLElement);
}

/** What one test mounted and created: torn down after it, so nothing leaks into the next. */
const handles: LeadFlowHandle[] = [];
const outboxes: PageOutbox[] = [];

export function cleanupMounted(): void {
  for (const handle of handles.splice(0)) handle.unmount();
  for (const outbox of outboxes.splice(0)) outbox.dispose();
}

export interface PageOptions {
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** The browser's storage: pass the same one to a later page load of the same browser. */
  storage?: OutboxStorage;
}

/** A page load's outbox on the one jsdom window; disposed after the test. */
export function pageOutbox({ storage = memoryStorage(), fetch, retry }: PageOptions = {}): PageOutbox {
  const outbox = createPageOutbox(window, { storage, ...(fetch && { fetch }), ...(retry && { retry }) });
  outboxes.push(outbox);
  return outbox;
}

/**
 * Mounts the demo flow (`minFillMs: 0` unless given: a test fills the form faster than any
 * person) with `outbox`, or a fresh in-memory one using the options' fetch and retry timing.
 */
export function mountWidget(element: HTMLElement, options: Partial<LeadFlowOptions> = {}, outbox?: PageOutbox): LeadFlowHandle {
  const page = outbox ?? pageOutbox({ ...(options.fetch && { fetch: options.fetch }), ...(options.retry && { retry: options.retry }) });
  const handle = mount(element, { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', minFillMs: 0, ...options }, page);
  handles.push(handle);
  return handle;
}

/** The shortest path: "I'm a student", submit, and the student ending. */
export async function chooseStudent(element: HTMLElement, user = userEvent.setup()): Promise<Queries> {
  const q = shadowOf(element);
  await user.click(await q.findByRole('radio', { name: 'Ich bin Student:in' }));
  await user.click(q.getByRole('button', { name: 'Absenden' }));
  return q;
}

/**
 * `chooseStudent` for many visitors in a row: the same clicks, found by label and text,
 * because role queries (the accessibility tree of every candidate) dominate a long run.
 */
export async function submitAsStudent(element: HTMLElement, user = userEvent.setup()): Promise<void> {
  const q = shadowOf(element);
  await user.click(await q.findByLabelText('Ich bin Student:in'));
  await user.click(q.getByText('Absenden'));
  await q.findByText(STUDENT_END_DE);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry timings so slow that no retry of a failed try comes within a test. */
export const SLOW_RETRY: RetryPolicy = { attempts: 5, baseMs: 60_000, capMs: 60_000, maxRetryAfterMs: 60_000 };

/**
 * The browser's fetch stubbed (vi.stubGlobal; undo with vi.unstubAllGlobals): every request
 * fails as offline until `online()`, and each POST's lead id is recorded in `posts`.
 * `leaveLater()` waits past the moment in which a failed request counts as possibly still
 * arriving, comes online, and leaves the page (pagehide).
 */
export function offlineThenOnline() {
  const posts: string[] = [];
  let online = false;
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    posts.push((JSON.parse(String(init.body)) as { data: { id: string } }).data.id);
    if (!online) throw new TypeError('Failed to fetch');
    return new Response(null, { status: 200 });
  });
  return {
    posts,
    async leaveLater() {
      await sleep(1_100);
      online = true;
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      await sleep(20);
    },
  };
}
