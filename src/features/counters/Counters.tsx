import { useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCount, formatRate } from '../../lib/format'
import type { Totals } from '../../wire/frame'
import { dataStore } from '../../store/dataStore'

interface CounterProps {
  label: string
  read: (totals: Totals) => string
  title: string
}

/**
 * One live counter. It writes its text straight into the DOM when the totals change, so a
 * frame's counters cost no React render (the pattern of Lichtblick's DirectTopicStatsUpdater).
 */
function Counter({ label, read, title }: CounterProps) {
  const ref = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const update = () => {
      const text = read(dataStore.totals)
      if (ref.current && ref.current.textContent !== text) ref.current.textContent = text
    }
    update()
    return dataStore.subscribe('totals', update)
  }, [read])
  return (
    <div className="counter" title={title}>
      <span className="counter-label" aria-hidden="true">
        {label}
      </span>
      {/* role=status for the contract's name; aria-live off, or it would chatter every frame. */}
      {/* No React children: the effect owns this text node. */}
      <span ref={ref} role="status" aria-label={label} aria-live="off" className="counter-value" />
    </div>
  )
}

const readReceived = (t: Totals) => formatCount(t.received)
const readRate = (t: Totals) => `${formatRate(t.rate)}/s`
const readDropped = (t: Totals) => formatCount(t.dropped)
const readTopics = (t: Totals) => formatCount(t.topics)

/** The connection's counters (UI contract: "Counters"). */
export function Counters() {
  const { t } = useTranslation('counters')
  return (
    <div className="counters">
      <Counter
        label={t('Messages received')}
        read={readReceived}
        title={t('All messages received on this connection (exact)')}
      />
      <Counter
        label={t('Message rate')}
        read={readRate}
        title={t('Messages per second over the last second')}
      />
      <Counter
        label={t('Messages dropped')}
        read={readDropped}
        title={t(
          'Messages that never reached the message log because the view fell behind. Tree counts and last values stay exact.',
        )}
      />
      <Counter
        label={t('Topics')}
        read={readTopics}
        title={t('Distinct topics seen on this connection')}
      />
    </div>
  )
}
