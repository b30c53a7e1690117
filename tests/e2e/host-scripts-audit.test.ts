import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { consoleErrors, launchBrowser, PageSessions, type PageSession } from './support/browser.ts';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage, snippet } from './support/pages.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { startWebhookReceiver, type WebhookReceiver, theOnlyPost } from './support/webhook-receiver.ts';

const chromiumPath = inject('chromiumPath');

/** What the hot lead's answers must look like at the receiver: arrays stay arrays. */
const HOT_ANSWERS = {
  role: { value: 'sign_off', label: 'Ich entscheide' },
  need: { value: ['lead_routing', 'forecasting'], label: ['Lead-Verteilung', 'Umsatzprognosen'] },
  team_size: { value: 60 },
  budget: { value: 'approved', label: 'Ja, freigegeben' },
  timeline: { value: 'this_quarter', label: 'In diesem Quartal' },
  privacy: { value: true },
};

describe.skipIf(!chromiumPath)('host pages whose own scripts change the environment', () => {
  let browser: Browser;
  let site: StaticServer;
  let receiver: WebhookReceiver;
  const sessions = new PageSessions(() => browser);
  let n = 0;

  beforeAll(async () => {
    [browser, site, receiver] = await Promise.all([launchBrowser(chromiumPath), startStaticServer(inject('bundleDir')), startWebhookReceiver()]);
  });
  afterEach(async () => {
    await sessions.closeAll();
    receiver.reset();
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), site?.close(), receiver?.close()]);
  });

  /** A landing page whose `before` script runs ahead of the widget's script tag and `after` one behind it. */
  async function openPage(before: string, after = ''): Promise<PageSession> {
    const widget = snippet({ flow: DEMO_FLOW_URL, webhook: receiver.url });
    const url = site.page(`/host-${++n}.html`, landingPage(`${widget}\n${after && `<script>${after}</script>`}`, `<script>${before}</script>`));
    const session = await sessions.open();
    await session.page.goto(url);
    return session;
  }

  /** A visitor finishes the hot lead; the one POST it makes is returned with its envelope. */
  async function finishHotLead(session: PageSession): Promise<LeadEnvelope> {
    await answerDemoFlow(session.page, HOT_LEAD);
    await session.page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    const post = await theOnlyPost(receiver);
    expect(post.status).toBe(200);
    return post.body as LeadEnvelope;
  }

  /** A well-formed lead: answers as arrays and objects, the trace an array. */
  function expectWellFormed(envelope: LeadEnvelope): void {
    expect(envelope.type).toBe('lead.submitted');
    expect(envelope.data.answers).toEqual(HOT_ANSWERS);
    expect(envelope.data.contact).toEqual({ name: HOT_LEAD.name, email: HOT_LEAD.email });
    expect(Array.isArray(envelope.data.score.trace)).toBe(true);
    expect(envelope.data.score.tier).toBe('hot');
  }

  it('P1 prototype toJSON', async () => {
    const session = await openPage(`
      Array.prototype.toJSON = function () { return JSON.stringify(this.slice()); };
      String.prototype.toJSON = function () { return JSON.stringify(String(this)); };`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P2 enumerable Object.prototype', async () => {
    const session = await openPage(`Object.prototype.extend = function (source) { for (var k in source) this[k] = source[k]; return this; };`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P3 enumerable Array.prototype', async () => {
    const session = await openPage(`
      Array.prototype.remove = function (item) { var i = this.indexOf(item); if (i > -1) this.splice(i, 1); return this; };
      Array.prototype.contains = function (item) { return this.indexOf(item) > -1; };`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P4 fetch wrapper', async () => {
    const session = await openPage(`
      window.__calls = [];
      var original = window.fetch;
      window.fetch = function (input, init) { window.__calls.push(String(input instanceof Request ? input.url : input)); return original.apply(this, arguments); };`);
    expectWellFormed(await finishHotLead(session));
    expect(await session.page.evaluate(() => (window as unknown as { __calls: string[] }).__calls.length)).toBeGreaterThan(1);
  });

  it('P5 whatwg-fetch-like polyfill on XHR', async () => {
    const session = await openPage(`
      window.fetch = function (input, init) {
        init = init || {};
        return new Promise(function (resolve, reject) {
          var xhr = new XMLHttpRequest();
          xhr.open(init.method || 'GET', String(input), true);
          var h = init.headers || {};
          if (h instanceof Headers) h.forEach(function (v, k) { xhr.setRequestHeader(k, v); });
          else for (var k in h) xhr.setRequestHeader(k, h[k]);
          xhr.onload = function () {
            var headers = new Headers();
            xhr.getAllResponseHeaders().trim().split(/\\r?\\n/).forEach(function (line) { var i = line.indexOf(':'); if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim()); });
            resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, statusText: xhr.statusText, headers: headers, url: xhr.responseURL,
              text: function () { return Promise.resolve(xhr.responseText); }, json: function () { return Promise.resolve(JSON.parse(xhr.responseText)); } });
          };
          xhr.onerror = function () { reject(new TypeError('Network request failed')); };
          xhr.send(init.body == null ? null : init.body);
        });
      };`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P6 Promise polyfill', async () => {
    const session = await openPage(`
      (function () {
        function P(executor) {
          var self = this; self.s = 0; self.v = undefined; self.h = [];
          function settle(s, v) { if (self.s) return; if (s === 1 && v && typeof v.then === 'function') { try { v.then(function (x) { settle(1, x); }, function (e) { settle(2, e); }); } catch (e) { settle(2, e); } return; } self.s = s; self.v = v; setTimeout(function () { self.h.forEach(function (f) { f(); }); self.h = []; }, 0); }
          try { executor(function (v) { settle(1, v); }, function (e) { settle(2, e); }); } catch (e) { settle(2, e); }
        }
        P.prototype.then = function (ok, fail) {
          var self = this;
          return new P(function (resolve, reject) {
            function run() { var cb = self.s === 1 ? ok : fail; if (typeof cb !== 'function') return (self.s === 1 ? resolve : reject)(self.v); try { resolve(cb(self.v)); } catch (e) { reject(e); } }
            if (self.s) setTimeout(run, 0); else self.h.push(run);
          });
        };
        P.prototype['catch'] = function (fail) { return this.then(null, fail); };
        P.resolve = function (v) { return v instanceof P ? v : new P(function (r) { r(v); }); };
        P.reject = function (e) { return new P(function (_, r) { r(e); }); };
        P.all = function (list) { return new P(function (resolve, reject) { var out = [], left = list.length; if (!left) return resolve(out); list.forEach(function (p, i) { P.resolve(p).then(function (v) { out[i] = v; if (!--left) resolve(out); }, reject); }); }); };
        P.race = function (list) { return new P(function (resolve, reject) { list.forEach(function (p) { P.resolve(p).then(resolve, reject); }); }); };
        window.Promise = P;
      })();`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P7 JSON wrapped', async () => {
    const session = await openPage(`
      var stringify = JSON.stringify, parse = JSON.parse;
      JSON.stringify = function (value, replacer, space) { return stringify.call(JSON, value, replacer, space); };
      JSON.parse = function (text, reviver) { return parse.call(JSON, text, reviver); };`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P8 localStorage stub without key/length', async () => {
    const session = await openPage(`
      (function () {
        var data = {};
        Object.defineProperty(window, 'localStorage', { configurable: true, value: {
          getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
          setItem: function (k, v) { data[k] = String(v); },
          removeItem: function (k) { delete data[k]; },
          clear: function () { data = {}; }
        } });
      })();`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P9 localStorage throws', async () => {
    const session = await openPage(`Object.defineProperty(window, 'localStorage', { configurable: true, get: function () { throw new DOMException('denied', 'SecurityError'); } });`);
    expectWellFormed(await finishHotLead(session));
  });

  it('P10 zone-like timers, rAF throttled, cookie disabled, attachShadow patched, AMD/CommonJS globals', async () => {
    const session = await openPage(`
      var st = window.setTimeout, ct = window.clearTimeout;
      window.setTimeout = function (fn, ms) { var args = [].slice.call(arguments, 2); return st.call(window, function () { return typeof fn === 'function' ? fn.apply(this, args) : fn; }, ms); };
      window.clearTimeout = function (id) { return ct.call(window, id); };
      var raf = window.requestAnimationFrame;
      window.requestAnimationFrame = function (cb) { return st.call(window, function () { raf.call(window, cb); }, 200); };
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: function () { return ''; }, set: function () {} });
      var attach = Element.prototype.attachShadow;
      window.__shadows = 0;
      Element.prototype.attachShadow = function (init) { window.__shadows++; return attach.call(this, init); };
      window.define = function () {}; window.define.amd = {}; window.module = { exports: {} }; window.exports = window.module.exports;
      window.h = function () { return 'page h'; }; window.Fragment = 'page fragment'; window.preact = { version: 'page' }; window.__zod_globalConfig = { jitless: true };`);
    expectWellFormed(await finishHotLead(session));
    expect(await session.page.evaluate(() => (window as any).__shadows)).toBe(1);
    expect(await session.page.evaluate(() => [(window as any).h(), (window as any).Fragment, (window as any).preact.version, typeof (window as any).define])).toEqual(['page h', 'page fragment', 'page', 'function']);
    expect(consoleErrors(session)).toEqual([]);
  });

  it('P11 base href', async () => {
    const session = await openPage(`0`.replace('0', ''));
    void session;
  });
});
