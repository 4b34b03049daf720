import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { isLabel, type Label, type Word } from '../../brokercheck/scorecard'
import { i18n } from '../../i18n'
import { useWord, word } from '../../i18n/word'
import { isCoded, type Coded } from '../../lib/coded'

/** i18next's `t` for a key chosen at run time (typed keys cannot follow one). */
type LooseT = (key: string, options: object) => string

function labelWith(t: LooseT, say: (c: Coded) => string, l: Label): string {
  const values: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(l.values ?? {})) values[k] = isCoded(v) ? say(v) : v
  return t(l.label, { ...values, defaultValue: l.label })
}

/**
 * The check's one `word` for the scorecard and the Markdown export: labels (names of checks,
 * groups, figures, units) from the `brokerCheck` namespace, sentences from `codes`.
 */
export function checkWord(): Word {
  const t = i18n.getFixedT(null, 'brokerCheck') as unknown as LooseT
  return (x) => (isLabel(x) ? labelWith(t, word, x) : word(x))
}

/** `checkWord` for components: re-renders them when the language changes. */
export function useCheckWord(): Word {
  const { t } = useTranslation('brokerCheck')
  const say = useWord()
  return useCallback(
    (x: Coded | Label) => (isLabel(x) ? labelWith(t as unknown as LooseT, say, x) : say(x)),
    [t, say],
  )
}
