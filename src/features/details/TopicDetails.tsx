import { useId, useMemo } from 'react'
import { extractNumber, numericLeaves } from '../../codecs/numeric'
import { decodePayload, strictText } from '../../codecs/payload'
import { JSON_LEAVES_LISTED } from '../../engine/budgets'
import { useChartsStore } from '../../store/chartsStore'
import { formatBytes, formatClock, formatCount, formatRate } from '../../lib/format'
import { selectPayloadFormat, selectSelectedTopicId, useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { effectiveFormat, useDecoderStore } from '../../store/decoderStore'
import { useDataVersion } from '../../store/useData'
import { DecoderBindings } from './DecoderBindings'
import { DetailActions } from './DetailActions'
import { PropertyTerms, UserPropertiesTable } from './MessageMeta'
import { historyItems, TopicHistory } from './TopicHistory'
// The shared contract puts this button in the details; its logic belongs to the retained manager.
// eslint-disable-next-line no-restricted-imports
import { ClearRetainedButton } from '../retained/ClearRetainedButton'
import { JsonTree } from './JsonTree'
import { DownloadPayload, ImagePreview } from './PayloadExtras'
import { SparkplugTable } from './SparkplugTable'
import './details.css'

/** The selected topic's latest message with its metadata (UI contract: "Topic details"). */
export function TopicDetails() {
  const selected = useAppStore(selectSelectedTopicId)
  const chosenFormat = useAppStore(selectPayloadFormat)
  const bindings = useDecoderStore((s) => s.bindings)
  const detailVersion = useDataVersion('detail')
  useDataVersion('stats')
  const id = useId()
  const detail = dataStore.detail
  const index = dataStore.index
  const current = detail && detail.topicId === selected ? detail : undefined

  // The log's "Payload format" rules; on Auto a decoder bound to the topic is used.
  const format = current ? effectiveFormat(chosenFormat, bindings, current.topic) : chosenFormat
  const decoded = useMemo(
    () =>
      current
        ? decodePayload(current.payload, format, current.size, true, {
            topic: current.topic,
            ...(current.sparkplugBirths ? { births: current.sparkplugBirths } : {}),
          })
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- detailVersion marks a new payload
    [current, format, detailVersion],
  )
  const tree = useMemo(() => {
    if (!decoded) return undefined
    if (decoded.kind === 'cbor' || decoded.kind === 'msgpack') return { value: decoded.value }
    if (decoded.kind !== 'json') return undefined
    try {
      return { value: JSON.parse(decoded.text) as unknown }
    } catch {
      return undefined
    }
  }, [decoded])

  let body
  if (selected === undefined) {
    body = <p className="empty">Select a topic in the tree to see its latest message.</p>
  } else if (!current) {
    const hasOwn = (index.counts[selected] ?? 0) > 0
    body = (
      <>
        <p className="detail-topic">{index.topicOf(selected)}</p>
        <div className="chart-buttons">
          <RateButton topic={index.topicOf(selected)} />
        </div>
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
          <dt>Dup</dt>
          <dd>{current.dup ? 'yes' : 'no'}</dd>
          <dt>Size</dt>
          <dd>{formatBytes(current.size)}</dd>
          <dt>Received</dt>
          <dd>{formatClock(current.ts)}</dd>
          <dt>Messages</dt>
          <dd>{formatCount(index.counts[current.topicId] ?? current.count)}</dd>
          <dt>Rate</dt>
          <dd>{formatRate(index.rates[current.topicId] ?? 0)}/s</dd>
          {current.properties && <PropertyTerms props={current.properties} />}
        </dl>
        {current.properties?.userProperties && (
          <UserPropertiesTable props={current.properties.userProperties} />
        )}
        <DetailActions detail={current} />
        <DecoderBindings key={current.topic} topic={current.topic} />
        <ClearRetainedButton topicId={current.topicId} topic={current.topic} qos={current.qos} />
        <DownloadPayload
          topicId={current.topicId}
          topic={current.topic}
          size={current.size}
          keptWhole={current.keptWhole}
          {...(current.cut ? { cut: current.cut } : {})}
        />
        {decoded?.note && <p className="muted">{decoded.note}</p>}
        {decoded?.kind === 'sparkplug' && decoded.sparkplug ? (
          <SparkplugTable payload={decoded.sparkplug} />
        ) : decoded?.kind === 'image' && decoded.mime ? (
          <ImagePreview bytes={current.payload} mime={decoded.mime} />
        ) : tree ? (
          <>
            {decoded?.kind !== 'json' && (
              <p className="muted">{decoded?.kind === 'cbor' ? 'CBOR' : 'MessagePack'}</p>
            )}
            <JsonTree value={tree.value} />
          </>
        ) : (
          <pre className={`payload kind-${decoded?.kind ?? 'text'}`}>{decoded?.text}</pre>
        )}
        <ChartButtons topic={current.topic} payload={current.payload} size={current.size} />
        <TopicHistory
          key={current.topicId}
          items={historyItems(current.history, index.counts[current.topicId] ?? current.count)}
        />
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

/** Largest payload whose JSON leaves are listed (parsing happens on the UI thread, per update). */
const LEAVES_MAX_BYTES = 65_536

/** Adds the message rate of a topic and everything below it to a chart. */
function RateButton({ topic }: { topic: string }) {
  return (
    <button
      type="button"
      onClick={() => useChartsStore.getState().addSeries({ kind: 'rate', scope: 'subtree', topic })}
    >
      Chart message rate of {topic}/#
    </button>
  )
}

/**
 * "Chart <topic>" for a payload that is a number, and one "Chart <topic> <path>" per numeric
 * leaf of a JSON payload (UI contract: Topic tree, chart).
 */
function ChartButtons({
  topic,
  payload,
  size,
}: {
  topic: string
  payload: Uint8Array
  size: number
}) {
  const { plain, leaves } = useMemo(() => {
    const plainValue = extractNumber(payload)
    let list: { path: string; value: number }[] = []
    if (plainValue === undefined && size <= LEAVES_MAX_BYTES) {
      const text = strictText(payload, false)
      if (text !== undefined && /^\s*[[{]/.test(text)) {
        try {
          list = numericLeaves(JSON.parse(text) as unknown, JSON_LEAVES_LISTED)
        } catch {
          // not JSON: no leaves to list
        }
      }
    }
    return { plain: plainValue, leaves: list }
  }, [payload, size])
  const add = useChartsStore.getState().addSeries
  return (
    <div className="chart-buttons">
      {plain !== undefined && (
        <button type="button" onClick={() => add({ kind: 'value', topic })}>
          Chart {topic}
        </button>
      )}
      <RateButton topic={topic} />
      {leaves.length > 0 && (
        <ul className="leaves" aria-label="Numeric fields">
          {leaves.map((leaf) => (
            <li key={leaf.path}>
              <span className="leaf-path">{leaf.path}</span>{' '}
              <span className="muted">{leaf.value}</span>
              <button
                type="button"
                className="link"
                aria-label={`Chart ${topic} ${leaf.path}`}
                onClick={() => add({ kind: 'value', topic, path: leaf.path })}
              >
                Chart
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
