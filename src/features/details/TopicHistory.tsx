import { LiveSentence, liveSlot } from '../../components/LiveText'
import { diffLines } from 'diff'
import microdiff from 'microdiff'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { oneLine } from '../../codecs/payload'
import { formatBytes, formatClock } from '../../lib/format'
import { FLAG_DUP, FLAG_RETAIN, QOS_SHIFT, type HistoryEntries } from '../../wire/frame'
import { bytesAsText, jsonOf } from './messageText'

/** One message of the history; `n` is its number on the topic (1 = the first ever received). */
export interface HistoryItem {
  n: number
  ts: number
  size: number
  flags: number
  payload: Uint8Array
}

/** The entries of a detail frame as items, newest first; `count` is the topic's message count. */
export function historyItems(history: HistoryEntries, count: number): HistoryItem[] {
  const { offsets, bytes } = history.payloads
  return Array.from(history.ts, (ts, i) => ({
    n: count - i,
    ts,
    size: history.sizes[i]!,
    flags: history.flags[i]!,
    payload: bytes.subarray(offsets[i], offsets[i + 1]),
  }))
}

const PREVIEW_CHARS = 80

/**
 * "Topic history (N)": the topic's last messages, newest first. Ticking two shows their diff (older →
 * newer); ticking a third replaces the earlier pick. Messages are keyed by their number on the
 * topic, so a pick stays on its message while new ones arrive.
 */
/** A payload's value for the diff: JSON text by default, a protobuf message when one is bound. */
export type ValueOf = (bytes: Uint8Array) => { value: unknown } | undefined

export function TopicHistory({
  items,
  decode = jsonOf,
}: {
  items: HistoryItem[]
  decode?: ValueOf
}) {
  const [picked, setPicked] = useState<number[]>([])
  // A closed section renders no rows: a busy topic re-renders the details at every frame.
  const [open, setOpen] = useState(false)
  const { t } = useTranslation('details')
  const present = picked.filter((n) => items.some((item) => item.n === n))
  const toggle = (n: number, on: boolean) =>
    setPicked(
      on ? [...present.filter((p) => p !== n), n].slice(-2) : present.filter((p) => p !== n),
    )
  const pair =
    present.length === 2
      ? ([...present].sort((a, b) => a - b).map((n) => items.find((item) => item.n === n)!) as [
          HistoryItem,
          HistoryItem,
        ])
      : undefined
  return (
    <details className="topic-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {/* The count grows with each message: a live box (components/LiveText). */}
        <LiveSentence
          text={t('Topic history ({{n}})', { n: liveSlot(0) })}
          values={[String(items.length)]}
        />
      </summary>
      {open && (
        <HistoryRows items={items} present={present} toggle={toggle} pair={pair} decode={decode} />
      )}
    </details>
  )
}

function HistoryRows({
  items,
  present,
  toggle,
  pair,
  decode,
}: {
  items: HistoryItem[]
  present: number[]
  toggle: (n: number, on: boolean) => void
  pair: [HistoryItem, HistoryItem] | undefined
  decode: ValueOf
}) {
  const { t } = useTranslation('details')
  return (
    <>
      <p className="muted">{t('Tick two messages to compare them.')}</p>
      <ol className="history-list" aria-label={t('Topic history')}>
        {items.map((item) => {
          const qos = (item.flags >> QOS_SHIFT) & 3
          // A decoder other than JSON (protobuf) shows its value; JSON and text show as they are.
          const value = decode === jsonOf ? undefined : decode(item.payload)
          const shown = value
            ? { text: JSON.stringify(value.value) }
            : bytesAsText(item.payload.subarray(0, PREVIEW_CHARS * 4), true)
          return (
            <li key={item.n}>
              <label>
                <input
                  type="checkbox"
                  checked={present.includes(item.n)}
                  onChange={(e) => toggle(item.n, e.target.checked)}
                  aria-label={t('Compare message #{{n}}', { n: item.n })}
                />{' '}
                <span className="history-n">#{item.n}</span> <time>{formatClock(item.ts)}</time>{' '}
                <span>{formatBytes(item.size)}</span>{' '}
                <span className="muted">
                  QoS {qos}
                  {item.flags & FLAG_RETAIN ? t(', retained') : ''}
                  {item.flags & FLAG_DUP ? t(', dup') : ''}
                </span>{' '}
                <code className="history-preview">
                  {oneLine(shown.text).slice(0, PREVIEW_CHARS)}
                </code>
              </label>
            </li>
          )
        })}
      </ol>
      {pair && <HistoryDiff older={pair[0]} newer={pair[1]} decode={decode} />}
    </>
  )
}

type JsonChange = ReturnType<typeof microdiff>[number]

/** What differs between two messages: by JSON path when both are JSON, else by lines. */
export function HistoryDiff({
  older,
  newer,
  decode = jsonOf,
}: {
  older: HistoryItem
  newer: HistoryItem
  decode?: ValueOf
}) {
  const result = useMemo(() => {
    // A cut payload cannot be decoded as protobuf; jsonOf of a cut payload fails by itself.
    const whole = (item: HistoryItem) => item.payload.byteLength >= item.size
    const a = whole(older) ? decode(older.payload) : undefined
    const b = whole(newer) ? decode(newer.payload) : undefined
    if (a && b) {
      // microdiff compares objects and arrays; wrapping lets two scalars compare too.
      const changes = microdiff({ v: a.value }, { v: b.value }).map((c) => ({
        ...c,
        path: c.path.slice(1),
      })) as JsonChange[]
      return { kind: 'json' as const, changes }
    }
    const left = bytesAsText(older.payload, older.size > older.payload.byteLength)
    const right = bytesAsText(newer.payload, newer.size > newer.payload.byteLength)
    return { kind: 'lines' as const, parts: diffLines(left.text, right.text) }
  }, [older, newer, decode])
  const cut = older.size > older.payload.byteLength || newer.size > newer.payload.byteLength
  const { t } = useTranslation('details')
  return (
    <section className="history-diff" aria-label={t('History diff')}>
      <h3>
        {t('Message #{{older}} → #{{newer}} ({{kind}})', {
          older: older.n,
          newer: newer.n,
          kind: result.kind === 'json' ? 'JSON' : t('text lines'),
        })}
      </h3>
      {cut && (
        <p className="muted">
          {t('Compares the bytes the history keeps of each message (the first {{size}}).', {
            size: formatBytes(Math.min(older.payload.byteLength, newer.payload.byteLength)),
          })}
        </p>
      )}
      {result.kind === 'json' ? (
        result.changes.length === 0 ? (
          <p>{t('No differences.')}</p>
        ) : (
          <ul className="diff-json" aria-label={t('Changed JSON fields')}>
            {result.changes.map((c, i) => (
              <li key={i} className={`diff-${c.type.toLowerCase()}`}>
                <JsonChangeLine change={c} />
              </li>
            ))}
          </ul>
        )
      ) : result.parts.every((p) => !p.added && !p.removed) ? (
        <p>{t('No differences.')}</p>
      ) : (
        <pre className="diff-lines">
          {result.parts.map((part, i) => (
            <span
              key={i}
              className={part.added ? 'diff-create' : part.removed ? 'diff-remove' : 'diff-same'}
            >
              {prefixLines(part.value, part.added ? '+ ' : part.removed ? '- ' : '  ')}
            </span>
          ))}
        </pre>
      )}
    </section>
  )
}

function JsonChangeLine({ change }: { change: JsonChange }) {
  const { t } = useTranslation('details')
  const path = change.path.length === 0 ? t('(whole value)') : change.path.join('.')
  if (change.type === 'CREATE')
    return (
      <>
        + {path}: {show(change.value)}
      </>
    )
  if (change.type === 'REMOVE')
    return (
      <>
        - {path}: {show(change.oldValue)}
      </>
    )
  return (
    <>
      ~ {path}: {show(change.oldValue)} → {show(change.value)}
    </>
  )
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined'
}

/** Each line of `text` with `prefix` in front (diff output). */
function prefixLines(text: string, prefix: string): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n')
  return lines.map((line) => prefix + line + '\n').join('')
}
