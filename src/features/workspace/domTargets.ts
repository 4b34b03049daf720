/**
 * Controls of other panels found by their accessible names (the UI contract): a panel may not
 * import another panel, and these names are the stable public surface the e2e suite uses too.
 */

function labelText(el: HTMLElement): string {
  const aria = el.getAttribute('aria-label')
  if (aria) return aria.trim()
  const labels = (el as HTMLInputElement).labels
  return labels ? Array.from(labels, (l) => l.textContent?.trim() ?? '').join(' ') : ''
}

/** The form field whose label is exactly `name`. */
export function fieldNamed(name: string): HTMLElement | undefined {
  const fields = document.querySelectorAll<HTMLElement>('input, textarea, select')
  return Array.from(fields).find((el) => labelText(el) === name)
}

/** The enabled button whose accessible name (aria-label or text) is exactly `name`. */
export function buttonNamed(name: string): HTMLButtonElement | undefined {
  const buttons = document.querySelectorAll<HTMLButtonElement>('button')
  return Array.from(buttons).find(
    (b) => !b.disabled && (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name,
  )
}

/**
 * Focuses (and selects the text of) a field once it is on screen: a panel that was collapsed or
 * in another narrow tab renders on the next frame.
 */
export function focusField(name: string, tries = 10): void {
  const el = fieldNamed(name)
  if (el && el.offsetParent !== null) {
    el.focus()
    if (el instanceof HTMLInputElement) el.select()
    return
  }
  if (tries > 0) requestAnimationFrame(() => focusField(name, tries - 1))
}
