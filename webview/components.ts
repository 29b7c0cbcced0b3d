// The one module that touches @vscode-elements/elements: per-component imports, and small factories
// the rest of the UI calls, so the library can be swapped without touching the views.
// Both elements render with Lit into shadow roots styled by adoptedStyleSheets, which the
// nonce-only CSP allows (checked by test/webview: no securitypolicyviolation).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { custom, type Child } from './dom';

export interface ButtonOptions {
  secondary?: boolean;
  /** Accessible name when the visible label is not enough. */
  label?: string;
  /** Stable hook for tests and styling. */
  action?: string;
}

/** A VS Code-styled button; Enter and Space activate it like a native button. */
export function button(text: string, onPress: () => void, options: ButtonOptions = {}): HTMLElement {
  const element = custom(
    'vscode-button',
    { secondary: options.secondary === true, 'aria-label': options.label, 'data-action': options.action },
    text,
  );
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    onPress();
  });
  return element;
}

export function badge(text: Child, kind?: string): HTMLElement {
  return custom('vscode-badge', { class: kind ? `pp-badge pp-badge-${kind}` : 'pp-badge' }, text);
}
