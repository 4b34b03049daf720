import { LiveSentence, liveSlot } from '../../components/LiveText'
import { PayloadFormatOptions } from '../../components/PayloadFormatOptions'
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { type PayloadFormat } from '../../codecs/payload'
import { LOG_FLOOD_EVERY_MS, TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { frameClock, pacedClock } from '../../lib/pacer'
import { topicMatches } from '../../engine/topicFilter'
import { formatCount } from '../../lib/format'
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
import { useDecoderStore } from '../../store/decoderStore'
import { usePacedData } from '../../store/useData'
import { LogRowView } from './LogRowView'
import { LogTools } from './LogTools'
import { compileLogFilter, LogMatches } from './logFilter'
import { LogFlood } from './logFlood'
import { useLogViewStore } from './logViewStore'
import type { RowSelection } from './logExport'
import { useFollowWindow } from './useFollowWindow'
import './messages.css'

const ROW_HEIGHT = 22
/**
 * Rows rendered beyond the view on each side, so a scroll shows rows at once. Every row rendered
 * is laid out, given paint properties and committed in each repaint, seen or not: 3 rows (was 8)
 * is enough for a wheel step at 22 px a row.
 */
const OVERSCAN = 3
const LOG_KEYS = ['log'] as const

/**
 * The message log (UI contract: "Messages"): a virtual list over the bounded log ring that
 * follows the newest row unless the user scrolled up or paused. Payloads are decoded here, only
 * for the rows on screen. The filter is applied incrementally (LogMatches): a frame costs the
 * rows it brought, not a rescan of the ring. It repaints at most every TEXT_ROWS_EVERY_MS, and
 * following the newest row is the browser's scroll snapping (useFollowWindow), never a scroll
 * from script, so a frame forces no synchronous layout.
 */
export function MessageLog() {
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
  const topicOf = useCallback((topicId: number) => dataStore.index.topicOf(topicId), [])
  if (filter) matches.update(log, filter, topicOf, end)

  // Flooded (logFlood.ts), the log repaints once a second, and says so: judged on the rows it
  // shows (with a filter, the matches).
  const [flood] = useState(() => new LogFlood())
  const judge = useCallback(
    () =>
      filter
        ? flood.update(frameClock().now(), matches.found, matches)
        : flood.update(frameClock().now(), dataStore.log.total, dataStore.log),
    [filter, flood, matches],
  )
  const flooded = judge()
  usePacedData(LOG_KEYS, flooded ? LOG_FLOOD_EVERY_MS : TEXT_ROWS_EVERY_MS)
  const [, judged] = useReducer((n: number) => n + 1, 0)
  // While flooded, the flood is judged again every second even if no row comes (traffic that
  // stops leaves no stale note); a verdict of "no longer flooded" renders at once.
  useEffect(() => {
    if (!flooded) return
    return pacedClock(LOG_FLOOD_EVERY_MS, () => {
      if (!judge()) judged()
    })
  }, [flooded, judge])
  // The rows shown: the matches, or every row held up to `end`.
  const rows: RowSelection = filter
    ? { count: matches.count, at: (i) => matches.at(i) }
    : { count: end - first, at: (i) => first + i }
  const count = rows.count
  // Export reads the rows at the moment of the click: a stable selection, so the tools do not
  // re-render with every batch of rows.
  const [exportRows] = useState(() => new LatestRows())
  exportRows.set(rows)

  // The first subscription whose filter matches a topic gives the row its colour; cached per
  // topic id until the subscriptions or the connection change.
  const [subCache] = useState(() => new SubscriptionCache())
  subCache.use(subscriptions, index)

  const {
    window: shownRows,
    visible,
    follow,
    setFollow,
    onScroll,
  } = useFollowWindow(scrollRef, count, ROW_HEIGHT, OVERSCAN)
  flood.setShown(visible)

  const firstTs = count > 0 ? (log.row(rows.at(0))?.ts ?? 0) : 0
  const items = []
  // Unfiltered, the rows on screen are consecutive messages, keyed by their number modulo the
  // window's length: a message keeps its key (and its element) while it is on screen, and when
  // the log moves on by k rows the k that left are reused for the k that came (their text
  // changes in place) instead of k rows unmounted and k mounted. At 1 k msgs/s every row on
  // screen is new at each repaint: mounting them was ~500 new layout objects a repaint. Filtered
  // rows are not consecutive: keyed by their message number.
  const slots = Math.max(1, shownRows.end - shownRows.start)
  // The first rows (a connection's first data, the first after Clear data) mount in a deferred
  // render: React builds them in slices that yield to the browser, not in the animation frame
  // that brought the data with the tree's and chart's first paint (#12). Later rows render in the
  // paced frame, as the details' updates do.
  const mounted = useDeferredValue(count > 0)
  for (let i = shownRows.start; mounted && i < shownRows.end; i++) {
    const row = log.row(rows.at(i))
    if (!row) continue
    const topic = index.topicOf(row.topicId)
    const position = subCache.positionOf(row.topicId, topic)
    items.push(
      <LogRowView
        key={filter ? row.index : row.index % slots}
        top={i * ROW_HEIGHT}
        topic={topic}
        ts={row.ts}
        prevTs={i > 0 ? (log.row(rows.at(i - 1))?.ts ?? row.ts) : row.ts}
        firstTs={timeMode === 'relative' ? firstTs : 0}
        size={row.size}
        flags={row.flags}
        preview={row.preview}
        format={format}
        bindings={bindings}
        subscription={position >= 0 ? subscriptions[position]?.filter : undefined}
        position={position}
        timeMode={timeMode}
        t={t}
      />,
    )
  }

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
        <FormatSelect format={format} onFormat={setFormat} />
        <span className="muted log-note">
          {/* Its numbers change every frame: live boxes, so they lay out alone (LiveText). */}
          <LiveSentence
            text={t('last {{n}} of {{total}}', { n: liveSlot(0), total: liveSlot(1) })}
            values={[formatCount(log.length), formatCount(log.total)]}
          />
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
        rows={exportRows}
        topicOf={topicOf}
      />
      {/* aria-live is off: at thousands of messages a second a live region would drown a screen
          reader. The counters and the connection status carry what is worth announcing. */}
      {/* The box that gives the scroller its size (app.css, .scroll-box: a layout root). */}
      <div className="scroll-box">
        {/* Over the rows, not in the header: its coming and going moves no row. */}
        {flooded && follow && !paused && (
          <p className="log-flood" role="note">
            {t('Too fast to read: the newest rows, once a second')}
          </p>
        )}
        <div
          ref={scrollRef}
          className="log-scroll"
          role="log"
          aria-label={t('Messages')}
          aria-live="off"
          // Focusable so the keyboard can scroll it, and Space pauses / resumes (workspace keys).
          tabIndex={0}
          data-shortcut-scope="log"
          data-follow={follow ? '' : undefined}
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
          <div className="log-rows" style={{ height: count * ROW_HEIGHT }}>
            {items}
          </div>
          {/* The snap target that keeps a following log at its newest row (useFollowWindow). */}
          <div className="log-end" aria-hidden="true" />
        </div>
      </div>
    </section>
  )
}

/** The rows the log shows now, read by Export at the moment of the click (a stable object). */
class LatestRows implements RowSelection {
  #rows: RowSelection = { count: 0, at: (i) => i }
  set(rows: RowSelection): void {
    this.#rows = rows
  }
  get count(): number {
    return this.#rows.count
  }
  at(i: number): number {
    return this.#rows.at(i)
  }
}

/**
 * The first subscription whose filter matches a topic gives a row its colour; cached per topic id
 * until the subscriptions or the connection change.
 */
class SubscriptionCache {
  #filters = ''
  #index: unknown
  #subscriptions: readonly { filter: string }[] = []
  #byTopic = new Map<number, number>()

  use(subscriptions: readonly { filter: string }[], index: unknown): void {
    const filters = subscriptions.map((s) => s.filter).join('\u0000')
    this.#subscriptions = subscriptions
    if (filters === this.#filters && index === this.#index) return
    this.#filters = filters
    this.#index = index
    this.#byTopic.clear()
  }

  /** The position of the first matching subscription, or -1. */
  positionOf(topicId: number, topic: string): number {
    let position = this.#byTopic.get(topicId)
    if (position === undefined) {
      position = this.#subscriptions.findIndex((s) => topicMatches(s.filter, topic))
      this.#byTopic.set(topicId, position)
    }
    return position
  }
}

/**
 * The log's payload format. Memo: the log re-renders up to four times a second under traffic,
 * and React re-selecting the option of an unchanged `<select>` made Chromium lay out the whole
 * page (#12).
 */
const FormatSelect = memo(function FormatSelect({
  format,
  onFormat,
}: {
  format: PayloadFormat
  onFormat: (format: PayloadFormat) => void
}) {
  const { t } = useTranslation('messages')
  return (
    <label className="inline">
      <span className="visually-hidden">{t('Payload format')}</span>
      <select
        aria-label={t('Payload format')}
        value={format}
        onChange={(e) => onFormat(e.target.value as PayloadFormat)}
      >
        <PayloadFormatOptions />
      </select>
    </label>
  )
})
