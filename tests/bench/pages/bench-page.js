// In-page clocks for the browser benchmark (tests/bench/browser.ts), inlined into every page
// before any widget code. Plain JavaScript on purpose: what runs in the page is exactly this
// text, with no TypeScript transform adding helpers, and both widgets get the same code.
(() => {
  const TIMEOUT_MS = 10_000;

  /** After the next frame's rAF callbacks, style, layout and paint: a task posted from rAF runs after them. */
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  /** Resolves once `holds()` is true: checked now and after every DOM change under `root`. */
  const until = (root, holds, what) =>
    new Promise((resolve, reject) => {
      if (holds()) return resolve();
      const observer = new MutationObserver(() => {
        if (!holds()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}`));
      }, TIMEOUT_MS);
      observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
    });

  /** A button by what the visitor reads on it (SurveyJS uses `<input type="button">`). */
  const button = (root, label) => {
    const all = root.querySelectorAll('button, input[type="button"], input[type="submit"]');
    const found = [...all].find((b) => (b instanceof HTMLInputElement ? b.value : b.textContent).trim() === label);
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };

  let target;
  const rootOf = () =>
    target.container ? document.querySelector(target.container) : document.querySelector(target.shadowHost).shadowRoot;
  const shows = (root, text) => root.textContent.includes(text);

  window.__bench = {
    /**
     * Called by the inline script right before the widget's `<script src>`. `target` is
     * `{ container: selector }` (light DOM) or `{ shadowHost: selector }`; a shadow root cannot be
     * observed from outside until it exists, so attachShadow is wrapped to catch it being made.
     * The clock starts last, so setting up the watch is not counted.
     */
    startFirstStep(where) {
      target = where;
      let t0 = 0;
      this.firstStep = new Promise((resolve, reject) => {
        const watch = (root) =>
          until(root, () => root.querySelector('input[type="radio"]') !== null, "the first step's options")
            .then(painted)
            .then(() => resolve(performance.now() - t0), reject);
        if (where.container) return watch(document.querySelector(where.container));
        const attachShadow = Element.prototype.attachShadow;
        Element.prototype.attachShadow = function (init) {
          const root = attachShadow.call(this, init);
          if (this.matches(where.shadowHost)) {
            Element.prototype.attachShadow = attachShadow;
            watch(root);
          }
          return root;
        };
        setTimeout(() => reject(new Error(`no shadow root on ${where.shadowHost} after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      });
      t0 = performance.now();
    },

    /**
     * Step 1 → step 2 `runs` times, returning milliseconds per run. The clock starts at the start
     * of a frame, in a rAF callback, so it does not include waiting for the display's next
     * frame (0–16.7 ms, the same for any widget); a second rAF callback queued for the same frame
     * checks whether step 2 is in the DOM before that frame's style, layout and paint. If it is,
     * the time ends after that paint; if the widget renders later (another task), it ends after
     * the first paint that follows, vsync wait included, as a visitor would see it.
     */
    async stepTransitions({ runs, step1, step2, next, back }) {
      const root = rootOf();
      const times = [];
      for (let i = 0; i < runs; i++) {
        // Alternate between two options so every click is a real change of answer.
        root.querySelectorAll('input[type="radio"]')[i % 2].click();
        await painted();
        const nextButton = button(root, next);
        const ms = await new Promise((resolve, reject) => {
          let t0 = 0;
          let inThisFrame = false;
          requestAnimationFrame(() => {
            t0 = performance.now();
            nextButton.click();
          });
          requestAnimationFrame(() => {
            inThisFrame = shows(root, step2);
            setTimeout(() => {
              if (inThisFrame) return resolve(performance.now() - t0);
              until(root, () => shows(root, step2), 'step 2')
                .then(painted)
                .then(() => resolve(performance.now() - t0), reject);
            }, 0);
          });
        });
        times.push(ms);
        button(root, back).click();
        await until(root, () => shows(root, step1) && !shows(root, step2), 'step 1 after going back');
        await painted();
      }
      return times;
    },
  };
})();
