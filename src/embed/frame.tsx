import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { Overlay, type UiMessages } from '../ui/index.ts';
import type { Mode } from './options.ts';

export interface FrameProps {
  mode: Mode;
  open: ReadonlySignal<boolean>;
  label: string;
  labelLang?: string | undefined;
  /** The close button's and the bubble's words (the flow's own once it is there). */
  messages: UiMessages;
  onOpen: () => void;
  onClose: () => void;
  children: ComponentChildren;
}

/** The widget as the mode places it: in the page, or in a popup, slider or bubble panel. */
export function Frame({ mode, open, label, labelLang, messages, onOpen, onClose, children }: FrameProps) {
  if (mode === 'inline') return <>{children}</>;
  return (
    <Overlay mode={mode} open={open.value} label={label} labelLang={labelLang} messages={messages} onOpen={onOpen} onClose={onClose}>
      {children}
    </Overlay>
  );
}
