import { i18n } from '../../i18n'

/**
 * Controls of other panels found by their accessible names (the UI contract): a panel may not
 * import another panel, and these names are the stable public surface the e2e suite uses too.
 * The names are looked up in the panel's catalog, so they match in every language.
 */

/** A contract name and the catalog its panel translates it with. */
export type ContractName =
  | { ns: 'subscriptions'; key: 'Topic filter' }
  | { ns: 'topicTree'; key: 'Filter topics' }
  | { ns: 'connection'; key: 'Copy link' }
  | { ns: 'retained'; key: 'Retained filter' }

const shown = (name: ContractName): string => i18n.t(name.key, { ns: name.ns })

function labelText(el: HTMLElement): string {
  const aria = el.getAttribute('aria-label')
  if (aria) return aria.trim()
  const labels = (el as HTMLInputElement).labels
  return labels ? Array.from(labels, (l) => l.textContent?.trim() ?? '').join(' ') : ''
}

/** The form field whose label is exactly `name` in the language shown. */
export function fieldNamed(name: ContractName): HTMLElement | undefined {
  const label = shown(name)
  const fields = document.querySelectorAll<HTMLElement>('input, textarea, select')
  return Array.from(fields).find((el) => labelText(el) === label)
}

/** The enabled button whose accessible name (aria-label or text) is exactly `name`. */
export function buttonNamed(name: ContractName): HTMLButtonElement | undefined {
  const label = shown(name)
  const buttons = document.querySelectorAll<HTMLButtonElement>('button')
  return Array.from(buttons).find(
    (b) => !b.disabled && (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === label,
  )
}

/**
 * Focuses (and selects the text of) a field once it is on screen: a panel that was collapsed or
 * in another narrow tab renders on the next frame.
 */
export function focusField(name: ContractName, tries = 10): void {
  const el = fieldNamed(name)
  if (el && el.offsetParent !== null) {
    el.focus()
    if (el instanceof HTMLInputElement) el.select()
    return
  }
  if (tries > 0) requestAnimationFrame(() => focusField(name, tries - 1))
}
