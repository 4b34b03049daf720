import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { LiveText } from '../../components/LiveText'
import { filler } from '../../i18n/filler'

/** Each field's button label, filled in without i18next's t() per field and render (#12). */
const chartLabel = filler(['topic', 'path'], (t: TFunction<'details'>, slots) =>
  t('Chart {{topic}} {{path}}', slots),
)

/**
 * The numeric fields of a decoded payload, each with its Chart button (UI contract: "Numeric
 * fields", "Chart <topic> <path>"): for JSON, protobuf and decode-script values alike; `onChart`
 * adds the series with the decoder that produced the value.
 */
export function LeafChartList({
  topic,
  leaves,
  onChart,
}: {
  topic: string
  leaves: readonly { path: string; value: number }[]
  onChart: (path: string) => void
}) {
  const { t } = useTranslation('details')
  if (leaves.length === 0) return null
  const chart = t('Chart')
  return (
    <ul className="leaves" aria-label={t('Numeric fields')}>
      {leaves.map((leaf) => (
        <li key={leaf.path}>
          <span className="leaf-path">{leaf.path}</span>{' '}
          <span className="muted">
            {/* The figure changes with each message: a live box (components/LiveText). */}
            <LiveText text={String(leaf.value)} />
          </span>
          <button
            type="button"
            className="link"
            aria-label={chartLabel(t, { topic, path: leaf.path })}
            onClick={() => onChart(leaf.path)}
          >
            {chart}
          </button>
        </li>
      ))}
    </ul>
  )
}
