import { useVirtualizer } from '@tanstack/react-virtual'
import type { TFunction } from 'i18next'
import { Eraser, ScanSearch, Undo2 } from 'lucide-react'
import { useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { previewLine } from '../../codecs/payload'
import { TopicText } from '../../components/TopicText'
import { PREVIEW_BYTES } from '../../engine/budgets'
import { useWord } from '../../i18n/word'
import { formatBytes, formatCount } from '../../lib/format'
import type { RetainedProgress } from '../../wire/retained'
import { selectShownId, useAppStore } from '../../store/appStore'
import { ClearAllRetained } from './ClearRetainedButton'
import { retained, retainedActions } from './retainedStore'
import './retained.css'

const ROW_HEIGHT = 26
/** A row in two lines (topic, then payload, size, QoS and Clear) in a narrow list. */
const STACKED_ROW_HEIGHT = 46
/**
 * Below this list width (px) rows stack: in one line at 390 px the payload had no room left and
 * the topic was cut to its first levels (#14 review).
 */
const STACK_BELOW_PX = 400

/** "Clearing 340 of 1,000…" */
export function progressText(p: RetainedProgress, t: TFunction<'retained'>): string {
  const counts = { n: formatCount(p.done), total: formatCount(p.total) }
  switch (p.phase) {
    case 'scan':
      return t('Scanning: {{n}} retained found ({{size}})…', {
        n: formatCount(p.done),
        size: formatBytes(p.bytes),
      })
    case 'clear':
      return t('Clearing {{n}} of {{total}}…', counts)
    case 'restore':
      return t('Restoring {{n}} of {{total}}…', counts)
  }
}

/**
 * The retained-message manager (UI contract, Project additions: "Retained messages"): scan a
 * filter, see the retained topics with their sizes, clear one or all after a preview of how many,
 * and undo the last clear.
 */
export function RetainedPanel() {
  const id = useId()
  const { t } = useTranslation('retained')
  const filter = retained.useShown((s) => s.filter)
  const busy = retained.useShown((s) => s.busy)
  const progress = retained.useShown((s) => s.progress)
  const list = retained.useShown((s) => s.list)
  const listFilter = retained.useShown((s) => s.listFilter)
  const cut = retained.useShown((s) => s.cut)
  const backup = retained.useShown((s) => s.backup)
  const result = retained.useShown((s) => s.result)
  const { setFilter, scan, clearOne, undo } = retainedActions(useAppStore(selectShownId))
  const word = useWord()
  const bytes = useMemo(() => list?.reduce((n, m) => n + m.payload.byteLength, 0) ?? 0, [list])

  // State, not a ref: the list's box appears with the first scan, and its width is observed then.
  const [scrollEl, setScrollEl] = useState<HTMLDivElement | null>(null)
  const stacked = useStacked(scrollEl)
  const virtualizer = useVirtualizer({
    count: list?.length ?? 0,
    getScrollElement: () => scrollEl,
    estimateSize: () => (stacked ? STACKED_ROW_HEIGHT : ROW_HEIGHT),
    overscan: 10,
  })
  useEffect(() => virtualizer.measure(), [virtualizer, stacked])

  return (
    <section className="panel retained-panel" role="region" aria-labelledby={`${id}-h`}>
      {/* Heading and scan form share a row: the pane is short while details keep their room. */}
      <div className="retained-head">
        <h2 id={`${id}-h`}>{t('Retained messages')}</h2>
        <form
          className="retained-scan"
          onSubmit={(e) => {
            e.preventDefault()
            void scan()
          }}
        >
          <input
            type="text"
            aria-label={t('Retained filter')}
            value={filter}
            spellCheck={false}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="submit" className="icon-button" disabled={busy !== undefined}>
            <ScanSearch size={16} aria-hidden="true" />
            {t('Scan retained')}
          </button>
        </form>
      </div>

      {progress && (
        <div className="retained-progress">
          <progress
            aria-label={t('Retained progress')}
            max={progress.total || undefined}
            value={progress.total ? progress.done : undefined}
          />
          <span>{progressText(progress, t)}</span>
        </div>
      )}

      <p
        className={result?.error ? 'retained-result error' : 'retained-result'}
        role="status"
        aria-label={t('Retained result')}
      >
        {result?.text()}
      </p>
      {cut && (
        <p className="retained-cut" role="alert">
          {word(cut)}
        </p>
      )}
      {list && list.length > 0 && (
        <div className="retained-preview">
          <CodeIn
            text={t('{{n}} retained messages under {{filter}} will be cleared ({{size}})', {
              count: list.length,
              n: formatCount(list.length),
              filter: MARK,
              size: formatBytes(bytes),
            })}
            code={listFilter}
          />
          <ClearAllRetained count={list.length} filter={listFilter} />
        </div>
      )}
      {backup && (
        <div className="retained-undo">
          <button
            type="button"
            className="icon-button"
            disabled={busy !== undefined}
            onClick={() => void undo()}
          >
            <Undo2 size={16} aria-hidden="true" />
            {t('Undo')}
          </button>
          <span className="muted">
            {t(
              'republishes {{n}} cleared retained messages ({{what}}); kept until you leave or reload this page',
              {
                count: backup.messages.length,
                n: formatCount(backup.messages.length),
                what: backup.what(),
              },
            )}
          </span>
        </div>
      )}

      {list && list.length > 0 && (
        <div className="retained-scroll" ref={setScrollEl} data-stacked={stacked || undefined}>
          <ul
            aria-label={t('Retained topics')}
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {virtualizer.getVirtualItems().map((row) => {
              const m = list[row.index]!
              return (
                <li
                  key={m.topic}
                  aria-setsize={list.length}
                  aria-posinset={row.index + 1}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                  title={m.topic}
                >
                  <TopicText topic={m.topic} className="retained-topic" />
                  <span className="retained-payload">{payloadLine(m.payload, m.topic, t)}</span>
                  <span className="retained-size">{formatBytes(m.payload.byteLength)}</span>
                  <span className="retained-qos">QoS {m.qos}</span>
                  <button
                    type="button"
                    className="link icon-button"
                    aria-label={t('Clear retained {{topic}}', { topic: m.topic })}
                    disabled={busy !== undefined}
                    onClick={() => void clearOne(m.topic)}
                  >
                    <Eraser size={16} aria-hidden="true" />
                    {t('Clear')}
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

/** Stands for the code part of a sentence, so the translation decides where it goes. */
const MARK = '\u0000'

/** A translated sentence with its MARK shown as `<code>` (a topic filter, never markup). */
function CodeIn({ text, code }: { text: string; code: string }) {
  const [before, after = ''] = text.split(MARK)
  return (
    <span>
      {before}
      <code>{code}</code>
      {after}
    </span>
  )
}

/** A retained payload on one line, as the log shows it (from its first PREVIEW_BYTES). */
function payloadLine(payload: Uint8Array, topic: string, t: TFunction<'retained'>): string {
  const head = payload.subarray(0, PREVIEW_BYTES)
  return (
    previewLine(head, payload.byteLength, 'auto', topic)?.text ??
    t('Sparkplug B, {{n}} bytes', { n: formatCount(payload.byteLength) })
  )
}

/**
 * Whether the list is narrower than STACK_BELOW_PX, from a ResizeObserver (no layout read while
 * rendering); a render only when it crosses that width.
 */
function useStacked(list: HTMLElement | null): boolean {
  const [stacked, setStacked] = useState(false)
  useEffect(() => {
    // Without ResizeObserver (jsdom in unit tests) rows stay on one line.
    if (!list || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setStacked(entry.contentRect.width < STACK_BELOW_PX)
    })
    observer.observe(list)
    return () => observer.disconnect()
  }, [list])
  return stacked
}
