/**
 * What performance optimizers and CDNs do to a landing page's scripts and HTML, rewritten as
 * small page scripts and server-side string rewrites, so a test serves the page as a visitor
 * behind the tool gets it: Cloudflare's Rocket Loader and Email Address Obfuscation, WP Rocket's
 * "Delay JavaScript execution", Autoptimize's JS aggregation with its JSMin, and a Partytown-like
 * web worker. Each says what it copies of the real tool and what it leaves out.
 */

/** `<script …>` start tags whose type is JavaScript (none, `text/javascript`, `application/javascript`, `module`). */
const JS_SCRIPT_TAG = /<script\b([^>]*)>/gi;
const isJavaScript = (attributes: string) => {
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  return type === undefined || type === 'text/javascript' || type === 'application/javascript';
};

/** The random prefix Cloudflare gives a zone's Rocket Loader types (`"<hash>-text/javascript"`). */
export const ROCKET_HASH = '8f2c1a9e3d4b5c6a7e8f9a0b';

/**
 * Cloudflare's edge rewrite for Rocket Loader: every JavaScript `<script>` (no type, or a
 * JavaScript one) gets `type="<hash>-text/javascript"` so the browser skips it, unless it carries
 * `data-cfasync="false"`; `application/json` and other data scripts are left as they are. The
 * loader goes in as a deferred script before `</body>`, served from `loaderPath`.
 */
export function rocketLoaded(html: string, loaderPath: string): string {
  const rewritten = html.replace(JS_SCRIPT_TAG, (tag, attributes: string) => {
    if (!isJavaScript(attributes) || /data-cfasync\s*=\s*["']?false/i.test(attributes)) return tag;
    const without = attributes.replace(/\s*\btype\s*=\s*["']?[^"'\s>]+["']?/i, '');
    return `<script type="${ROCKET_HASH}-text/javascript"${without}>`;
  });
  return rewritten.replace('</body>', `<script src="${loaderPath}" data-cf-settings="${ROCKET_HASH}-|49" defer></script></body>`);
}

/**
 * Rocket Loader in the browser (rocket-loader.min.js, deferred): it reports `document.readyState`
 * as `loading` while it runs the page's scripts one after another, in document order, each
 * re-created as a new `<script>` in place of the old one (attributes copied, the type dropped;
 * an external one waited for), and holds back the browser's own `DOMContentLoaded` and `load`
 * meanwhile. Then it says `interactive` with `readystatechange` and its own `DOMContentLoaded`,
 * and once the page has loaded `complete` with `readystatechange` and `load`, and gives
 * `readyState` back to the browser.
 *
 * `dropsDomContentLoaded`: the loader as sites running it together with Cloudflare's HTML Auto
 * Minify report it (Ruffle #6767, OneSignal SDK #87, misskey-hub #298): a `DOMContentLoaded`
 * listener that a script it ran adds is never called; `readystatechange` and `load` still come.
 */
export function rocketLoaderScript({ dropsDomContentLoaded = false } = {}): string {
  return `(function () {
  var scripts = [].slice.call(document.querySelectorAll('script[type="${ROCKET_HASH}-text/javascript"]'));
  var state = 'loading', running = true;
  var loaded = new Promise(function (resolve) {
    if (Object.getOwnPropertyDescriptor(Document.prototype, 'readyState').get.call(document) === 'complete') resolve();
    else window.addEventListener('load', function () { resolve(); }, true);
  });
  Object.defineProperty(document, 'readyState', { configurable: true, get: function () { return state; } });
  function hold(event) { if (running && event.isTrusted) event.stopImmediatePropagation(); }
  window.addEventListener('DOMContentLoaded', hold, true);
  window.addEventListener('load', hold, true);
  function run(i) {
    if (i === scripts.length) return finish();
    var old = scripts[i], script = document.createElement('script');
    for (var n = 0; n < old.attributes.length; n++) if (old.attributes[n].name !== 'type') script.setAttribute(old.attributes[n].name, old.attributes[n].value);
    script.async = false;
    if (old.src) { script.onload = script.onerror = function () { run(i + 1); }; old.parentNode.replaceChild(script, old); }
    else { script.text = old.text; old.parentNode.replaceChild(script, old); setTimeout(function () { run(i + 1); }, 0); }
  }
  function finish() {
    state = 'interactive';
    document.dispatchEvent(new Event('readystatechange'));
    ${dropsDomContentLoaded ? '' : "document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }));"}
    loaded.then(function () {
      state = 'complete';
      document.dispatchEvent(new Event('readystatechange'));
      window.dispatchEvent(new Event('load'));
      running = false;
      delete document.readyState;
    });
  }
  run(0);
})();`;
}

/**
 * WP Rocket's "Delay JavaScript execution" on the server: every JavaScript `<script>` becomes
 * `type="rocketlazyloadscript"`, an external one with its address in `data-rocket-src`; data
 * scripts (`application/json`) and those matching `exclude` (its "Excluded JavaScript Files" list)
 * stay as they are. Its loader (`WP_ROCKET_DELAY`) goes first in `<head>`.
 */
export function rocketDelayed(html: string, exclude: string[] = []): string {
  const rewritten = html.replace(JS_SCRIPT_TAG, (tag, attributes: string) => {
    if (!isJavaScript(attributes) || exclude.some((pattern) => tag.includes(pattern))) return tag;
    const without = attributes.replace(/\s*\btype\s*=\s*["']?[^"'\s>]+["']?/i, '').replace(/\bsrc=/i, 'data-rocket-src=');
    return `<script type="rocketlazyloadscript"${without}>`;
  });
  return rewritten.replace('<head>', `<head>\n<script>${WP_ROCKET_DELAY}</script>`);
}

/**
 * WP Rocket's RocketLazyLoadScripts, cut to what a page notices: nothing delayed runs until the
 * visitor's first keydown, mousedown, mousemove, touch or wheel. Then `DOMContentLoaded`,
 * `load`, `readystatechange` and `pageshow` listeners the page adds on `document` or `window`
 * are renamed `rocket-…` for good, `document.readyState` says `loading`, and each delayed script
 * runs in turn in its own element (type restored, `src` set from `data-rocket-src`; an inline one
 * as a `data:` URL), each after a short breath. Then `interactive` with `rocket-readystatechange`
 * and `rocket-DOMContentLoaded`, `complete` with `rocket-load` and `rocket-pageshow`, and
 * `readyState` goes back to the browser. A click while the scripts load is held and dispatched
 * again once they ran (the visitor's first click on a button is not lost).
 */
export const WP_ROCKET_DELAY = `(function () {
  var triggers = ['keydown', 'mousedown', 'mousemove', 'touchmove', 'touchstart', 'touchend', 'wheel'];
  var started = false, done = false, clicks = [], state;
  function breath() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  function onClick(event) { if (!done && event.isTrusted) { clicks.push(event.target); event.preventDefault(); event.stopImmediatePropagation(); } }
  function wake() {
    if (started) return;
    started = true;
    triggers.forEach(function (name) { window.removeEventListener(name, wake, { passive: true }); });
    window.addEventListener('click', onClick, true);
    if (document.readyState === 'loading') document.addEventListener('readystatechange', go, { once: true }); else go();
  }
  triggers.forEach(function (name) { window.addEventListener(name, wake, { passive: true }); });
  function rename(target, names) {
    var add = target.addEventListener, remove = target.removeEventListener;
    var renamed = function (name) { return names.indexOf(name) >= 0 ? 'rocket-' + name : name; };
    target.addEventListener = function (name, listener, options) { return add.call(this, renamed(name), listener, options); };
    target.removeEventListener = function (name, listener, options) { return remove.call(this, renamed(name), listener, options); };
  }
  function run(script) {
    return breath().then(function () {
      return new Promise(function (resolve) {
        var src = script.getAttribute('data-rocket-src');
        script.removeAttribute('type');
        script.addEventListener('load', resolve);
        script.addEventListener('error', resolve);
        if (src) { script.removeAttribute('data-rocket-src'); script.src = src; }
        else script.src = 'data:text/javascript;base64,' + btoa(unescape(encodeURIComponent(script.text)));
      });
    });
  }
  function go() {
    rename(document, ['DOMContentLoaded', 'readystatechange']);
    rename(window, ['DOMContentLoaded', 'load', 'pageshow']);
    state = 'loading';
    Object.defineProperty(document, 'readyState', { configurable: true, get: function () { return state; } });
    var scripts = [].slice.call(document.querySelectorAll('script[type="rocketlazyloadscript"]'));
    scripts.reduce(function (previous, script) { return previous.then(function () { return run(script); }); }, Promise.resolve())
      .then(breath).then(function () {
        state = 'interactive';
        document.dispatchEvent(new Event('rocket-readystatechange'));
        document.dispatchEvent(new Event('rocket-DOMContentLoaded'));
        window.dispatchEvent(new Event('rocket-DOMContentLoaded'));
        return breath();
      }).then(function () {
        state = 'complete';
        document.dispatchEvent(new Event('rocket-readystatechange'));
        window.dispatchEvent(new Event('rocket-load'));
        window.dispatchEvent(new Event('rocket-pageshow'));
        delete document.readyState;
        done = true;
        window.removeEventListener('click', onClick, true);
        clicks.splice(0).forEach(function (target) { target.dispatchEvent(new MouseEvent('click', { view: window, bubbles: true, cancelable: true })); });
      });
  }
})();`;

/**
 * Douglas Crockford's JSMin as Autoptimize ships it (classes/external/php/jsmin.php, from
 * mrclay/jsmin-php 2.3.2 with backtick strings added), ported line by line: Autoptimize runs it
 * over its aggregated JS and over every self-hosted file whose name lacks `min.js`. It reads a
 * template literal as a string from one backtick to the next, whatever `${…}` holds.
 * (Checked against the PHP original on dist/leadflow.js: the same bytes.)
 */
export function jsmin(source: string): string {
  let input = source.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
  const length = input.length;
  let a: string | null = '\n';
  let b: string | null = '';
  let index = 0;
  let lookAhead: string | null = null;
  let output = '';
  let lastByteOut: string | null = '';
  let keptComment = '';
  const KEEP_A = 1;
  const DELETE_A = 2;
  const DELETE_A_B = 3;
  const code = (c: string | null) => (c === null || c === '' ? 0 : c.charCodeAt(0));
  const isEOF = (c: string | null) => code(c) <= 10;
  const isAlphaNum = (c: string | null) => c !== null && (/^[a-zA-Z0-9_$\\]$/.test(c) || code(c) > 126);
  const get = (): string | null => {
    let c = lookAhead;
    lookAhead = null;
    if (c === null) c = index < length ? input[index++]! : null;
    if (c === null || c === '\n' || code(c) >= 32) return c;
    return c === '\r' ? '\n' : ' ';
  };
  const peek = () => (lookAhead = get());
  const consumeSingleLineComment = () => {
    let comment = '';
    for (;;) {
      const c = get();
      comment += c ?? '';
      if (code(c) <= 10) {
        if (/^\/@(?:cc_on|if|elif|else|end)\b/.test(comment)) keptComment += `/${comment}`;
        return;
      }
    }
  };
  const consumeMultipleLineComment = () => {
    get();
    let comment = '';
    for (;;) {
      const c = get();
      if (c === '*') {
        if (peek() === '/') {
          get();
          if (comment.startsWith('!')) {
            if (!keptComment) keptComment = '\n';
            keptComment += `/*!${comment.slice(1)}*/\n`;
          } else if (/^@(?:cc_on|if|elif|else|end)\b/.test(comment)) keptComment += `/*${comment}*/`;
          return;
        }
      } else if (c === null) throw new Error(`JSMin: Unterminated comment at byte ${index}`);
      comment += c;
    }
  };
  const next = (): string | null => {
    let c = get();
    if (c === '/') {
      const following = peek();
      if (following === '/') {
        consumeSingleLineComment();
        c = '\n';
      } else if (following === '*') {
        consumeMultipleLineComment();
        c = ' ';
      }
    }
    return c;
  };
  const isRegexpLiteral = () => {
    if (a === '' || (a !== null && '(,=:[!&|?+-~*{;'.includes(a))) return true;
    if ((a === ' ' || a === '\n') && output.length < 2) return true;
    const subject = output + (a ?? '').trim();
    const keyword = /(?:case|else|in|return|typeof)$/.exec(subject)?.[0];
    if (!keyword) return false;
    const before = subject.length - keyword.length - 1;
    if (isAlphaNum(subject[Math.max(0, before)] ?? null)) return false;
    if (a === ' ' || a === '\n') a = '';
    return true;
  };
  const action = (command: number) => {
    if (command === DELETE_A_B && b === ' ' && (a === '+' || a === '-') && input[index] === a) command = KEEP_A;
    if (command === KEEP_A) {
      output += a ?? '';
      if (keptComment) {
        output = output.replace(/\n+$/, '') + keptComment;
        keptComment = '';
      }
      lastByteOut = a;
    }
    if (command <= DELETE_A) {
      a = b;
      if (a === "'" || a === '"' || a === '`') {
        const delimiter = a;
        for (;;) {
          output += a ?? '';
          lastByteOut = a;
          a = get();
          if (a === b) break;
          if (!(delimiter === '`' && a === '\n') && isEOF(a)) throw new Error(`JSMin: Unterminated String at byte ${index - 1}`);
          if (a === '\\') {
            output += a;
            lastByteOut = a;
            a = get();
          }
        }
      }
    }
    b = next();
    if (b === '/' && isRegexpLiteral()) {
      output += (a ?? '') + b;
      for (;;) {
        a = get();
        if (a === '[') {
          for (;;) {
            output += a ?? '';
            a = get();
            if (a === ']') break;
            if (a === '\\') {
              output += a;
              a = get();
            }
            if (isEOF(a)) throw new Error(`JSMin: Unterminated set in RegExp at byte ${index}`);
          }
        }
        if (a === '/') break;
        else if (a === '\\') {
          output += a;
          a = get();
        } else if (isEOF(a)) throw new Error(`JSMin: Unterminated RegExp at byte ${index - 1}`);
        output += a ?? '';
        lastByteOut = a;
      }
      b = next();
    }
  };

  action(DELETE_A_B);
  while (a !== null) {
    let command = KEEP_A;
    if (a === ' ') {
      if ((lastByteOut === '+' || lastByteOut === '-') && b === lastByteOut) {
        // Kept: "a + ++b" must not become "a+++b".
      } else if (!isAlphaNum(b)) command = DELETE_A;
    } else if (a === '\n') {
      if (b === ' ') command = DELETE_A_B;
      else if (b === null || (!'{[(+-!~'.includes(b) && !isAlphaNum(b))) command = DELETE_A;
    } else if (!isAlphaNum(a)) {
      if (b === ' ' || (b === '\n' && !'}])+-"\''.includes(a))) command = DELETE_A_B;
    }
    action(command);
  }
  input = '';
  return output.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');
}

/** Autoptimize's `rtrim($js, ";\n\t\r") . ';'` before it joins a file with the others. */
const endWithSemicolon = (js: string) => `${js.replace(/[;\n\t\r]+$/, '')};`;

/**
 * Autoptimize's "Optimize JavaScript Code" with "Aggregate JS-files" (autoptimizeScripts.php
 * `minify()`): the page's local scripts joined in order, each ended with `;`, and JSMin run over
 * the whole; a file whose path holds `min.js` is left out of JSMin and put back afterwards as it
 * is (`inject_minified`: its `//` comment lines and blank lines dropped). Served as one deferred
 * `<script>` before `</body>`.
 */
export function autoptimizeAggregate(files: Array<{ path: string; source: string }>): string {
  const late: string[] = [];
  let joined = '';
  for (const { path, source } of files) {
    if (path.includes('min.js')) {
      late.push(source);
      joined += `\n/*!%%INJECTLATER%%${late.length - 1}%%INJECTLATER%%*/`;
    } else joined += `\n${endWithSemicolon(source)}`;
  }
  return jsmin(joined).replace(/\/\*!%%INJECTLATER%%(\d+)%%INJECTLATER%%\*\//g, (_, n: string) => {
    const content = late[Number(n)]!.replace(/^\s*\/\/.*$/gm, '').replace(/(^[\r\n]*|[\r\n]+)[\s\t]*[\r\n]+/g, '\n');
    return `\n${content.replace(/[;\n\t\r]+$/, '')};\n`;
  });
}

/** Cloudflare's encoding of an address: a random key byte, then each byte XORed with it, in hex. */
const cfEncode = (email: string, key = 0x5a) =>
  [key, ...Buffer.from(email, 'utf8')].map((byte, i) => (i ? byte ^ key : byte).toString(16).padStart(2, '0')).join('');

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * Cloudflare's Email Address Obfuscation as its documentation describes it: an address in a
 * page's text becomes `<a href="/cdn-cgi/l/email-protection" class="__cf_email__"
 * data-cfemail="…">[email&#160;protected]</a>`, a `mailto:` link's `href` becomes
 * `/cdn-cgi/l/email-protection#…`, and its decoder is added before `</body>`. Not touched, as
 * documented: `<head>`, the contents of `<script>`, `<noscript>`, `<textarea>`, and every other
 * attribute. `insideScripts` breaks that rule, as Cloudflare warns it may inside `<template>`:
 * addresses in a script's text are rewritten too.
 */
export function cloudflareEmailObfuscated(html: string, { insideScripts = false } = {}): string {
  const [head, body] = html.split(/(?=<body)/i) as [string, string];
  const protectedText = (text: string) =>
    text.replace(EMAIL, (email) => `<a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="${cfEncode(email)}">[email&#160;protected]</a>`);
  const rewritten = body.replace(/(<(script|noscript|textarea)\b[^>]*>)([\s\S]*?)(<\/\2>)|(<[^>]+>)|([^<]+)/gi, (match, open, _name, inner, close, tag, text) => {
    if (open) return insideScripts ? open + protectedText(inner as string) + close : match;
    if (tag) return (tag as string).replace(/(<a\b[^>]*\bhref=")mailto:([^"?]+)/i, (_m, start: string, email: string) => `${start}/cdn-cgi/l/email-protection#${cfEncode(email)}`);
    return protectedText(text as string);
  });
  return head + rewritten.replace('</body>', `<script data-cfasync="false" src="/cdn-cgi/scripts/5c5dd728/cloudflare-static/email-decode.min.js"></script></body>`);
}

/**
 * Cloudflare's email-decode.min.js, as it behaves: each `.__cf_email__` becomes a text node with
 * the address, and each `/cdn-cgi/l/email-protection#…` link a `mailto:` link again.
 */
export const EMAIL_DECODER = `(function () {
  function decode(hex) {
    var key = parseInt(hex.slice(0, 2), 16), bytes = [];
    for (var i = 2; i < hex.length; i += 2) bytes.push('%' + ('0' + (parseInt(hex.slice(i, i + 2), 16) ^ key).toString(16)).slice(-2));
    return decodeURIComponent(bytes.join(''));
  }
  document.querySelectorAll('.__cf_email__').forEach(function (a) { a.parentNode.replaceChild(document.createTextNode(decode(a.getAttribute('data-cfemail'))), a); });
  document.querySelectorAll('a[href*="/cdn-cgi/l/email-protection#"]').forEach(function (a) { a.href = 'mailto:' + decode(a.getAttribute('href').split('#')[1]); });
})();`;
