import { messagesFor } from './i18n/messages.ts';

/** What a visitor sees when a flow cannot be shown: short and polite; details go to the console. */
export function LoadError({ locale }: { locale: string }) {
  return (
    <section class="lf-root" lang={locale}>
      <p class="lf-notice" role="status">
        {messagesFor(locale).loadFailed}
      </p>
    </section>
  );
}
