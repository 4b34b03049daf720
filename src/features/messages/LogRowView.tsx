import { memo } from 'react'
import type { TFunction } from 'i18next'
import { RowValue } from '../../components/RowValue'
import { Swatch } from '../../components/Swatch'
import { TopicText } from '../../components/TopicText'
import { previewLine, type PayloadFormat } from '../../codecs/payload'
import { formatClock, formatCount } from '../../lib/format'
import { subscriptionColour } from '../../lib/subscriptionColours'
import { FLAG_OWN, FLAG_RETAIN, QOS_SHIFT } from '../../wire/frame'
import { effectiveFormat, type DecoderBinding } from '../../store/decoderStore'
import { filler } from '../../i18n/filler'
import { formatDelta } from './logTime'
import type { LogTimeMode } from './logViewStore'

/** A row's tooltip, written for every new row (i18next's t() per row was ~1 % at 1 k msgs/s). */
const subscribedTitle = filler(['topic', 'filter'], (t: TFunction<'messages'>, slots) =>
  t('{{topic}} (subscription {{filter}})', slots),
)

interface LogRowProps {
  /** Offset from the top of the list, in px. */
  top: number
  topic: string
  ts: number
  /** The previous row's time (its own for the first row), for "since previous row". */
  prevTs: number
  /** The first row's time in relative mode (0 otherwise), for the tooltip. */
  firstTs: number
  size: number
  flags: number
  preview: Uint8Array
  format: PayloadFormat
  bindings: readonly DecoderBinding[]
  /** The first subscription whose filter matches the topic, and its position (-1: none). */
  subscription: string | undefined
  position: number
  timeMode: LogTimeMode
  /**
   * The log's translate function (the same until the language changes): a row of its own hook
   * cost a subscription per row mounted, a hundred a second at 100 msgs/s (#12).
   */
  t: TFunction<'messages'>
}

/**
 * One log row. Memoised on its fields: a row already on screen is not rendered again when a
 * batch of new rows arrives (a row's fields never change while it has the same key), so a repaint
 * costs the new rows, not the 40 on screen.
 */
export const LogRowView = memo(function LogRowView(p: LogRowProps) {
  const t = p.t
  const qos = (p.flags >> QOS_SHIFT) & 3
  const retained = (p.flags & FLAG_RETAIN) !== 0
  // On Auto, a decoder bound to the row's topic decides (see the details view).
  const format = effectiveFormat(p.format, p.bindings, p.topic)
  const line = previewLine(p.preview, p.size, format, p.topic) ?? {
    text: t('Sparkplug B, {{n}} bytes', { n: formatCount(p.size) }),
    kind: 'sparkplug',
  }
  return (
    <div
      className="log-row"
      title={
        p.subscription ? subscribedTitle(t, { topic: p.topic, filter: p.subscription }) : p.topic
      }
      style={{ transform: `translateY(${p.top}px)` }}
    >
      {p.subscription ? (
        <Swatch className="log-swatch" colour={subscriptionColour(p.position)} />
      ) : (
        <span className="log-swatch-none" style={{ width: 10, flex: 'none' }} />
      )}
      {p.timeMode === 'relative' ? (
        <span
          className="log-time"
          title={t('{{delta}} since the first row ({{time}})', {
            delta: formatDelta(p.ts - p.firstTs, t),
            time: formatClock(p.ts),
          })}
        >
          {formatDelta(p.ts - p.prevTs, t)}
        </span>
      ) : (
        <span className="log-time">{formatClock(p.ts)}</span>
      )}
      {/* Cut in the middle: the last levels, where sibling topics differ, stay in view. */}
      <TopicText topic={p.topic} className="log-topic" />
      <RowValue
        className="log-payload"
        text={line.text}
        kind={line.kind}
        scripted={format === 'script'}
        topic={p.topic}
        preview={p.preview}
        size={p.size}
      />
      <span className="log-qos">QoS {qos}</span>
      {retained && <span className="badge">{t('retained')}</span>}
      {(p.flags & FLAG_OWN) !== 0 && <span className="badge own">{t('sent by you')}</span>}
    </div>
  )
})
