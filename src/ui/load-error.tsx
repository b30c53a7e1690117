import { useEffect, useState } from 'preact/hooks';
import { messagesFor } from './i18n/messages.ts';
import { inLanguage } from './i18n/text-direction.ts';

/**
 * What a visitor sees when a flow cannot be shown: short and polite; details go to the console.
 * An alert, because it appears together with its text, which a status region may not announce.
 */
export function LoadError({ locale }: { locale: string }) {
  return (
    <section class="lf-root" lang={locale}>
      <p role="alert" {...inLanguage(messagesFor(locale).lang)}>
        {messagesFor(locale).loadFailed}
      </p>
    </section>
  );
}

/**
 * What a visitor sees while the flow file is on its way: nothing for a second (most arrive
 * sooner), then a polite status, which a screen reader announces as its text appears.
 */
export function Loading({ locale }: { locale: string }) {
  const [late, setLate] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setLate(true), 1000);
    return () => clearTimeout(timer);
  }, []);
  // No empty card meanwhile; the status region is there from the start, so its text is announced.
  return (
    <section class={late ? 'lf-root' : 'lf-root lf-waiting'} lang={locale}>
      <p role="status" {...inLanguage(messagesFor(locale).lang)}>
        {late && messagesFor(locale).loading}
      </p>
    </section>
  );
}
