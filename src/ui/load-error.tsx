import { messagesFor } from './i18n/messages.ts';

/**
 * What a visitor sees when a flow cannot be shown: short and polite; details go to the console.
 * An alert, because it appears together with its text, which a status region may not announce.
 */
export function LoadError({ locale }: { locale: string }) {
  return (
    <section class="lf-root" lang={locale}>
      <p role="alert" lang={messagesFor(locale).lang}>
        {messagesFor(locale).loadFailed}
      </p>
    </section>
  );
}
