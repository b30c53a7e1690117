/** The widget's UI: components, the per-mount signals model, built-in strings and styles. */
export { Widget } from './widget.tsx';
export { LoadError, Loading } from './load-error.tsx';
export { createFlowModel, type FlowModel, type FlowModelOptions, type Completion, type Snapshot } from './model/flow-model.ts';
export { pickLocale } from './i18n/pick-locale.ts';
export { textDirection } from './i18n/text-direction.ts';
export { Overlay, liftAgain, deepActiveElement, type OverlayMode } from './overlay.tsx';
export { messagesFor, uiMessages, type UiMessages } from './i18n/messages.ts';
