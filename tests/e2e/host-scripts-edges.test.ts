import { describe, expect, inject, it } from 'vitest';
import type { LeadEnvelope } from '../../src/delivery/index.ts';
import { consoleErrors, type PageSession } from './support/browser.ts';
import { answerDemoFlow, DEMO_FLOW_URL, HOT_END_TITLE, HOT_LEAD } from './support/demo-flow.ts';
import { landingPage, snippet } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';
import { theOnlyPost } from './support/webhook-receiver.ts';

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

/** Prototype.js 1.6's JSON methods (still on many old shop and CMS pages), as it defines them. */
const PROTOTYPE_16_JSON = `
  (function () {
    function toJSON(object) {
      if (object === null) return 'null';
      switch (typeof object) {
        case 'undefined': case 'function': return undefined;
        case 'string': return '"' + object.replace(/["\\\\]/g, '\\\\$&') + '"';
        case 'number': case 'boolean': return String(object);
      }
      if (typeof object.toJSON === 'function') return object.toJSON();
      var results = [];
      for (var key in object) { var value = toJSON(object[key]); if (value !== undefined) results.push(toJSON(key) + ': ' + value); }
      return '{' + results.join(', ') + '}';
    }
    Object.toJSON = toJSON;
    Array.prototype.toJSON = function () {
      var results = [];
      for (var i = 0; i < this.length; i++) { var value = toJSON(this[i]); if (value !== undefined) results.push(value); }
      return '[' + results.join(', ') + ']';
    };
    String.prototype.toJSON = function () { return toJSON(String(this)); };
    Number.prototype.toJSON = function () { return isFinite(this) ? this.toString() : 'null'; };
  })();`;

/** MooTools 1.4/1.6's Array.from (Joomla 3 and other old CMS themes load it): no map function. */
const MOOTOOLS_ARRAY_FROM = `
  (function () {
    var slice = Array.prototype.slice;
    Array.from = function (item) {
      if (item == null) return [];
      var enumerable = typeof item.length == 'number' && Object.prototype.toString.call(item) != '[object Function]';
      return enumerable && typeof item != 'string' ? (Array.isArray(item) ? item : slice.call(item)) : [item];
    };
  })();`;

/**
 * Host pages whose own scripts change what the widget runs on (old libraries, tag managers,
 * polyfills), at the edges an audit found: each "Was:" test failed before its fix.
 */
describe.skipIf(!chromiumPath)('host pages whose own scripts change the environment', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });
  const { sessions } = suite;
  let n = 0;

  /** A landing page whose `before` script runs ahead of the widget's script tag and `after` one behind it. */
  async function openPage(before: string, after = ''): Promise<PageSession> {
    const widget = snippet({ flow: DEMO_FLOW_URL, webhook: suite.receiver.url });
    const url = suite.site.page(`/host-${++n}.html`, landingPage(`${widget}\n${after && `<script>${after}</script>`}`, `<script>${before}</script>`));
    const session = await sessions.open();
    await session.page.goto(url);
    return session;
  }

  /** A visitor finishes the hot lead; the one POST it makes is returned with its envelope. */
  async function finishHotLead(session: PageSession, force = false): Promise<LeadEnvelope> {
    await answerDemoFlow(session.page, HOT_LEAD, { force });
    await session.page.getByRole('heading', { name: HOT_END_TITLE }).waitFor();
    const post = await theOnlyPost(suite.receiver);
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

  // Was: a page running Prototype.js 1.6 (Array.prototype.toJSON returning a JSON *string*) before
  // the widget: the visitor finishes, but the outbox (outbox.ts save) and the sender
  // (send-webhook.ts JSON.stringify) serialize through the page's toJSON, so the receiver gets
  // `need.value: "[\"lead_routing\", \"forecasting\"]"` (a string), string labels, and
  // `score.trace` as one string: a CRM mapping multi-select answers breaks. It should arrive with
  // real arrays (serialize with Array.prototype.toJSON set aside, as json2-era libraries did).
  it('Prototype.js 1.6 Array#toJSON on the page: multi-select answers and the score trace still arrive as arrays', async () => {
    const session = await openPage(PROTOTYPE_16_JSON);
    expectWellFormed(await finishHotLead(session));
  });

  // Was: a page whose old script adds an enumerable method to Object.prototype
  // (`Object.prototype.each = function…`) before the widget: the bundled zod's `members()`
  // walks its member tables with `for…in`, meets the inherited key, reads
  // `getOwnPropertyDescriptor(...)` = undefined and throws "Cannot read properties of undefined
  // (reading 'get')" while the bundle initializes. No window.LeadFlow, no form, an uncaught
  // error on the host page. The widget now shows and sends the lead as usual (its zod walks
  // own keys). A method named like a flow property (`extend`, as `scoring.extend`) would still
  // be read as that property: that case is not covered.
  it('an enumerable Object.prototype method on the page: the widget still shows and sends the lead', async () => {
    const session = await openPage(`Object.prototype.each = function (visit) { for (var k in this) if (Object.prototype.hasOwnProperty.call(this, k)) visit(k, this[k]); };`);
    expectWellFormed(await finishHotLead(session));
  });

  // Was: a page with a localStorage shim of the common Safari-private-mode shape (getItem,
  // setItem, removeItem, clear; no key() and no length), installed before the widget: the outbox
  // stores the lead in it, but lists stored leads with `Array.from({ length: s.length }, …
  // s.key(i))`, which finds none, so the lead is never sent, not on leaving, not on the next
  // load, and nothing is reported. It should be sent (treat such a storage as unusable and fall
  // back to memory, or keep its own index of keys).
  it('a localStorage shim without key() and length: the lead is still sent', async () => {
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

  // Was: a page loading MooTools (1.4/1.6, e.g. a Joomla 3 theme) before the widget: its
  // Array.from ignores the map function, so the outbox's key listing
  // `Array.from({ length: s.length }, (_, i) => s.key(i))` yields holes, finds no stored lead,
  // and the lead is never sent (nor on leaving or on the next load), silently. It should be sent:
  // a plain for loop instead of Array.from's map argument (rating-question.tsx and
  // did-you-mean.ts use the same call).
  it("MooTools' Array.from on the page: the lead is still sent", async () => {
    const session = await openPage(MOOTOOLS_ARRAY_FROM);
    expectWellFormed(await finishHotLead(session));
  });

  it("an analytics library's fetch wrapper, installed before and after the widget, sees the webhook POST; one lead arrives", async () => {
    const wrap = (name: string) => `
      window.__calls = window.__calls || [];
      (function (original) {
        window.fetch = function (input, init) {
          window.__calls.push('${name} ' + ((init && init.method) || 'GET') + ' ' + String(input instanceof Request ? input.url : input));
          return original.apply(this, arguments);
        };
      })(window.fetch);`;
    const session = await openPage(wrap('before'), wrap('after'));
    expectWellFormed(await finishHotLead(session));
    const calls = await session.page.evaluate(() => (window as unknown as { __calls: string[] }).__calls);
    expect(calls).toContain(`after POST ${suite.receiver.url}`);
    expect(calls).toContain(`before POST ${suite.receiver.url}`);
    expect(consoleErrors(session)).toEqual([]);
  });

  it('an old-browser polyfill stack (Promise on setTimeout, fetch on XHR, wrapped JSON) replacing the natives: one well-formed lead', async () => {
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
        window.fetch = function (input, init) {
          init = init || {};
          return new P(function (resolve, reject) {
            var xhr = new XMLHttpRequest();
            xhr.open(init.method || 'GET', String(input), true);
            var h = init.headers || {};
            if (h instanceof Headers) h.forEach(function (v, k) { xhr.setRequestHeader(k, v); });
            else for (var k in h) xhr.setRequestHeader(k, h[k]);
            xhr.onload = function () {
              var headers = new Headers();
              xhr.getAllResponseHeaders().trim().split(/\\r?\\n/).forEach(function (line) { var i = line.indexOf(':'); if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim()); });
              resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, statusText: xhr.statusText, headers: headers, url: xhr.responseURL,
                text: function () { return P.resolve(xhr.responseText); }, json: function () { return P.resolve(JSON.parse(xhr.responseText)); } });
            };
            xhr.onerror = function () { reject(new TypeError('Network request failed')); };
            xhr.send(init.body == null ? null : init.body);
          });
        };
        var stringify = JSON.stringify, parse = JSON.parse;
        JSON.stringify = function (value, replacer, space) { return stringify.call(JSON, value, replacer, space); };
        JSON.parse = function (text, reviver) { return parse.call(JSON, text, reviver); };
      })();`);
    expectWellFormed(await finishHotLead(session));
    expect(consoleErrors(session)).toEqual([]);
  });

  it('localStorage that throws on access (blocked cookies): the lead still arrives once', async () => {
    const session = await openPage(`Object.defineProperty(window, 'localStorage', { configurable: true, get: function () { throw new DOMException('denied', 'SecurityError'); } });`);
    expectWellFormed(await finishHotLead(session));
  });

  it('Zone.js-like timers, throttled rAF, disabled cookies, patched attachShadow, AMD/CommonJS and preact/h globals, Array.prototype methods: works, page globals intact', async () => {
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
      Array.prototype.remove = function (item) { var i = this.indexOf(item); if (i > -1) this.splice(i, 1); return this; };
      Array.prototype.contains = function (item) { return this.indexOf(item) > -1; };
      window.define = function () {}; window.define.amd = {}; window.module = { exports: {} }; window.exports = window.module.exports;
      window.h = function () { return 'page h'; }; window.Fragment = 'page fragment'; window.preact = { version: 'page' }; window.__zod_globalConfig = { jitless: true };`);
    // Without waiting for still buttons: Playwright's wait uses the page's throttled rAF, and
    // it sometimes never settled (the widget itself went on every time).
    expectWellFormed(await finishHotLead(session, true));
    const page = await session.page.evaluate(() => {
      const w = window as any;
      return [w.__shadows, w.h(), w.Fragment, w.preact.version, typeof w.define, w.module.exports === w.exports, w.__zod_globalConfig.jitless, ([1, 2] as unknown as { contains(n: number): boolean }).contains(2)];
    });
    expect(page).toEqual([1, 'page h', 'page fragment', 'page', 'function', true, true, true]);
    expect(consoleErrors(session)).toEqual([]);
  });
});
