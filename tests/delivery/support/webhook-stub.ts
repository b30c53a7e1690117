/** A request as the webhook stub received it. */
export interface Sent {
  url: string;
  webhookId: string | null;
  contentType: string | null;
  body: string;
  keepalive: boolean | undefined;
  /** Date.now() when the request was made (the fake clock in these tests). */
  at: number;
}

/**
 * How the stub answers one request: a status, an Error (fetch rejects, as on a network
 * failure), or a function of the request.
 */
export type Answer = number | Error | ((sent: Sent) => Response | Promise<Response>);

export const status =
  (code: number, headers?: Record<string, string>): Answer =>
  () =>
    new Response(null, { status: code, headers });

/** Answers after `ms` on the (fake) clock: the request stays in flight meanwhile. */
export const after =
  (ms: number, answer: Answer): Answer =>
  async (sent) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return respond(answer, sent);
  };

async function respond(answer: Answer, sent: Sent): Promise<Response> {
  if (answer instanceof Error) throw answer;
  if (typeof answer === 'number') return new Response(null, { status: answer });
  return answer(sent);
}

/**
 * An injected `fetch` that answers the n-th request with `answers[n]` (the last one repeats;
 * 204 when none is given) and records every request and how many were in flight at once
 * for one message (`webhook-id` or body) to one URL.
 */
export function webhookStub(...answers: Answer[]) {
  const sent: Sent[] = [];
  const inFlight = new Map<string, number>();
  let maxInFlight = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const request: Sent = {
      url: String(input),
      webhookId: headers.get('webhook-id'),
      contentType: headers.get('content-type'),
      body: String(init.body),
      keepalive: init.keepalive,
      at: Date.now(),
    };
    sent.push(request);
    const answer = answers[sent.length - 1] ?? answers.at(-1) ?? 204;
    const entry = `${request.url} ${request.webhookId ?? request.body}`;
    inFlight.set(entry, (inFlight.get(entry) ?? 0) + 1);
    maxInFlight = Math.max(maxInFlight, inFlight.get(entry)!);
    try {
      return await respond(answer, request);
    } finally {
      inFlight.set(entry, inFlight.get(entry)! - 1);
    }
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    sent,
    /** The most requests for one entry that were in flight at the same time. */
    maxInFlight: () => maxInFlight,
  };
}
