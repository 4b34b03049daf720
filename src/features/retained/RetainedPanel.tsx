import { useVirtualizer } from '@tanstack/react-virtual'
import { useId, useMemo, useRef } from 'react'
import { formatBytes, formatCount } from '../../lib/format'
import type { RetainedProgress } from '../../mqtt/retainedRequests'
import { useRetainedStore } from './retainedStore'
import './retained.css'

const ROW_HEIGHT = 26

/** "Clearing 340 of 1,000…" */
export function progressText(p: RetainedProgress): string {
  switch (p.phase) {
    case 'scan':
      return `Scanning: ${formatCount(p.done)} retained found (${formatBytes(p.bytes)})\u2026`
    case 'clear':
      return `Clearing ${formatCount(p.done)} of ${formatCount(p.total)}\u2026`
    case 'restore':
      return `Restoring ${formatCount(p.done)} of ${formatCount(p.total)}\u2026`
  }
}

/**
 * The retained-message manager (UI contract, Project additions: "Retained messages"): scan a
 * filter, see the retained topics with their sizes, clear one or all after a preview of how many,
 * and undo the last clear.
 */
export function RetainedPanel() {
  const id = useId()
  const filter = useRetainedStore((s) => s.filter)
  const busy = useRetainedStore((s) => s.busy)
  const progress = useRetainedStore((s) => s.progress)
  const list = useRetainedStore((s) => s.list)
  const listFilter = useRetainedStore((s) => s.listFilter)
  const cut = useRetainedStore((s) => s.cut)
  const backup = useRetainedStore((s) => s.backup)
  const result = useRetainedStore((s) => s.result)
  const { setFilter, scan, clearAll, clearOne, undo } = useRetainedStore.getState()
  const bytes = useMemo(() => list?.reduce((n, m) => n + m.payload.byteLength, 0) ?? 0, [list])

  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: list?.length ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  })

  return (
    <section className="panel retained-panel" role="region" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Retained messages</h2>
      <form
        className="retained-scan"
        onSubmit={(e) => {
          e.preventDefault()
          void scan()
        }}
      >
        <input
          type="text"
          aria-label="Retained filter"
          value={filter}
          spellCheck={false}
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="submit" disabled={busy !== undefined}>
          Scan retained
        </button>
      </form>

      {progress && (
        <div className="retained-progress">
          <progress
            aria-label="Retained progress"
            max={progress.total || undefined}
            value={progress.total ? progress.done : undefined}
          />
          <span>{progressText(progress)}</span>
        </div>
      )}

      <p
        className={result?.error ? 'retained-result error' : 'retained-result'}
        role="status"
        aria-label="Retained result"
      >
        {result?.text}
      </p>
      {cut && (
        <p className="retained-cut" role="alert">
          {cut}
        </p>
      )}
      {list && list.length > 0 && (
        <div className="retained-preview">
          <span>
            {formatCount(list.length)} retained {list.length === 1 ? 'message' : 'messages'} under{' '}
            <code>{listFilter}</code> will be cleared ({formatBytes(bytes)})
          </span>
          <button type="button" disabled={busy !== undefined} onClick={() => void clearAll()}>
            Clear all {formatCount(list.length)} retained
          </button>
        </div>
      )}
      {backup && (
        <div className="retained-undo">
          <button type="button" disabled={busy !== undefined} onClick={() => void undo()}>
            Undo
          </button>
          <span className="muted">
            republishes {formatCount(backup.messages.length)} cleared retained{' '}
            {backup.messages.length === 1 ? 'message' : 'messages'} ({backup.what})
          </span>
        </div>
      )}

      {list && list.length > 0 && (
        <div className="retained-scroll" ref={scrollRef}>
          <ul
            aria-label="Retained topics"
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {virtualizer.getVirtualItems().map((row) => {
              const m = list[row.index]!
              return (
                <li
                  key={m.topic}
                  aria-setsize={list.length}
                  aria-posinset={row.index + 1}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                >
                  <span className="retained-topic" title={m.topic}>
                    {m.topic}
                  </span>
                  <span className="retained-size">{formatBytes(m.payload.byteLength)}</span>
                  <span className="retained-qos">QoS {m.qos}</span>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Clear retained ${m.topic}`}
                    disabled={busy !== undefined}
                    onClick={() => void clearOne(m.topic)}
                  >
                    Clear
                  </button>
                </li>
              )
            })}
          </ul>
        </div>
      )}
    </section>
  )
}
