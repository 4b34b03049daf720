import { PayloadFormatOptions } from '../../components/PayloadFormatOptions'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useId, useLayoutEffect, useRef, useState } from 'react'
import { decodePayload, oneLine, type PayloadFormat } from '../../codecs/payload'
import { formatClock, formatCount } from '../../lib/format'
import { FLAG_RETAIN, QOS_SHIFT } from '../../mqtt/protocol'
import {
  selectPaused,
  selectPausedAt,
  selectPayloadFormat,
  useAppStore,
} from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { effectiveFormat, useDecoderStore } from '../../store/decoderStore'
import { useDataVersion } from '../../store/useData'

const ROW_HEIGHT = 22

/**
 * The message log (UI contract: "Messages"): a virtual list over the bounded log ring that
 * follows the newest row unless the user scrolled up or paused. Payloads are decoded here, only
 * for the rows on screen.
 */
export function MessageLog() {
  useDataVersion('log')
  const paused = useAppStore(selectPaused)
  const pausedAt = useAppStore(selectPausedAt)
  const format = useAppStore(selectPayloadFormat)
  const bindings = useDecoderStore((s) => s.bindings)
  const setPaused = useAppStore((s) => s.setPaused)
  const setFormat = useAppStore((s) => s.setPayloadFormat)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [follow, setFollow] = useState(true)
  const id = useId()

  const log = dataStore.log
  const index = dataStore.index
  const first = log.first
  const end = paused ? Math.max(first, Math.min(pausedAt, log.total)) : log.total
  const count = end - first
  const newWhilePaused = paused ? log.total - pausedAt : 0

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

  return (
    <section className="panel log-panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Messages</h2>
        <button type="button" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        {paused && <span className="muted">{formatCount(newWhilePaused)} new while paused</span>}
        {!follow && !paused && (
          <button type="button" className="link" onClick={() => setFollow(true)}>
            Jump to latest
          </button>
        )}
        <label className="inline">
          <span className="visually-hidden">Payload format</span>
          <select
            aria-label="Payload format"
            value={format}
            onChange={(e) => setFormat(e.target.value as PayloadFormat)}
          >
            <PayloadFormatOptions />
          </select>
        </label>
        <span className="muted log-note">
          last {formatCount(log.length)} of {formatCount(log.total)}
          {log.evicted > 0
            ? ` (older ones scrolled out of the ${formatCount(log.capacity)}-row log)`
            : ''}
        </span>
      </div>
      {/* aria-live is off: at thousands of messages a second a live region would drown a screen
          reader. The counters and the connection status carry what is worth announcing. */}
      <div
        ref={scrollRef}
        className="log-scroll"
        role="log"
        aria-label="Messages"
        aria-live="off"
        onScroll={onScroll}
      >
        {count === 0 && (
          <p className="empty">
            No messages yet. Messages matching your subscriptions appear here as they arrive.
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = log.row(first + item.index)
            if (!row) return null
            const qos = (row.flags >> QOS_SHIFT) & 3
            const retained = (row.flags & FLAG_RETAIN) !== 0
            const topic = index.topicOf(row.topicId)
            // On Auto, a decoder bound to the row's topic decides (see the details view).
            const decoded = decodePayload(
              row.preview,
              effectiveFormat(format, bindings, topic),
              row.size,
              false,
              { topic },
            )
            return (
              <div
                key={row.index}
                className="log-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span className="log-time">{formatClock(row.ts)}</span>
                <span className="log-topic" title={topic}>
                  {topic}
                </span>
                <span className={`log-payload kind-${decoded.kind}`}>{oneLine(decoded.text)}</span>
                <span className="log-qos">QoS {qos}</span>
                {retained && <span className="badge">retained</span>}
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
