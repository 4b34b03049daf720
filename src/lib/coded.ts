/**
 * A failure or a note as it crosses a boundary (worker → store → view): a code and its values,
 * never a sentence. The view words it in the user's language with i18next (`src/i18n/word.ts`):
 * the code is the key of an entry of the `codes` catalog and the values fill its placeholders. A
 * value may itself be coded (a reason inside a sentence: "lost: {{reason}}"), worded first.
 * Codes are dotted, stable identifiers (`connack.5`, `publish.notConnected`); tests assert codes,
 * not wording.
 */
export type CodeValue = string | number | Coded

export type CodeValues = Readonly<Record<string, CodeValue>>

export interface Coded {
  readonly code: string
  readonly values?: CodeValues
}

/** A coded message; `values` is left out when there are none, so results compare simply. */
export function coded(code: string, values?: CodeValues): Coded {
  return values === undefined ? { code } : { code, values }
}

/** True for a coded message (as opposed to a plain value inside `values`). */
export function isCoded(value: unknown): value is Coded {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}
