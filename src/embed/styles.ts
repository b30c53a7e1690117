import css from '../ui/styles.css?inline';

/**
 * Puts the widget's stylesheet into its shadow root: a constructable stylesheet where the
 * browser has them (no `<style>` element, nothing a strict `style-src` could block), a
 * `<style>` element otherwise.
 */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}
