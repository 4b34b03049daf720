import { useId, useMemo } from 'react'
import { decodePayload } from '../../codecs/payload'
import { formatBytes, formatClock, formatCount, formatRate } from '../../lib/format'
import { selectPayloadFormat, selectSelectedTopicId, useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { useDataVersion } from '../../store/useData'

/** The selected topic's latest message with its metadata (UI contract: "Topic details"). */
export function TopicDetails() {
  const selected = useAppStore(selectSelectedTopicId)
  const format = useAppStore(selectPayloadFormat)
  const detailVersion = useDataVersion('detail')
  useDataVersion('stats')
  const id = useId()
  const detail = dataStore.detail
  const index = dataStore.index
  const current = detail && detail.topicId === selected ? detail : undefined

  const decoded = useMemo(
    () => (current ? decodePayload(current.payload, format, current.size, true) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- detailVersion marks a new payload
    [current, format, detailVersion],
  )

  let body
  if (selected === undefined) {
    body = <p className="empty">Select a topic in the tree to see its latest message.</p>
  } else if (!current) {
    const hasOwn = (index.counts[selected] ?? 0) > 0
    body = (
      <>
        <p className="detail-topic">{index.topicOf(selected)}</p>
        <p className="empty">
          {hasOwn
            ? 'Loading the latest message\u2026'
            : `No message on this exact topic yet; ${formatCount(index.subtree[selected] ?? 0)} below it. Open it in the tree to see its subtopics.`}
        </p>
      </>
    )
  } else {
    body = (
      <>
        <p className="detail-topic">{current.topic}</p>
        <dl className="meta">
          <dt>QoS</dt>
          <dd>{current.qos}</dd>
          <dt>Retained</dt>
          <dd>{current.retain ? 'yes' : 'no'}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(current.size)}</dd>
          <dt>Received</dt>
          <dd>{formatClock(current.ts)}</dd>
          <dt>Messages</dt>
          <dd>{formatCount(index.counts[current.topicId] ?? current.count)}</dd>
          <dt>Rate</dt>
          <dd>{formatRate(index.rates[current.topicId] ?? 0)}/s</dd>
        </dl>
        {decoded?.note && <p className="muted">{decoded.note}</p>}
        <pre className={`payload kind-${decoded?.kind ?? 'text'}`}>{decoded?.text}</pre>
      </>
    )
  }

  return (
    <section
      className="panel details-panel"
      role="region"
      aria-labelledby={`${id}-h`}
      aria-label="Topic details"
    >
      <h2 id={`${id}-h`}>Topic details</h2>
      {body}
    </section>
  )
}
