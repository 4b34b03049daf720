/** What a key press asks the workspace to do. */
export type ShortcutAction =
  | { kind: 'palette' }
  | { kind: 'help' }
  | { kind: 'filterTopics' }
  | { kind: 'toggleLogPause' }
  | { kind: 'connection'; index: number }

/** The parts of a KeyboardEvent the decision needs (so tests need no DOM events). */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** The key is held down and repeating: a held "?" must not reopen a dialog 30 times a second. */
  repeat?: boolean
}

/** Where the focus is when the key is pressed. */
export interface KeyContext {
  /** In a text field, a select or an editable element: keys are text, not shortcuts. */
  typing: boolean
  /** In the message log (focusable, marked `data-shortcut-scope="log"`). */
  inLog: boolean
}

/** The list the "?" dialog shows; the same words as the handling below. */
export const SHORTCUTS = [
  { keys: '?', what: 'Show this list of shortcuts' },
  { keys: '/', what: 'Focus the "Filter topics" box of the topic tree' },
  { keys: 'Ctrl+K', what: 'Open the command palette (also while typing)' },
  { keys: 'Ctrl+Enter', what: 'Publish (in the publish form)' },
  { keys: 'Space', what: 'Pause or resume the message log (when the log has focus)' },
  { keys: 'Ctrl+1 … Ctrl+9', what: 'Switch to connection tab 1 … 9' },
  { keys: 'Esc', what: 'Close a dialog or the command palette' },
  { keys: '← → on a tab', what: 'Move between connection tabs' },
  { keys: '← → on a panel divider', what: 'Resize panels (Enter collapses or restores)' },
] as const satisfies readonly { keys: string; what: string }[]

/**
 * Maps a key press to a workspace action, or nothing. Only Ctrl+K (⌘K on a Mac) works while
 * typing; Ctrl+Enter is the publish form's own. Alt combinations belong to the browser and to
 * keyboard layouts that type characters with AltGr, so they are never taken.
 */
export function shortcutFor(e: KeyPress, where: KeyContext): ShortcutAction | undefined {
  if (e.altKey) return undefined
  const mod = e.ctrlKey || e.metaKey
  if (mod && e.key.toLowerCase() === 'k') return { kind: 'palette' }
  if (where.typing || e.repeat) return undefined
  if (mod) {
    if (/^[1-9]$/.test(e.key)) return { kind: 'connection', index: Number(e.key) - 1 }
    return undefined
  }
  if (e.key === '?') return { kind: 'help' }
  if (e.key === '/') return { kind: 'filterTopics' }
  if (e.key === ' ' && where.inLog) return { kind: 'toggleLogPause' }
  return undefined
}

const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
])

/** Whether keys pressed in `el` are typed text (so single-key shortcuts must stay away). */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type)
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  return el instanceof HTMLElement && el.isContentEditable === true
}
