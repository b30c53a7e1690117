import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { messagesFor, Overlay } from '../ui/index.ts';
import type { Mode } from './options.ts';

export interface FrameProps {
  mode: Mode;
  open: ReadonlySignal<boolean>;
  label: string;
  labelLang?: string | undefined;
  locale: string;
  onOpen: () => void;
  onClose: () => void;
  children: ComponentChildren;
}

/** The widget as the mode places it: in the page, or in a popup, slider or bubble panel. */
export function Frame({ mode, open, label, labelLang, locale, onOpen, onClose, children }: FrameProps) {
  if (mode === 'inline') return <>{children}</>;
  return (
    <Overlay mode={mode} open={open.value} label={label} labelLang={labelLang} messages={messagesFor(locale)} onOpen={onOpen} onClose={onClose}>
      {children}
    </Overlay>
  );
}
