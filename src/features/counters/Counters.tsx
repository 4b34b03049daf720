import { useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { COUNTERS_EVERY_MS } from '../../engine/budgets'
import { writeLiveText, writeText } from '../../components/LiveText'
import type { TFunction } from 'i18next'
import { filler } from '../../i18n/filler'
import { useWord } from '../../i18n/word'
import { coded, type Coded } from '../../lib/coded'
import { formatCount, formatRate } from '../../lib/format'
import { Pacer } from '../../lib/pacer'
import { dataStore } from '../../store/dataStore'
import type { Totals } from '../../wire/frame'
import './counters.css'

interface Field {
  label: string
  title: string
  read: (totals: Totals) => string
  /** A title that follows the totals (written only when it changed). */
  titleOf?: (totals: Totals) => string
}

/** The Topics counter's tooltip, written at each counters' tick (4 Hz). */
const topicsTitle = filler(['n', 'nodes'], (t: TFunction<'counters'>, slots) =>
  t(
    '{{n}} topics received at least one message on this connection; with the levels between them, the tree has {{nodes}} nodes.',
    slots,
  ),
)

/** The broker's drop count, or '' when the broker publishes none (the counter is then hidden). */
const readBrokerDropped = (t: Totals) =>
  t.brokerDropped === undefined ? '' : formatCount(t.brokerDropped)

/**
 * The connection's counters (UI contract: "Counters"). Their text is written straight into the
 * DOM, at most every COUNTERS_EVERY_MS, when the totals changed: a frame's counters cost no React
 * render (the pattern of Lichtblick's DirectTopicStatsUpdater), and 30 writes a second still
 * read as a smooth count while sparing the layouts of 60.
 */
export function Counters() {
  const { t } = useTranslation('counters')
  const word = useWord()
  const fields: Field[] = [
    {
      label: t('Messages received'),
      title: t('All messages received on this connection (exact)'),
      read: (v) => formatCount(v.received),
    },
    {
      label: t('Message rate'),
      title: t('Messages per second over the last second'),
      read: (v) => `${formatRate(v.rate)}/s`,
    },
    {
      label: t('Messages dropped'),
      title: t(
        'Messages that never reached the message log because the view fell behind. Tree counts and last values stay exact.',
      ),
      read: (v) => formatCount(v.dropped),
    },
    {
      label: t('Topics'),
      title: t('Topics that received at least one message on this connection'),
      read: (v) => formatCount(v.topics),
      titleOf: (v) => topicsTitle(t, { n: formatCount(v.topics), nodes: formatCount(v.nodes) }),
    },
    {
      label: t('Broker dropped (all clients)'),
      title: t(
        'Messages the broker itself dropped since this connection started, for all its clients, because their queues were full (the broker’s $SYS/broker/publish/messages/dropped). Shown only when the broker publishes it.',
      ),
      read: readBrokerDropped,
    },
  ]
  const values = useRef<(HTMLSpanElement | null)[]>([])
  const boxes = useRef<(HTMLDivElement | null)[]>([])
  const limit = useRef<HTMLParagraphElement>(null)

  useLayoutEffect(() => {
    const write = () =>
      writeTotals(dataStore.totals, fields, values.current, boxes.current, limit.current, word)
    write()
    const pacer = new Pacer(COUNTERS_EVERY_MS, write)
    const off = dataStore.subscribe('totals', () => pacer.mark())
    return () => {
      off()
      pacer.dispose()
    }
    // The fields are rebuilt each render from `t` only: the language (t, word) is what changes them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, word])

  return (
    <div className="counters">
      {fields.map((f, i) => (
        <div
          key={f.label}
          className="counter"
          title={f.title}
          ref={(el) => {
            boxes.current[i] = el
          }}
        >
          <span className="counter-label" aria-hidden="true">
            {f.label}
          </span>
          {/* role=status for the contract's name; aria-live off, or it would chatter every frame. */}
          {/* No React children: the effect owns this text node. */}
          <span
            ref={(el) => {
              values.current[i] = el
            }}
            role="status"
            aria-label={f.label}
            aria-live="off"
            className="counter-value live-text"
          />
        </div>
      ))}
      {/* Polite: it appears rarely (the broker keeps dropping while this tab's rate is flat). */}
      <p
        ref={limit}
        className="tab-limit"
        role="status"
        aria-label={t('Tab limit')}
        aria-live="polite"
      />
    </div>
  )
}

/** Writes the counters' text (only what changed) and shows or hides the broker's own figures. */
function writeTotals(
  totals: Totals,
  fields: readonly Field[],
  values: (HTMLSpanElement | null)[],
  boxes: (HTMLDivElement | null)[],
  limit: HTMLParagraphElement | null,
  word: (message: Coded) => string,
): void {
  fields.forEach((field, i) => {
    const text = field.read(totals)
    const el = values[i]
    if (el) writeLiveText(el, text)
    const box = boxes[i]
    if (!box) return
    // A counter with nothing to say (the broker publishes no drop count) is not shown at all.
    if (box.hidden !== (text === '')) box.hidden = text === ''
    const title = field.titleOf?.(totals)
    if (title !== undefined && box.title !== title) box.title = title
  })
  if (!limit) return
  const sentence =
    totals.limitRate === undefined
      ? ''
      : word(coded('counters.tabLimit', { rate: formatCount(totals.limitRate) }))
  writeText(limit, sentence)
}
