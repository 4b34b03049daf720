import type { TFunction } from 'i18next'
import { Send } from 'lucide-react'
import { memo } from 'react'
import { RowValue } from '../../components/RowValue'
import { previewLine } from '../../codecs/payload'
import { ageParts, formatClock, formatCount, formatRate } from '../../lib/format'
import { filler } from '../../i18n/filler'
import { effectiveFormat, type DecoderBinding } from '../../store/decoderStore'

type T = TFunction<'topicTree'>

/** The count's tooltip, written whenever a row's count moves (i18next's t() per row is slow). */
const countTitle = filler(['own', 'total'], (t: T, slots) =>
  t('{{own}} on this topic, {{total}} including subtopics', slots),
)
/** The ages, compiled once per language: every row on screen has one at every repaint. */
const ageNow = filler([], (t: T) => t('now'))
const ageUnderMin = filler([], (t: T) => t('< 1 min ago'))
const ageMinutes = filler(['n'], (t: T, slots) => t('{{n}} min ago', slots))
const ageHours = filler(['n'], (t: T, slots) => t('{{n}} h ago', slots))
/** The age's tooltip: the exact time the ages round off. */
const lastAtTitle = filler(['time'], (t: T, slots) => t('last message at {{time}}', slots))

/** A row's fixed words, compiled once per language as the ages are (no t() per render, #12). */
const emptyName = filler([], (t: T) => t('(empty)'))
const mineLabel = filler([], (t: T) => t('last message sent by you'))
const retainedTitle = filler([], (t: T) => t('last value was retained'))
const retainedBadge = filler([], (t: T) => t('retained'))

/** "12 topics": its own memo, so a row's other changes (count, age, value) do not word it again. */
const BelowCount = memo(function BelowCount({ n, t }: { n: number; t: T }) {
  return (
    <span className="node-below" title={t('topics below this level')}>
      {t('{{n}} topics', { count: n, n: formatCount(n) })}
    </span>
  )
})

export interface TreeRowProps {
  /** The element id (aria-activedescendant names it). */
  domId: string
  nodeId: number
  /** The full topic (for a bound decoder). */
  topic: string
  name: string
  depth: number
  top: number
  position: number
  setSize: number
  hasKids: boolean
  open: boolean
  selected: boolean
  fresh: boolean
  retained: boolean
  /** The last message was this tab's own publish ("sent by you" in the log). */
  mine: boolean
  /** The last value's preview (undefined for a level without messages of its own). */
  preview: Uint8Array | undefined
  size: number
  own: number
  total: number
  rate: number
  /** "< 1 min ago" as shown ('' for a level without messages of its own). */
  age: string
  /** When its last message arrived (ms since the epoch; 0 for a level without messages). */
  lastAt: number
  below: number
  bindings: readonly DecoderBinding[]
  onSelect: (nodeId: number) => void
  onToggle: (nodeId: number, open: boolean) => void
  /** The tree's translation function: one per list, not a useTranslation per row. */
  t: T
}

/**
 * One row of the topic tree. Memoised on its fields, which are plain values, so a repaint renders
 * only the rows whose topic changed since the last one (TopicTree repaints at most every
 * TEXT_ROWS_EVERY_MS, and only when a row on screen changed).
 */
export const TreeRow = memo(function TreeRow(p: TreeRowProps) {
  const t = p.t
  const mine = mineLabel(t, {})
  return (
    <div
      id={p.domId}
      data-node={p.nodeId}
      role="treeitem"
      aria-level={p.depth}
      aria-posinset={p.position}
      aria-setsize={p.setSize}
      aria-expanded={p.hasKids ? p.open : undefined}
      aria-selected={p.selected}
      className={`tree-row${p.selected ? ' selected' : ''}${p.fresh ? ' fresh' : ''}`}
      style={{ transform: `translateY(${p.top}px)`, paddingLeft: 4 + (p.depth - 1) * 14 }}
      onClick={() => p.onSelect(p.nodeId)}
      onDoubleClick={() => p.hasKids && p.onToggle(p.nodeId, !p.open)}
    >
      <span
        className="twisty"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation()
          if (p.hasKids) p.onToggle(p.nodeId, !p.open)
        }}
      >
        {p.hasKids ? (p.open ? '▾' : '▸') : ''}
      </span>
      <span className="node-name">{p.name === '' ? emptyName(t, {}) : p.name}</span>
      {p.preview && (
        <RowValue
          className="node-value"
          text={treePreview(p.preview, p.size, p.bindings, p.topic, t)}
          scripted={effectiveFormat('auto', p.bindings, p.topic) === 'script'}
          topic={p.topic}
          preview={p.preview}
          size={p.size}
        />
      )}
      {p.mine && (
        <span className="tree-mine" role="img" aria-label={mine} title={mine}>
          <Send size={12} aria-hidden="true" />
        </span>
      )}
      {p.retained && (
        <span className="badge" title={retainedTitle(t, {})}>
          {retainedBadge(t, {})}
        </span>
      )}
      <span className="node-stats">
        {p.own > 0 && (
          <span className="node-age" title={lastAtTitle(t, { time: formatClock(p.lastAt) })}>
            {p.age}
          </span>
        )}
        {p.hasKids && <BelowCount n={p.below} t={t} />}
        {p.rate > 0 && <span className="node-rate">{formatRate(p.rate)}/s</span>}
        <span
          className="node-count"
          title={countTitle(t, { own: formatCount(p.own), total: formatCount(p.total) })}
        >
          {formatCount(p.total)}
        </span>
      </span>
    </div>
  )
})

/** A row's one-line value: Auto-detected, or the decoder bound to the topic (as in the log). */
function treePreview(
  preview: Uint8Array,
  size: number,
  bindings: readonly DecoderBinding[],
  topic: string,
  t: T,
): string {
  return (
    previewLine(preview, size, effectiveFormat('auto', bindings, topic), topic)?.text ??
    t('Sparkplug B, {{n}} bytes', { n: formatCount(size) })
  )
}

/** "now", "< 1 min ago", "2 min ago" in the UI language (steps: ageParts). */
export function age(ms: number, t: T): string {
  const { n, unit } = ageParts(ms)
  if (unit === 'now') return ageNow(t, {})
  if (unit === 'underMin') return ageUnderMin(t, {})
  const slots = { n: String(n) }
  return unit === 'min' ? ageMinutes(t, slots) : ageHours(t, slots)
}
