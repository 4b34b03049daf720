import { describe, expect, it } from 'vitest'
import { type QoS } from '../wire/mqtt'
import { FLAG_DUP, FLAG_HAS_VALUE, FLAG_RETAIN, QOS_SHIFT, type Frame } from '../wire/frame'
import {
  DETAIL_EVERY_MS,
  FRAME_MIN_INTERVAL_MS,
  LOG_PENDING_ROWS,
  PAYLOAD_KEPT_BYTES,
  PREVIEW_BYTES,
  TOPIC_RATE_PERIOD_MS,
} from './budgets'
import { Ingestor, packPreviews, type InboundMessage } from './Ingestor'

const T0 = 1_700_000_000_000
const utf8 = new TextEncoder()
const text = new TextDecoder()

function msg(
  topic: string,
  payload: string | Uint8Array = 'v',
  opts: { qos?: QoS; retain?: boolean; dup?: boolean } = {},
): InboundMessage {
  return {
    topic,
    payload: typeof payload === 'string' ? utf8.encode(payload) : payload,
    qos: opts.qos ?? 0,
    retain: opts.retain ?? false,
    dup: opts.dup ?? false,
  }
}

/** Topic of every node the frame inserted, by id. */
function insertedTopics(frames: Frame[]): Map<number, string> {
  const parent = new Map<number, number>()
  const name = new Map<number, string>()
  for (const f of frames)
    f.inserts.ids.forEach((id, i) => {
      parent.set(id, f.inserts.parents[i]!)
      name.set(id, f.inserts.names[i]!)
    })
  const topicOf = (id: number): string => {
    const p = parent.get(id)!
    return p > 0 ? `${topicOf(p)}/${name.get(id)!}` : name.get(id)!
  }
  return new Map([...name.keys()].map((id) => [id, topicOf(id)]))
}

function idOf(topics: Map<number, string>, topic: string): number {
  for (const [id, t] of topics) if (t === topic) return id
  throw new Error(`no node for ${topic}`)
}

/** The stats entry of `id` in a frame, as a plain object. */
function statsOf(frame: Frame, id: number) {
  const s = frame.stats
  const i = s.ids.indexOf(id)
  if (i < 0) return undefined
  return {
    count: s.counts[i]!,
    subtree: s.subtree[i]!,
    lastTs: s.lastTs[i]!,
    rate: s.rates[i]!,
    size: s.sizes[i]!,
    flags: s.flags[i]!,
    preview: s.previews.bytes.subarray(s.previews.offsets[i], s.previews.offsets[i + 1]),
  }
}

describe('Ingestor', () => {
  it('marks the first frame as a reset and later frames not', () => {
    const ing = new Ingestor(3, T0)
    expect(ing.hasChanges(T0)).toBe(true)
    const first = ing.buildFrame(T0, 1)
    expect(first.reset).toBe(true)
    expect(first.generation).toBe(3)
    expect(first.seq).toBe(1)
    ing.ingest(msg('a'), T0 + 1)
    const second = ing.buildFrame(T0 + 2, 2)
    expect(second.reset).toBe(false)
    expect(second.seq).toBe(2)
  })

  it('keeps exact totals of messages, bytes and topics', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b', 'hello'), T0 + 1)
    ing.ingest(msg('a/c', new Uint8Array(1000)), T0 + 2)
    ing.ingest(msg('a/b', ''), T0 + 3)
    const frame = ing.buildFrame(T0 + 10, 1)
    // Topics: the two that received messages; `a` is a level between them (counted in nodes).
    expect(frame.totals).toMatchObject({
      received: 3,
      bytes: 1005,
      dropped: 0,
      topics: 2,
      nodes: 3,
      untracked: 0,
    })
    expect(ing.received).toBe(3)
    // A message on the level itself makes it a topic too.
    ing.ingest(msg('a', 'x'), T0 + 11)
    expect(ing.buildFrame(T0 + 12, 2).totals).toMatchObject({ topics: 3, nodes: 3 })
  })

  it('counts per topic and per subtree, ancestors included', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 3; i++) ing.ingest(msg('s/room2/temp'), T0 + i)
    for (let i = 0; i < 2; i++) ing.ingest(msg('s/room10/temp'), T0 + i)
    ing.ingest(msg('s'), T0 + 5)
    const frame = ing.buildFrame(T0 + 10, 1)
    const topics = insertedTopics([frame])
    expect(statsOf(frame, idOf(topics, 's/room2/temp'))).toMatchObject({ count: 3, subtree: 3 })
    expect(statsOf(frame, idOf(topics, 's/room2'))).toMatchObject({ count: 0, subtree: 3 })
    expect(statsOf(frame, idOf(topics, 's/room10'))).toMatchObject({ count: 0, subtree: 2 })
    expect(statsOf(frame, idOf(topics, 's'))).toMatchObject({ count: 1, subtree: 6 })
  })

  it('sends each new node once, parents before children', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b/c'), T0)
    ing.ingest(msg('a/b/c'), T0)
    ing.ingest(msg('a/d'), T0)
    const first = ing.buildFrame(T0 + 1, 1)
    expect(first.inserts.names).toEqual(['a', 'b', 'c', 'd'])
    const seen = new Set<number>([0])
    first.inserts.ids.forEach((id, i) => {
      expect(seen.has(first.inserts.parents[i]!)).toBe(true)
      seen.add(id)
    })
    ing.ingest(msg('a/b/c'), T0 + 2)
    ing.ingest(msg('a/e'), T0 + 2)
    const second = ing.buildFrame(T0 + 3, 2)
    expect(second.inserts.names).toEqual(['e'])
    expect(second.inserts.parents[0]).toBe(idOf(insertedTopics([first]), 'a'))
    expect(second.totals).toMatchObject({ topics: 3, nodes: 5 })
  })

  it('puts only changed topics and their ancestors in the stats delta', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b/c'), T0)
    ing.ingest(msg('x/y'), T0)
    const first = ing.buildFrame(T0 + 1, 1)
    const topics = insertedTopics([first])
    expect([...first.stats.ids].sort()).toEqual([...topics.keys()].sort())

    ing.ingest(msg('a/b/c'), T0 + 2)
    const second = ing.buildFrame(T0 + 3, 2)
    expect([...second.stats.ids].sort()).toEqual(
      [idOf(topics, 'a'), idOf(topics, 'a/b'), idOf(topics, 'a/b/c')].sort(),
    )
    expect(statsOf(second, idOf(topics, 'a/b/c'))).toMatchObject({ count: 2, subtree: 2 })
    expect(statsOf(second, idOf(topics, 'a'))).toMatchObject({ count: 0, subtree: 2 })
  })

  it('sets FLAG_HAS_VALUE and a preview only on topics that got a message', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b', '21.5', { qos: 1, retain: true }), T0 + 7)
    const frame = ing.buildFrame(T0 + 8, 1)
    const topics = insertedTopics([frame])
    const leaf = statsOf(frame, idOf(topics, 'a/b'))!
    expect(leaf.flags & FLAG_HAS_VALUE).toBe(FLAG_HAS_VALUE)
    expect(leaf.flags & FLAG_RETAIN).toBe(FLAG_RETAIN)
    expect((leaf.flags >> QOS_SHIFT) & 3).toBe(1)
    expect(leaf.size).toBe(4)
    expect(leaf.lastTs).toBe(T0 + 7)
    expect(text.decode(leaf.preview)).toBe('21.5')
    const parent = statsOf(frame, idOf(topics, 'a'))!
    expect(parent.flags & FLAG_HAS_VALUE).toBe(0)
    expect(parent.preview.byteLength).toBe(0)
  })

  it('carries the dup flag and QoS 2 in the flag byte', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('t', 'x', { qos: 2, dup: true }), T0)
    const frame = ing.buildFrame(T0 + 1, 1)
    const flags = frame.log.flags[0]!
    expect(flags & FLAG_DUP).toBe(FLAG_DUP)
    expect(flags & FLAG_RETAIN).toBe(0)
    expect((flags >> QOS_SHIFT) & 3).toBe(2)
  })

  it('cuts previews at PREVIEW_BYTES but reports the full size', () => {
    const ing = new Ingestor(1, T0)
    const big = new Uint8Array(PREVIEW_BYTES * 4).map((_, i) => i & 0xff)
    ing.ingest(msg('big', big), T0)
    const frame = ing.buildFrame(T0 + 1, 1)
    const leaf = statsOf(frame, idOf(insertedTopics([frame]), 'big'))!
    expect(leaf.size).toBe(PREVIEW_BYTES * 4)
    expect(leaf.preview).toEqual(big.subarray(0, PREVIEW_BYTES))
    const log = frame.log
    expect(log.sizes[0]).toBe(PREVIEW_BYTES * 4)
    expect(log.previews.offsets[1]! - log.previews.offsets[0]!).toBe(PREVIEW_BYTES)
  })

  it('sends log rows in arrival order with their topics, times and payloads', () => {
    const ing = new Ingestor(1, T0)
    const sent = ['a', 'b/c', 'a', 'd', 'b/c']
    sent.forEach((t, i) => ing.ingest(msg(t, `m${i}`), T0 + i))
    const frame = ing.buildFrame(T0 + 10, 1)
    const topics = insertedTopics([frame])
    const { log } = frame
    expect([...log.topicIds].map((id) => topics.get(id))).toEqual(sent)
    expect([...log.ts]).toEqual(sent.map((_, i) => T0 + i))
    const previews = [...log.topicIds].map((_, i) =>
      text.decode(
        log.previews.bytes.subarray(log.previews.offsets[i], log.previews.offsets[i + 1]),
      ),
    )
    expect(previews).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
  })

  it('drops the oldest log rows beyond LOG_PENDING_ROWS and counts exactly the excess', () => {
    const ing = new Ingestor(1, T0)
    ing.buildFrame(T0, 1)
    const excess = 37
    const n = LOG_PENDING_ROWS + excess
    for (let i = 0; i < n; i++) ing.ingest(msg(i % 2 ? 'odd' : 'even', String(i)), T0 + 1)
    const frame = ing.buildFrame(T0 + 2, 2)
    expect(frame.totals.received).toBe(n)
    expect(frame.totals.dropped).toBe(excess)
    expect(frame.log.topicIds).toHaveLength(LOG_PENDING_ROWS)
    const { previews } = frame.log
    const row = (i: number) =>
      text.decode(previews.bytes.subarray(previews.offsets[i], previews.offsets[i + 1]))
    expect(row(0)).toBe(String(excess))
    expect(row(LOG_PENDING_ROWS - 1)).toBe(String(n - 1))
    const topics = insertedTopics([frame])
    expect(statsOf(frame, idOf(topics, 'even'))!.count).toBe(Math.ceil(n / 2))
    expect(statsOf(frame, idOf(topics, 'odd'))!.count).toBe(Math.floor(n / 2))

    // The drop count is a running total; the next frame without overflow keeps it.
    ing.ingest(msg('even'), T0 + 3)
    const next = ing.buildFrame(T0 + 4, 3)
    expect(next.totals.dropped).toBe(excess)
    expect(next.totals.received).toBe(n + 1)
    expect(next.log.topicIds).toHaveLength(1)
  })

  it('drops nothing when exactly LOG_PENDING_ROWS arrive between frames', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < LOG_PENDING_ROWS; i++) ing.ingest(msg('t'), T0)
    const frame = ing.buildFrame(T0 + 1, 1)
    expect(frame.totals.dropped).toBe(0)
    expect(frame.log.topicIds).toHaveLength(LOG_PENDING_ROWS)
  })

  it('builds an empty delta when nothing arrived since the previous frame', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b'), T0 + 5)
    ing.select(undefined)
    ing.buildFrame(T0 + 10, 1)
    expect(ing.hasChanges(T0 + 20)).toBe(false)
    const frame = ing.buildFrame(T0 + 20, 2)
    expect(frame.reset).toBe(false)
    expect(frame.inserts.ids).toHaveLength(0)
    expect(frame.inserts.names).toEqual([])
    expect(frame.stats.ids).toHaveLength(0)
    expect(frame.log.topicIds).toHaveLength(0)
    expect(frame.detail).toBeUndefined()
    expect(frame.totals.received).toBe(1)
  })

  it('computes per-topic rates over TOPIC_RATE_PERIOD_MS and drops them to 0 when quiet', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 20; i++) ing.ingest(msg('fast'), T0 + i * 10)
    ing.ingest(msg('slow'), T0 + 500)
    const early = ing.buildFrame(T0 + 600, 1)
    const topics = insertedTopics([early])
    const fast = idOf(topics, 'fast')
    const slow = idOf(topics, 'slow')
    // No rate period has passed yet.
    expect(statsOf(early, fast)!.rate).toBe(0)

    const tick = ing.buildFrame(T0 + TOPIC_RATE_PERIOD_MS, 2)
    expect(statsOf(tick, fast)!.rate).toBe((20 * 1000) / TOPIC_RATE_PERIOD_MS)
    expect(statsOf(tick, slow)!.rate).toBe((1 * 1000) / TOPIC_RATE_PERIOD_MS)
    // A rate-only change carries no new value.
    expect(statsOf(tick, fast)!.flags & FLAG_HAS_VALUE).toBe(0)
    expect(statsOf(tick, fast)!.preview.byteLength).toBe(0)

    ing.ingest(msg('fast'), T0 + 1500)
    const later = ing.buildFrame(T0 + 2 * TOPIC_RATE_PERIOD_MS, 3)
    expect(statsOf(later, fast)!.rate).toBe((1 * 1000) / TOPIC_RATE_PERIOD_MS)
    expect(statsOf(later, slow)!.rate).toBe(0)

    const quiet = ing.buildFrame(T0 + 3 * TOPIC_RATE_PERIOD_MS, 4)
    expect(statsOf(quiet, fast)!.rate).toBe(0)
    expect(statsOf(quiet, slow)).toBeUndefined()
    // Once at 0, a topic is not sent again.
    const after = ing.buildFrame(T0 + 4 * TOPIC_RATE_PERIOD_MS, 5)
    expect(after.stats.ids).toHaveLength(0)
  })

  it('divides a topic rate by the time that actually passed since the last tick', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 30; i++) ing.ingest(msg('t'), T0 + i)
    const frame = ing.buildFrame(T0 + 1500, 1)
    const t = idOf(insertedTopics([frame]), 't')
    expect(statsOf(frame, t)!.rate).toBe(20)
  })

  it('reports the connection-wide rate and lets it fall to 0 after a quiet second', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 25; i++) ing.ingest(msg('t'), T0 + 50)
    expect(ing.buildFrame(T0 + 150, 1).totals.rate).toBe(25)
    expect(ing.hasChanges(T0 + 2000)).toBe(true)
    expect(ing.buildFrame(T0 + 2000, 2).totals.rate).toBe(0)
    expect(ing.hasChanges(T0 + 3000)).toBe(false)
  })

  it('sends the selected topic in full with its metadata, once per new message', () => {
    const ing = new Ingestor(1, T0)
    const payload = new Uint8Array(PREVIEW_BYTES * 3).fill(0x41)
    ing.ingest(msg('a/sel', payload, { qos: 2, retain: true }), T0 + 4)
    const first = ing.buildFrame(T0 + 5, 1)
    expect(first.detail).toBeUndefined()
    const sel = idOf(insertedTopics([first]), 'a/sel')

    ing.select(sel)
    expect(ing.hasChanges(T0 + 6)).toBe(true)
    const frame = ing.buildFrame(T0 + 6, 2)
    expect(frame.detail).toMatchObject({
      topicId: sel,
      topic: 'a/sel',
      payload,
      size: payload.byteLength,
      keptWhole: true,
      qos: 2,
      retain: true,
      dup: false,
      ts: T0 + 4,
      count: 1,
    })
    expect(frame.detail!.history.ts).toEqual(new Float64Array([T0 + 4]))
    expect(ing.buildFrame(T0 + 7, 3).detail).toBeUndefined()

    ing.ingest(msg('other'), T0 + 8)
    expect(ing.buildFrame(T0 + 9, 4).detail).toBeUndefined()
    ing.ingest(msg('a/sel', 'next'), T0 + 10)
    // A busy selected topic's detail goes out at most every DETAIL_EVERY_MS (the panel's pace).
    expect(ing.buildFrame(T0 + 11, 5).detail).toBeUndefined()
    expect(ing.buildFrame(T0 + 6 + DETAIL_EVERY_MS - 1, 6).detail).toBeUndefined()
    const next = ing.buildFrame(T0 + 6 + DETAIL_EVERY_MS, 7)
    expect(text.decode(next.detail!.payload)).toBe('next')
    expect(next.detail!.count).toBe(2)
  })

  it('sends frames at least FRAME_MIN_INTERVAL_MS apart, a new selection at once', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a'), T0)
    expect(ing.hasChanges(T0)).toBe(true) // the first frame (reset) never waits
    const first = ing.buildFrame(T0, 1)
    ing.ingest(msg('a'), T0 + 1)
    expect(ing.hasChanges(T0 + 1)).toBe(false)
    expect(ing.hasChanges(T0 + FRAME_MIN_INTERVAL_MS - 1)).toBe(false)
    expect(ing.hasChanges(T0 + FRAME_MIN_INTERVAL_MS)).toBe(true)
    ing.select(idOf(insertedTopics([first]), 'a'))
    expect(ing.hasChanges(T0 + 2)).toBe(true)
    const second = ing.buildFrame(T0 + 2, 2)
    expect(second.detail?.count).toBe(2)
    expect(second.totals.received).toBe(2)
  })

  it('sends no detail for a selected topic that has no message of its own', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('a/b'), T0)
    const first = ing.buildFrame(T0 + 1, 1)
    ing.select(idOf(insertedTopics([first]), 'a'))
    expect(ing.buildFrame(T0 + 2, 2).detail).toBeUndefined()
  })

  it('keeps PAYLOAD_KEPT_BYTES of a larger payload and reports its true size', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('warmup'), T0)
    const first = ing.buildFrame(T0 + 1, 1)
    expect(first.totals.topics).toBe(1)
    const size = PAYLOAD_KEPT_BYTES + 1000
    const big = new Uint8Array(size)
    big[PAYLOAD_KEPT_BYTES - 1] = 7
    big[PAYLOAD_KEPT_BYTES] = 9
    ing.ingest(msg('big', big), T0 + 2)
    const frame = ing.buildFrame(T0 + 3, 2)
    const id = idOf(insertedTopics([frame]), 'big')
    ing.select(id)
    const detail = ing.buildFrame(T0 + 4, 3).detail!
    expect(detail.size).toBe(size)
    expect(detail.payload.byteLength).toBe(PAYLOAD_KEPT_BYTES)
    expect(detail.payload[PAYLOAD_KEPT_BYTES - 1]).toBe(7)
    expect(frame.totals.bytes).toBe(1 + size)
    expect(statsOf(frame, id)!.size).toBe(size)
  })

  it('copies the payload, so changes to the caller’s buffer do not reach frames', () => {
    const ing = new Ingestor(1, T0)
    const network = utf8.encode('..abc..')
    const view = network.subarray(2, 5)
    ing.ingest(msg('t', view), T0)
    network.fill(0x5a)
    const frame = ing.buildFrame(T0 + 1, 1)
    const id = idOf(insertedTopics([frame]), 't')
    expect(text.decode(statsOf(frame, id)!.preview)).toBe('abc')
    ing.select(id)
    const detail = ing.buildFrame(T0 + 2, 2).detail!
    expect(text.decode(detail.payload)).toBe('abc')
    // The detail's buffer is transferred to the UI: it must not be the engine's own copy.
    expect(detail.payload.buffer.byteLength).toBe(3)
    detail.payload.fill(0)
    ing.select(id)
    expect(text.decode(ing.buildFrame(T0 + 3, 3).detail!.payload)).toBe('abc')
  })

  it('handles an empty payload as a value of size 0', () => {
    const ing = new Ingestor(1, T0)
    ing.ingest(msg('empty', ''), T0)
    const frame = ing.buildFrame(T0 + 1, 1)
    const leaf = statsOf(frame, idOf(insertedTopics([frame]), 'empty'))!
    expect(leaf.flags & FLAG_HAS_VALUE).toBe(FLAG_HAS_VALUE)
    expect(leaf.size).toBe(0)
    expect(leaf.preview.byteLength).toBe(0)
  })

  it('grows its per-topic arrays past 1024 topics without losing counts', () => {
    const ing = new Ingestor(1, T0)
    for (let i = 0; i < 3000; i++) ing.ingest(msg(`t/${i}`), T0)
    ing.ingest(msg('t/2999'), T0)
    const frame = ing.buildFrame(T0 + 1, 1)
    const topics = insertedTopics([frame])
    expect(frame.totals).toMatchObject({ topics: 3000, nodes: 3001 })
    expect(statsOf(frame, idOf(topics, 't/2999'))!.count).toBe(2)
    expect(statsOf(frame, idOf(topics, 't'))!.subtree).toBe(3001)
  })
})

describe('packPreviews', () => {
  it('packs up to PREVIEW_BYTES of each value with offsets, empty for missing values', () => {
    const packed = packPreviews([
      utf8.encode('ab'),
      undefined,
      new Uint8Array(PREVIEW_BYTES + 10).fill(1),
      utf8.encode('z'),
    ])
    expect([...packed.offsets]).toEqual([0, 2, 2, 2 + PREVIEW_BYTES, 3 + PREVIEW_BYTES])
    expect(text.decode(packed.bytes.subarray(0, 2))).toBe('ab')
    expect(packed.bytes[2 + PREVIEW_BYTES]).toBe('z'.charCodeAt(0))
  })
})
