import { PayloadFormatOptions } from '../../components/PayloadFormatOptions'
import { Swatch } from '../../components/Swatch'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { TFunction } from 'i18next'
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { previewLine, type PayloadFormat } from '../../codecs/payload'
import { topicMatches } from '../../engine/topicFilter'
import { formatClock, formatCount } from '../../lib/format'
import { subscriptionColour } from '../../lib/subscriptionColours'
import { FLAG_RETAIN, QOS_SHIFT } from '../../wire/frame'
import {
  selectPaused,
  selectPausedAt,
  selectPayloadFormat,
  selectSubscriptions,
  selectShownId,
  setPayloadFormat,
  useAppStore,
} from '../../store/appStore'
import { setPaused as setPausedOf } from '../../store/view'
import { dataStore } from '../../store/dataStore'
import { effectiveFormat, useDecoderStore } from '../../store/decoderStore'
import { useDataVersion } from '../../store/useData'
import { LogTools } from './LogTools'
import { compileLogFilter, LogMatches } from './logFilter'
import { useLogViewStore } from './logViewStore'
import type { RowSelection } from './logExport'
import './messages.css'

const ROW_HEIGHT = 22

/** "+0.250 s", "+2 min 3.004 s", "+1 h 5 min": time since an earlier row. */
export function formatDelta(ms: number, t: TFunction<'messages'>): string {
  const d = Math.max(0, ms)
  if (d < 60_000) return t('+{{s}} s', { s: (d / 1000).toFixed(3) })
  if (d < 3_600_000)
    return t('+{{min}} min {{s}} s', {
      min: Math.floor(d / 60_000),
      s: ((d % 60_000) / 1000).toFixed(3),
    })
  return t('+{{h}} h {{min}} min', {
    h: Math.floor(d / 3_600_000),
    min: Math.floor((d % 3_600_000) / 60_000),
  })
}

/**
 * The message log (UI contract: "Messages"): a virtual list over the bounded log ring that
 * follows the newest row unless the user scrolled up or paused. Payloads are decoded here, only
 * for the rows on screen. The filter is applied incrementally (LogMatches): a frame costs the
 * rows it brought, not a rescan of the ring.
 */
export function MessageLog() {
  useDataVersion('log')
  const paused = useAppStore(selectPaused)
  const pausedAt = useAppStore(selectPausedAt)
  const format = useAppStore(selectPayloadFormat)
  const subscriptions = useAppStore(selectSubscriptions)
  const bindings = useDecoderStore((s) => s.bindings)
  const connId = useAppStore(selectShownId)
  const setPaused = (on: boolean) => setPausedOf(connId, on)
  const setFormat = setPayloadFormat
  const timeMode = useLogViewStore((s) => s.timeMode)
  const topicText = useLogViewStore((s) => s.topicFilter)
  const payloadText = useLogViewStore((s) => s.textFilter)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [follow, setFollow] = useState(true)
  const id = useId()
  const { t } = useTranslation('messages')
  const word = useWord()

  const log = dataStore.log
  const index = dataStore.index
  const first = log.first
  const end = paused ? Math.max(first, Math.min(pausedAt, log.total)) : log.total
  const newWhilePaused = paused ? log.total - pausedAt : 0

  const filter = useMemo(
    () => compileLogFilter({ topic: topicText, text: payloadText }),
    [topicText, payloadText],
  )
  const [matches] = useState(() => new LogMatches())
  const topicOf = (topicId: number) => index.topicOf(topicId)
  if (filter) matches.update(log, filter, topicOf, end)
  // The rows shown: the matches, or every row held up to `end`.
  const rows: RowSelection = filter
    ? { count: matches.count, at: (i) => matches.at(i) }
    : { count: end - first, at: (i) => first + i }
  const count = rows.count

  // The first subscription whose filter matches a topic gives the row its colour; cached per
  // topic id until the subscriptions or the connection change.
  const filters = subscriptions.map((s) => s.filter).join('\u0000')
  const [subCache] = useState(() => ({ filters: '', index, byTopic: new Map<number, number>() }))
  if (subCache.filters !== filters || subCache.index !== index) {
    subCache.filters = filters
    subCache.index = index
    subCache.byTopic.clear()
  }
  const subscriptionOf = (topicId: number, topic: string): number => {
    let position = subCache.byTopic.get(topicId)
    if (position === undefined) {
      position = subscriptions.findIndex((s) => topicMatches(s.filter, topic))
      subCache.byTopic.set(topicId, position)
    }
    return position
  }

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  })

  useLayoutEffect(() => {
    if (follow && !paused && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' })
  })

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 1.5
    if (atBottom !== follow) setFollow(atBottom)
  }

  const firstTs = count > 0 ? (log.row(rows.at(0))?.ts ?? 0) : 0

  return (
    <section className="panel log-panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('Messages')}</h2>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? t('Resume') : t('Pause')}
        </button>
        {paused && (
          <span className="muted">
            {t('{{n}} new while paused', { n: formatCount(newWhilePaused) })}
          </span>
        )}
        {!follow && !paused && (
          <button type="button" className="link" onClick={() => setFollow(true)}>
            {t('Jump to latest')}
          </button>
        )}
        <label className="inline">
          <span className="visually-hidden">{t('Payload format')}</span>
          <select
            aria-label={t('Payload format')}
            value={format}
            onChange={(e) => setFormat(e.target.value as PayloadFormat)}
          >
            <PayloadFormatOptions />
          </select>
        </label>
        <span className="muted log-note">
          {t('last {{n}} of {{total}}', {
            n: formatCount(log.length),
            total: formatCount(log.total),
          })}
          {log.evicted > 0
            ? t(' (older ones scrolled out of the {{capacity}}-row log)', {
                capacity: formatCount(log.capacity),
              })
            : ''}
        </span>
      </div>
      <LogTools
        filterNote={filter?.note && word(filter.note)}
        matchText={
          filter
            ? t('{{n}} of {{total}} match', {
                n: formatCount(count),
                total: formatCount(end - first),
              })
            : undefined
        }
        rows={rows}
        topicOf={topicOf}
      />
      {/* aria-live is off: at thousands of messages a second a live region would drown a screen
          reader. The counters and the connection status carry what is worth announcing. */}
      <div
        ref={scrollRef}
        className="log-scroll"
        role="log"
        aria-label={t('Messages')}
        aria-live="off"
        // Focusable so the keyboard can scroll it, and Space pauses / resumes (workspace keys).
        tabIndex={0}
        data-shortcut-scope="log"
        onScroll={onScroll}
      >
        {count === 0 && (
          <p className="empty">
            {filter && end > first
              ? t('No message in the log matches the filter.')
              : t(
                  'No messages yet. Messages matching your subscriptions appear here as they arrive.',
                )}
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = log.row(rows.at(item.index))
            if (!row) return null
            const qos = (row.flags >> QOS_SHIFT) & 3
            const retained = (row.flags & FLAG_RETAIN) !== 0
            const topic = index.topicOf(row.topicId)
            const position = subscriptionOf(row.topicId, topic)
            const sub = position >= 0 ? subscriptions[position] : undefined
            // On Auto, a decoder bound to the row's topic decides (see the details view).
            const line = previewLine(
              row.preview,
              row.size,
              effectiveFormat(format, bindings, topic),
              topic,
            ) ?? {
              text: t('Sparkplug B, {{n}} bytes', { n: formatCount(row.size) }),
              kind: 'sparkplug',
            }
            const prevTs =
              item.index > 0 ? (log.row(rows.at(item.index - 1))?.ts ?? row.ts) : row.ts
            return (
              <div
                key={row.index}
                className="log-row"
                title={
                  sub
                    ? t('{{topic}} (subscription {{filter}})', { topic, filter: sub.filter })
                    : topic
                }
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {sub ? (
                  <Swatch className="log-swatch" colour={subscriptionColour(position)} />
                ) : (
                  <span className="log-swatch-none" style={{ width: 10, flex: 'none' }} />
                )}
                {timeMode === 'relative' ? (
                  <span
                    className="log-time"
                    title={t('{{delta}} since the first row ({{time}})', {
                      delta: formatDelta(row.ts - firstTs, t),
                      time: formatClock(row.ts),
                    })}
                  >
                    {formatDelta(row.ts - prevTs, t)}
                  </span>
                ) : (
                  <span className="log-time">{formatClock(row.ts)}</span>
                )}
                <span className="log-topic">{topic}</span>
                <span className={`log-payload kind-${line.kind}`}>{line.text}</span>
                <span className="log-qos">QoS {qos}</span>
                {retained && <span className="badge">{t('retained')}</span>}
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
