import { describe, expect, it } from 'vitest'
import { coded } from '../../lib/coded'
import type { LogRows } from '../../wire/frame'
import { LogRing } from '../../store/LogRing'
import { compileLogFilter, LogMatches } from './logFilter'

const utf8 = new TextEncoder()

/** Topic ids by topic, as the topic index would give them. */
const topics = ['sensors/room1/temp', 'sensors/room2/temp', 'sensors/room1/hum', '$SYS/uptime']
const topicOf = (id: number) => topics[id]!

function rows(messages: [topicId: number, payload: string | Uint8Array][]): LogRows {
  const bytes = messages.map(([, p]) => (typeof p === 'string' ? utf8.encode(p) : p))
  const offsets = new Uint32Array(bytes.length + 1)
  bytes.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length))
  const packed = new Uint8Array(offsets[bytes.length]!)
  bytes.forEach((b, i) => packed.set(b, offsets[i]))
  return {
    topicIds: Int32Array.from(messages.map(([id]) => id)),
    ts: Float64Array.from(messages.map((_, i) => 1000 + i)),
    sizes: Uint32Array.from(bytes.map((b) => b.length)),
    flags: new Uint8Array(messages.length),
    previews: { bytes: packed, offsets },
  }
}

function matching(ring: LogRing, spec: { topic?: string; text?: string }): number[] {
  const filter = compileLogFilter({ topic: spec.topic ?? '', text: spec.text ?? '' })!
  const m = new LogMatches()
  m.update(ring, filter, topicOf, ring.total)
  return Array.from({ length: m.count }, (_, i) => m.at(i))
}

describe('compileLogFilter', () => {
  const ring = new LogRing(100)
  ring.append(
    rows([
      [0, '{"t":21.5}'],
      [1, '{"t":19}'],
      [2, 'HUMID 40'],
      [3, '123'],
      [0, new Uint8Array([0xff, 0x41])],
    ]),
  )

  it('is undefined with both boxes empty or blank', () => {
    expect(compileLogFilter({ topic: ' ', text: '' })).toBeUndefined()
  })

  it('matches MQTT filters with + and #, and keeps $ topics out of wildcards', () => {
    expect(matching(ring, { topic: 'sensors/+/temp' })).toEqual([0, 1, 4])
    expect(matching(ring, { topic: 'sensors/room1/#' })).toEqual([0, 2, 4])
    expect(matching(ring, { topic: '#' })).toEqual([0, 1, 2, 4])
    expect(matching(ring, { topic: '$SYS/#' })).toEqual([3])
  })

  it('matches a plain topic text as a case-insensitive substring', () => {
    expect(matching(ring, { topic: 'ROOM1' })).toEqual([0, 2, 4])
    expect(matching(ring, { topic: 'uptime' })).toEqual([3])
  })

  it('matches text in the payload preview, case-insensitive, invalid bytes included', () => {
    expect(matching(ring, { text: 'humid' })).toEqual([2])
    expect(matching(ring, { text: '"t"' })).toEqual([0, 1])
    expect(matching(ring, { text: 'a' })).toEqual([4]) // 0x41 after an invalid byte
  })

  it('needs both boxes to match when both are set', () => {
    expect(matching(ring, { topic: 'sensors/#', text: '21' })).toEqual([0])
  })

  it('matches an invalid wildcard filter as text and says so', () => {
    const filter = compileLogFilter({ topic: 'sensors/ro#', text: '' })!
    expect(filter.note).toEqual(
      coded('log.filterAsText', {
        problem: coded('filter.hashLevel', { filter: 'sensors/ro#' }),
      }),
    )
    expect(matching(ring, { topic: 'sensors/ro#' })).toEqual([])
  })
})

describe('LogMatches', () => {
  it('scans only new rows, and forgets matches that left the ring', () => {
    const ring = new LogRing(4)
    const filter = compileLogFilter({ topic: 'sensors/room1/#', text: '' })!
    let calls = 0
    const counted = {
      ...filter,
      matches: (...a: Parameters<typeof filter.matches>) => (calls++, filter.matches(...a)),
    }
    const m = new LogMatches()
    ring.append(
      rows([
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
      ]),
    )
    m.update(ring, counted, topicOf, ring.total)
    expect(m.count).toBe(2)
    expect(calls).toBe(3)
    m.update(ring, counted, topicOf, ring.total)
    expect(calls).toBe(3) // nothing new: nothing scanned
    ring.append(
      rows([
        [0, 'd'],
        [1, 'e'],
        [0, 'f'],
      ]),
    ) // rows 0 and 1 leave the 4-row ring
    m.update(ring, counted, topicOf, ring.total)
    expect(calls).toBe(6)
    expect([m.at(0), m.at(1), m.at(2)]).toEqual([2, 3, 5])
    expect(m.count).toBe(3)
  })

  it('stops at `end` while paused and continues from there', () => {
    const ring = new LogRing(100)
    const filter = compileLogFilter({ topic: '', text: 'x' })!
    const m = new LogMatches()
    ring.append(
      rows([
        [0, 'x1'],
        [0, 'x2'],
        [0, 'x3'],
      ]),
    )
    m.update(ring, filter, topicOf, 2)
    expect(m.count).toBe(2)
    m.update(ring, filter, topicOf, 3)
    expect(m.count).toBe(3)
  })

  it('starts over for a new filter or a new ring', () => {
    const ring = new LogRing(100)
    ring.append(
      rows([
        [0, 'x'],
        [1, 'y'],
      ]),
    )
    const m = new LogMatches()
    m.update(ring, compileLogFilter({ topic: '', text: 'x' })!, topicOf, ring.total)
    expect(m.count).toBe(1)
    m.update(ring, compileLogFilter({ topic: '', text: 'y' })!, topicOf, ring.total)
    expect(m.at(0)).toBe(1)
    const other = new LogRing(100)
    other.append(
      rows([
        [0, 'y'],
        [0, 'y'],
      ]),
    )
    m.update(other, compileLogFilter({ topic: '', text: 'y' })!, topicOf, other.total)
    expect(m.count).toBe(2)
  })

  it('scans each row once at thousands of rows per frame into a full 10 000-row ring', () => {
    // Keeping up is O(new rows) per frame: 5 000 filter calls per 5 000-row frame, never a
    // rescan of the 10 000 rows held. (How long it takes is `npm run bench`'s business.)
    const ring = new LogRing(10_000)
    const filter = compileLogFilter({ topic: 'sensors/+/temp', text: '21' })!
    let calls = 0
    const counted = {
      ...filter,
      matches: (...a: Parameters<typeof filter.matches>) => (calls++, filter.matches(...a)),
    }
    const m = new LogMatches()
    const batch = rows(Array.from({ length: 5_000 }, (_, i) => [i % 3, `{"t":${i % 30}}`]))
    for (let frame = 0; frame < 20; frame++) {
      ring.append(batch)
      const before = calls
      m.update(ring, counted, topicOf, ring.total)
      expect(calls - before).toBe(5_000)
    }
    // Topics 0 and 1 match (2 of 3 rows); "21" in i % 30 === 21 only (1 of 30 rows).
    const expected: number[] = []
    for (let i = ring.first; i < ring.total; i++) {
      const k = i % 5_000
      if (k % 3 !== 2 && k % 30 === 21) expected.push(i)
    }
    expect(ring.first).toBe(90_000)
    expect(Array.from({ length: m.count }, (_, i) => m.at(i))).toEqual(expected)
  })
})
