import { expect, vi } from 'vitest';
import { WEBHOOK } from './harness.ts';

/** `window.location` with `assign` spied on (jsdom cannot navigate); everything else read from the real one. */
export function stubLocation() {
  const real = window.location;
  const assign = vi.fn<(url: string) => void>();
  const fake: Record<string, unknown> = { assign, replace: vi.fn(), reload: vi.fn(), toString: () => real.href };
  for (const key of ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const)
    Object.defineProperty(fake, key, { get: () => real[key], enumerable: true });
  vi.stubGlobal('location', fake);
  return assign;
}

export interface HeldRequest {
  url: string;
  /** The envelope's `type`: `lead.submitted` or `lead.partial`. */
  type: string;
  /** The lead's id (`data.id`). */
  id: string;
  answer(status?: number): void;
}

/** A network whose every POST waits until the test answers it (or at once, with `auto`). */
export function heldNetwork(auto?: number) {
  const requests: HeldRequest[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve) => {
      const body = JSON.parse(String(init?.body)) as { type: string; data: { id: string } };
      const answer = (status = 204) => resolve(new Response(null, { status }));
      requests.push({ url: String(input), type: body.type, id: body.data.id, answer });
      if (auto) answer(auto);
    });
  /** The request of `type` (to `url`), once it is out. */
  const request = async (type: string, url = WEBHOOK) => {
    const find = () => requests.find((r) => r.type === type && r.url === url);
    await vi.waitFor(() => expect(find()).toBeDefined());
    return find()!;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, request };
}
