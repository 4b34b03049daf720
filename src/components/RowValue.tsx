import { useTranslation } from 'react-i18next'
import { useWord } from '../i18n/word'
import { useScriptPreview } from '../store/useScriptPreview'

interface RowValueProps {
  className: string
  /** The row's one-line view of its bytes (hex for a script-bound topic). */
  text: string
  /** `kind-…` class of that view, when the row colours by kind (the log). */
  kind?: string
  /** The row's format is `script`: its value comes from the worker (issue #16). */
  scripted: boolean
  topic: string
  preview: Uint8Array
  size: number
}

/**
 * A tree or log row's value. Rows of a script-bound topic show the script's value as one line
 * of JSON once the worker answered, and their hex meanwhile; a script that failed on this
 * payload shows a short marker before the hex, its error in the marker's title. The one place
 * the tree and the log share this (it reads the script previews store, so it is not a pure
 * presentational piece).
 */
export function RowValue(p: RowValueProps) {
  const className = p.kind ? `${p.className} kind-${p.kind}` : p.className
  return p.scripted ? <ScriptRowValue {...p} /> : <span className={className}>{p.text}</span>
}

function ScriptRowValue(p: RowValueProps) {
  const { t } = useTranslation()
  const word = useWord()
  const { result, note } = useScriptPreview(p.topic, p.preview, p.size)
  if (result?.ok)
    return (
      <span className={`${p.className} kind-json`} data-script-value="">
        {result.text}
      </span>
    )
  if (result)
    return (
      <span className={`${p.className} kind-hex`}>
        <span className="badge script-failed" title={word(result.error)}>
          {t('script failed')}
        </span>{' '}
        {p.text}
      </span>
    )
  return (
    <span className={`${p.className} kind-hex`} title={note ? word(note) : undefined}>
      {p.text}
    </span>
  )
}
