/** Keyboard helpers shared by the views: single-key shortcuts are ignored while the user types. */

export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return Boolean(target?.closest?.('input, textarea, select, [contenteditable]'));
}

/** A plain key press (no Ctrl, Alt or Meta), outside text fields, with no modal dialog open. */
export function isShortcut(event: KeyboardEvent): boolean {
  if (isTyping(event) || event.metaKey || event.ctrlKey || event.altKey) return false;
  return typeof document === 'undefined' || !document.querySelector('dialog[open]');
}

/** The samples step a shortcut asks for: `,` one back, `.` one on, else 0. */
export function sampleStep(event: Pick<KeyboardEvent, 'key'>): -1 | 0 | 1 {
  return event.key === ',' ? -1 : event.key === '.' ? 1 : 0;
}

/** Every shortcut, for the `?` overlay; views list theirs under their own heading. */
export const SHORTCUTS: { scope: string; keys: [string, string][] }[] = [
  {
    scope: 'Anywhere',
    keys: [
      ['r', 'Runs'],
      ['n', 'New run'],
      ['t', 'Toggle light / dark theme'],
      ['?', 'This help'],
      ['Esc', 'Close help or dialogs'],
    ],
  },
  {
    scope: 'Runs',
    keys: [
      ['/', 'Filter runs'],
      ['j / k', 'Next / previous run'],
      ['Enter', 'Open the highlighted run'],
      ['x', 'Select the highlighted run'],
      ['c', 'Compare the selected runs'],
      ['[ / ]', 'Previous / next page'],
    ],
  },
  {
    scope: 'Run detail and compare',
    keys: [
      ['l', 'Log scale on / off'],
      ['w', 'x-axis: step / time since start / clock (run page); step / time (compare)'],
      ['drag', 'Zoom a chart to the dragged range; Shift+drag pans, double-click resets'],
      [', / .', 'Samples: previous / next step'],
      ['p', 'Play / pause the samples'],
      ['s', 'Stop or resume the run'],
    ],
  },
];
