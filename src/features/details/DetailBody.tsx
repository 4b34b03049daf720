import { LiveText } from '../../components/LiveText'
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { extractNumber, numericLeaves } from '../../codecs/numeric'
import {
  decodePayload,
  PAYLOAD_FORMAT_LABELS,
  strictText,
  type PayloadFormat,
} from '../../codecs/payload'
import { DETAIL_SHOWN_BYTES, JSON_LEAVES_LISTED } from '../../engine/budgets'
import type { TopicDetail } from '../../wire/frame'
import { chartActions } from '../../store/chartsStore'
import { useWord } from '../../i18n/word'
import { formatBytes, formatClock, formatCount, formatRate } from '../../lib/format'
import { useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { protobufValueOf, protoRefFor } from '../../store/schemaStore'
import { DecoderBindings } from './DecoderBindings'
import { LeafChartList } from './LeafChartList'
import { ScriptDecoded } from './ScriptDecoded'
import { DetailActions } from './DetailActions'
import { PropertyTerms, UserPropertiesTable } from './MessageMeta'
import { historyItems, TopicHistory } from './TopicHistory'
// The shared contract puts this button in the details; its logic belongs to the retained manager.
// eslint-disable-next-line no-restricted-imports
import { ClearRetainedButton } from '../retained/ClearRetainedButton'
import { JsonTree } from './JsonTree'
import { DownloadPayload, ImagePreview } from './PayloadExtras'
import { SparkplugTable } from './SparkplugTable'

/**
 * The selected topic's latest message as the details show it: metadata, the decoded payload and
 * the tools for it. `TopicDetails` mounts it for a topic in a deferred render (`useDeferredValue`),
 * so React builds it in slices that yield to the browser rather than in the frame that brought the
 * data (#12: that first render was the longest task of the bench's 1 k msgs/s step); its updates
 * render in the paced frame. Memo: the detail and `version` (the details' paced version) are its
 * only changing inputs; the counts and rate are read from the data store when it renders.
 */
export const DetailBody = memo(function DetailBody({
  current,
  format,
  connId,
}: {
  current: TopicDetail
  format: PayloadFormat
  connId: string
  /** The details' paced version: a new one re-renders the counts and rate. */
  version: number
}) {
  const { t } = useTranslation('details')
  const word = useWord()
  const index = dataStore.index
  const decoded = useMemo(
    () =>
      decodePayload(current.payload, format, current.size, true, {
        shownBytes: DETAIL_SHOWN_BYTES,
        topic: current.topic,
        ...(current.sparkplugBirths ? { births: current.sparkplugBirths } : {}),
      }),
    // A new detail is a new object: `current` marks a new payload.
    [current, format],
  )
  const tree = useMemo(() => {
    if (decoded.kind === 'cbor' || decoded.kind === 'msgpack' || decoded.kind === 'protobuf')
      return { value: decoded.value }
    if (decoded.kind !== 'json') return undefined
    try {
      return { value: JSON.parse(decoded.text) as unknown }
    } catch {
      return undefined
    }
  }, [decoded])

  return (
    <>
      <p className="detail-topic">{current.topic}</p>
      <dl className="meta">
        <dt>QoS</dt>
        <dd>{current.qos}</dd>
        <dt>{t('Retained')}</dt>
        <dd>{current.retain ? t('yes') : t('no')}</dd>
        <dt>{t('Dup')}</dt>
        <dd>{current.dup ? t('yes') : t('no')}</dd>
        <dt>{t('Size')}</dt>
        <dd>
          <LiveText text={formatBytes(current.size)} />
        </dd>
        <dt>{t('Received')}</dt>
        <dd>
          <LiveText text={formatClock(current.ts)} />
        </dd>
        <dt>{t('Messages')}</dt>
        <dd>
          <LiveText text={formatCount(index.counts[current.topicId] ?? current.count)} />
        </dd>
        <dt>{t('Rate')}</dt>
        <dd>
          <LiveText
            text={t('{{rate}}/s', { rate: formatRate(index.rates[current.topicId] ?? 0) })}
          />
        </dd>
        {current.properties && <PropertyTerms props={current.properties} />}
      </dl>
      {current.properties?.userProperties && (
        <UserPropertiesTable props={current.properties.userProperties} />
      )}
      {/* The payload first: it is what a selection is for; the tools follow it. */}
      {decoded.note && format !== 'script' && <p className="muted">{word(decoded.note)}</p>}
      {format === 'script' ? (
        <ScriptDecoded
          connId={connId}
          topic={current.topic}
          payload={current.payload}
          hex={decoded.text}
        />
      ) : decoded.kind === 'sparkplug' && decoded.sparkplug ? (
        <SparkplugTable payload={decoded.sparkplug} />
      ) : decoded.kind === 'image' && decoded.mime ? (
        <ImagePreview bytes={current.payload} mime={decoded.mime} />
      ) : tree ? (
        <>
          {decoded.kind !== 'json' && (
            <p className="muted">
              {decoded.kind === 'cbor' || decoded.kind === 'protobuf'
                ? PAYLOAD_FORMAT_LABELS[decoded.kind]
                : 'MessagePack'}
            </p>
          )}
          <JsonTree value={tree.value} />
        </>
      ) : (
        <pre className={`payload kind-${decoded.kind}`}>{decoded.text}</pre>
      )}
      <ChartButtons
        topic={current.topic}
        payload={current.payload}
        size={current.size}
        decoded={decoded.kind === 'protobuf' ? decoded.value : undefined}
      />
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
      <TopicHistory
        key={current.topicId}
        items={historyItems(current.history, index.counts[current.topicId] ?? current.count)}
        {...(format === 'protobuf' ? { decode: protobufValueOf(current.topic) } : {})}
      />
    </>
  )
})

/** Largest payload whose JSON leaves are listed (parsing happens on the UI thread, per update). */
const LEAVES_MAX_BYTES = 65_536

/**
 * Adds the message rate of a topic and everything below it to a chart. Memo: the details repaint
 * with every new payload of the topic, and this button's text depends on the topic alone.
 */
export const RateButton = memo(function RateButton({ topic }: { topic: string }) {
  const { t } = useTranslation('details')
  return (
    <button
      type="button"
      onClick={() =>
        chartActions(useAppStore.getState().shownId).addSeries({
          kind: 'rate',
          scope: 'subtree',
          topic,
        })
      }
    >
      {t('Chart message rate of {{topic}}/#', { topic })}
    </button>
  )
})

/**
 * "Chart <topic>" for a payload that is a number, and one "Chart <topic> <path>" per numeric
 * leaf of a JSON payload (UI contract: Topic tree, chart).
 */
function ChartButtons({
  topic,
  payload,
  size,
  decoded,
}: {
  topic: string
  payload: Uint8Array
  size: number
  /** The protobuf message the payload decoded to: its numeric fields chart through its type. */
  decoded?: unknown
}) {
  const protobuf = decoded === undefined ? undefined : protoRefFor(topic)
  const { plain, leaves } = useMemo(() => {
    if (decoded !== undefined)
      return { plain: undefined, leaves: numericLeaves(decoded, JSON_LEAVES_LISTED) }
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
  }, [payload, size, decoded])
  const add = chartActions(useAppStore((s) => s.shownId)).addSeries
  const { t } = useTranslation('details')
  return (
    <div className="chart-buttons">
      {plain !== undefined && (
        <button type="button" onClick={() => add({ kind: 'value', topic })}>
          {t('Chart {{topic}}', { topic })}
        </button>
      )}
      <RateButton topic={topic} />
      <LeafChartList
        topic={topic}
        leaves={leaves}
        onChart={(path) => add({ kind: 'value', topic, path, ...(protobuf ? { protobuf } : {}) })}
      />
    </div>
  )
}
