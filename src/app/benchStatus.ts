import { statusText } from '../features/connection/statusText'
import { useAppStore } from '../store/appStore'
import type { BenchCommand } from './benchProbe'

/** The status line as the bench probe reports it (words only, no message content). */
export function statusTextForBench(): string {
  const s = useAppStore.getState()
  const conn = s.connections[s.shownId]
  return conn ? statusText(conn.status) : ''
}

let typedKeys = 0

/** Keys typed so far on the bench's commands. */
export const benchTypedKeys = (): number => typedKeys

/**
 * Types the command's text into the topic tree's filter box one character per interval, the way
 * a keyboard would reach React: the native value setter (React ignores a plain assignment) and
 * a bubbling input event. The bench reads the long tasks that follow.
 */
export function runBenchCommand(command: BenchCommand): void {
  const input = document.querySelector<HTMLInputElement>(
    'input[type="search"][aria-label="Filter topics"]',
  )
  if (!input) return
  input.focus()
  for (let i = 1; i <= command.text.length; i++) {
    setTimeout(() => {
      // The prototype's setter with the input as receiver: what React's value tracking sees.
      Reflect.set(HTMLInputElement.prototype, 'value', command.text.slice(0, i), input)
      input.dispatchEvent(new Event('input', { bubbles: true }))
      typedKeys++
    }, i * command.intervalMs)
  }
}
