import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { isCoded, type Coded, type CodeValues } from '../lib/coded'
import { i18n } from '.'

/** i18next's `t` for a key chosen at run time (typed keys cannot follow one). */
type LooseT = (key: string, options: object) => string

function wordWith(t: LooseT, message: Coded): string {
  return t(message.code, { ...valuesWith(t, message.values), defaultValue: message.code })
}

function valuesWith(t: LooseT, values: CodeValues | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  if (!values) return out
  for (const [name, value] of Object.entries(values))
    out[name] = isCoded(value) ? wordWith(t, value) : value
  return out
}

/**
 * A coded failure or note in the UI language: its code is a key of the `codes` catalog
 * (`locales/<lang>/codes/*.json`), its values fill the placeholders, coded values are worded
 * first. Outside React (exports, notifications); components use `useWord`.
 */
export function word(message: Coded): string {
  return wordWith(i18n.getFixedT(null, 'codes') as LooseT, message)
}

/** `word` in a given language (the bench reads English whatever the UI shows). */
export function wordIn(lng: string, message: Coded): string {
  return wordWith(i18n.getFixedT(lng, 'codes') as LooseT, message)
}

/** `word` for components: re-renders them when the language changes. */
export function useWord(): (message: Coded) => string {
  const { t } = useTranslation('codes')
  return useCallback((message: Coded) => wordWith(t as unknown as LooseT, message), [t])
}
