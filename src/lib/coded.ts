/**
 * A failure or a note as it crosses a boundary (worker → store → view): a code and its values,
 * never a sentence. The view words it in the user's language with i18next: the code is the key
 * of a catalog entry and the values fill its placeholders. Codes are dotted, stable identifiers
 * (`connack.notAuthorized`, `publish.notConnected`); tests assert codes, not wording.
 */
export type CodeValues = Readonly<Record<string, string | number>>

export interface Coded {
  readonly code: string
  readonly values?: CodeValues
}

/** A coded message; `values` is left out when there are none, so results compare simply. */
export function coded(code: string, values?: CodeValues): Coded {
  return values === undefined ? { code } : { code, values }
}
