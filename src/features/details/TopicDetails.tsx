import { useDeferredValue, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DETAIL_EVERY_MS } from '../../engine/budgets'
import { formatCount } from '../../lib/format'
import { selectPayloadFormat, selectSelectedTopicId, useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { effectiveFormat, useDecoderStore } from '../../store/decoderStore'
import type { TopicIndex } from '../../store/TopicIndex'
import { usePacedData } from '../../store/useData'
import { DetailBody, RateButton } from './DetailBody'
import './details.css'

const DETAIL_KEYS = ['detail', 'stats'] as const

/**
 * The selected topic's latest message with its metadata (UI contract: "Topic details"). It
 * repaints at most every DETAIL_EVERY_MS, and only when the selected topic's message or counts
 * changed (not for traffic elsewhere); the worker sends the detail at the same pace.
 */
export function TopicDetails() {
  const selected = useAppStore(selectSelectedTopicId)
  const connId = useAppStore((s) => s.shownId)
  const chosenFormat = useAppStore(selectPayloadFormat)
  const bindings = useDecoderStore((s) => s.bindings)
  const [drawn] = useState(() => new DrawnDetail())
  const version = usePacedData(DETAIL_KEYS, DETAIL_EVERY_MS, () =>
    drawn.changed(dataStore.index, selected),
  )
  const id = useId()
  const { t } = useTranslation('details')
  const detail = dataStore.detail
  const index = dataStore.index
  drawn.record(index)
  const current = detail && detail.topicId === selected ? detail : undefined

  // A topic's first body (its first message, or a new selection) is built deferred: React renders
  // it in slices of a few milliseconds that yield to the browser, not in the animation frame that
  // applied the data (#12: mounting it there was the longest task at 1 k msgs/s); until then the
  // line below shows. Once built, its updates render in the paced frame with the other panels: a
  // commit of its own would be a frame of its own (+1.5 layouts/s at 1 k msgs/s).
  // The deferred value is the topic, not the detail: a new message on the same topic schedules
  // no deferred render at all.
  const shownTopic = useDeferredValue(current?.topicId)
  const built = current !== undefined && shownTopic === current.topicId

  let body
  if (selected === undefined) {
    body = <p className="empty">{t('Select a topic in the tree to see its latest message.')}</p>
  } else if (!built) {
    const hasOwn = (index.counts[selected] ?? 0) > 0
    body = (
      <>
        <p className="detail-topic">{index.topicOf(selected)}</p>
        <div className="chart-buttons">
          <RateButton topic={index.topicOf(selected)} />
        </div>
        <p className="empty">
          {hasOwn
            ? t('Loading the latest message…')
            : t(
                'No message on this exact topic yet; {{n}} below it. Open it in the tree to see its subtopics.',
                { n: formatCount(index.subtree[selected] ?? 0) },
              )}
        </p>
      </>
    )
  } else {
    body = (
      <DetailBody
        current={current}
        // The log's "Payload format" rules; on Auto a decoder bound to the topic is used.
        format={effectiveFormat(chosenFormat, bindings, current.topic)}
        connId={connId}
        version={version}
      />
    )
  }

  return (
    <section
      className="panel details-panel"
      role="region"
      aria-labelledby={`${id}-h`}
      aria-label={t('Topic details')}
    >
      <h2 id={`${id}-h`}>{t('Topic details')}</h2>
      {body}
    </section>
  )
}

/** What the details last painted: the detail, and the index frame its counts came from. */
class DrawnDetail {
  #index: TopicIndex | undefined
  #frame = 0
  #detail = -1

  record(index: TopicIndex): void {
    this.#index = index
    this.#frame = index.frame
    this.#detail = dataStore.events.version('detail')
  }

  /** True when a new detail came, or the selected topic's counts changed, since the paint. */
  changed(index: TopicIndex, selected: number | undefined): boolean {
    if (index !== this.#index || dataStore.events.version('detail') !== this.#detail) return true
    return selected !== undefined && (index.changedAt[selected] ?? 0) > this.#frame
  }
}
