/**
 * Superseded by `persist.ts` (versioned, checked, one key prefix). Kept only for publishStore.ts
 * until the connection redesign of #13 moves it onto `src/store/saved/publish.ts`; delete this
 * file then.
 *
 * localStorage writes that never throw into a state update: a full or blocked storage is
 * reported through `onError` (with `full` true for a quota error) so the panel can say what was
 * not saved.
 */
export function writeLocal(name: string, value: unknown, onError: (full: boolean) => void): void {
  try {
    globalThis.localStorage?.setItem(name, JSON.stringify(value))
  } catch (err) {
    onError(err instanceof DOMException && /quota/i.test(err.name + err.message))
  }
}

/** Removes a localStorage entry; a blocked storage has nothing to remove. */
export function removeLocal(name: string): void {
  try {
    globalThis.localStorage?.removeItem(name)
  } catch {
    // nothing stored, nothing to remove
  }
}

/** What `readLocal` found: nothing, parsed JSON, or why it could not read. */
export type LocalRead =
  { kind: 'absent' } | { kind: 'json'; value: unknown } | { kind: 'blocked' } | { kind: 'corrupt' }

/** Reads and parses a localStorage entry without throwing: a blocked storage or bad JSON is said. */
export function readLocal(name: string): LocalRead {
  let raw: string | null
  try {
    raw = globalThis.localStorage?.getItem(name) ?? null
  } catch {
    return { kind: 'blocked' }
  }
  if (raw === null) return { kind: 'absent' }
  try {
    return { kind: 'json', value: JSON.parse(raw) as unknown }
  } catch {
    return { kind: 'corrupt' }
  }
}
