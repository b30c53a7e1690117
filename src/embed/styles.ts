import css from '../ui/styles.css?inline';

/**
 * Puts the widget's stylesheet into its shadow root: a constructable stylesheet where the
 * browser has them (no `<style>` element, nothing a strict `style-src` could block), a
 * `<style>` element otherwise.
 */
export function adoptStyles(root: ShadowRoot): void {
  // The element's own window's: a sheet made in another document (an app mounting into an
  // iframe it renders) is refused there.
  const Sheet = (root.ownerDocument.defaultView ?? window).CSSStyleSheet;
  if ('adoptedStyleSheets' in root && typeof Sheet?.prototype.replaceSync === 'function') {
    const sheet = new Sheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.append(style);
}
