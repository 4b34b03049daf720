// A .tsx file only because vitest.config.ts runs src/features/**/*.test.tsx; it renders nothing.
import { describe, expect, it } from 'vitest'
import { DataStore } from '../../store/dataStore'
import type { TopicIndex } from '../../store/TopicIndex'
import { FrameMaker, type TestMessage } from '../../test/frames'
import { expandAllIds, flattenRows, type FlatRows } from './flattenRows'
import { busiest, subtreeAggregates } from './treeStats'

const TOPICS = [
  'home/room10/temp',
  'home/room2/temp',
  'home/room2/hum',
  'home/hall/door',
  'office/Temp',
  '$SYS/broker/uptime',
]

function indexOf(topics: string[]): TopicIndex {
  const store = new DataStore()
  store.applyFrame(new FrameMaker(1).frame(topics))
  return store.index
}

function idOf(index: TopicIndex, topic: string): number {
  for (let id = 1; id <= index.size; id++) if (index.topicOf(id) === topic) return id
  throw new Error(`no node for ${topic}`)
}

/** The rows as "topic@depth pos/size" strings, for readable expectations. */
function show(index: TopicIndex, rows: FlatRows): string[] {
  return [...rows.ids].map(
    (id, i) => `${index.topicOf(id)}@${rows.depths[i]} ${rows.positions[i]}/${rows.setSizes[i]}`,
  )
}

describe('flattenRows', () => {
  it('shows only the top level when nothing is expanded', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set(), '')
    expect(show(index, rows)).toEqual(['$SYS@1 1/3', 'home@1 2/3', 'office@1 3/3'])
    expect(rows.matches).toBe(0)
    expect(rows.forcedOpen.size).toBe(0)
  })

  it('shows the children of expanded nodes in natural order with depths and positions', () => {
    const index = indexOf(TOPICS)
    const expanded = new Set([idOf(index, 'home'), idOf(index, 'home/room2')])
    expect(show(index, flattenRows(index, expanded, ''))).toEqual([
      '$SYS@1 1/3',
      'home@1 2/3',
      'home/hall@2 1/3',
      'home/room2@2 2/3',
      'home/room2/hum@3 1/2',
      'home/room2/temp@3 2/2',
      'home/room10@2 3/3',
      'office@1 3/3',
    ])
  })

  it('hides the children of an expanded node whose parent is collapsed', () => {
    const index = indexOf(TOPICS)
    const expanded = new Set([idOf(index, 'home/room2')])
    expect(show(index, flattenRows(index, expanded, ''))).toEqual([
      '$SYS@1 1/3',
      'home@1 2/3',
      'office@1 3/3',
    ])
  })

  it('filters by case-insensitive substring, opening the ancestors of every match', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set(), ' TEMP ')
    expect(show(index, rows)).toEqual([
      'home@1 1/2',
      'home/room2@2 1/2',
      'home/room2/temp@3 1/1',
      'home/room10@2 2/2',
      'home/room10/temp@3 1/1',
      'office@1 2/2',
      'office/Temp@2 1/1',
    ])
    expect(rows.matches).toBe(3)
    expect([...rows.forcedOpen].map((id) => index.topicOf(id)).sort()).toEqual([
      'home',
      'home/room10',
      'home/room2',
      'office',
    ])
  })

  it('counts an ancestor as a match when its own topic contains the text', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set(), 'room2')
    expect(show(index, rows)).toEqual([
      'home@1 1/1',
      'home/room2@2 1/1',
      'home/room2/hum@3 1/2',
      'home/room2/temp@3 2/2',
    ])
    expect(rows.matches).toBe(3)
  })

  it('treats a filter with + or # as an MQTT topic filter', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set(), 'home/+/temp')
    expect(show(index, rows)).toEqual([
      'home@1 1/1',
      'home/room2@2 1/2',
      'home/room2/temp@3 1/1',
      'home/room10@2 2/2',
      'home/room10/temp@3 1/1',
    ])
    expect(rows.matches).toBe(2)
  })

  it('does not match $ topics with a leading wildcard', () => {
    const index = indexOf(TOPICS)
    const all = flattenRows(index, new Set(), '#')
    expect(all.matches).toBe(index.size - 3)
    expect([...all.ids].map((id) => index.topicOf(id))).not.toContain('$SYS')
    const sys = flattenRows(index, new Set(), '$SYS/#')
    expect(sys.matches).toBe(3)
  })

  it('shows the children of an expanded match only when they match too', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set([idOf(index, 'home/hall')]), 'hall')
    // 'home/hall/door' contains "hall", so it is a match in its own right.
    expect(show(index, rows)).toEqual(['home@1 1/1', 'home/hall@2 1/1', 'home/hall/door@3 1/1'])
    const none = flattenRows(index, new Set([idOf(index, 'office')]), 'nothing-here')
    expect([...none.ids]).toEqual([])
    expect(none.matches).toBe(0)
  })

  it('names empty levels and keeps them in the tree', () => {
    const index = indexOf(['/a', 'a//b'])
    const rows = flattenRows(index, new Set(), 'b')
    expect(show(index, rows)).toEqual(['a@1 1/1', 'a/@2 1/1', 'a//b@3 1/1'])
  })
})

/** An index fed by frames one second apart (so per-topic rates are messages per second). */
function indexOfFrames(...frames: (string | TestMessage)[][]): TopicIndex {
  const store = new DataStore()
  const maker = new FrameMaker(1)
  for (const messages of frames) store.applyFrame(maker.frame(messages, 1000))
  return store.index
}

const times = (topic: string, n: number, payload = 'v') =>
  Array.from({ length: n }, () => ({ topic, payload }))

describe('flattenRows sorting', () => {
  const traffic = () =>
    indexOfFrames([
      ...times('s/room10/t', 1),
      ...times('s/room2/t', 1),
      ...times('s/room3/a', 2),
      ...times('s/room3/b', 2),
      ...times('s/hall', 3),
    ])

  it('keeps the natural order by name', () => {
    const index = traffic()
    const rows = flattenRows(index, new Set([idOf(index, 's')]), '', { sort: 'name' })
    expect([...rows.ids].map((id) => index.topicOf(id))).toEqual([
      's',
      's/hall',
      's/room2',
      's/room3',
      's/room10',
    ])
  })

  it('sorts siblings by subtree messages, highest first, ties in natural order', () => {
    const index = traffic()
    const rows = flattenRows(index, new Set([idOf(index, 's')]), '', { sort: 'messages' })
    // room3 has 4 below it, hall 3 of its own; room2 and room10 tie at 1.
    expect(show(index, rows)).toEqual([
      's@1 1/1',
      's/room3@2 1/4',
      's/hall@2 2/4',
      's/room2@2 3/4',
      's/room10@2 4/4',
    ])
  })

  it('sorts siblings by the summed rate of their subtree', () => {
    const index = indexOfFrames(
      [],
      [...times('r/a/x', 1), ...times('r/a/y', 3), ...times('r/b', 2)],
    )
    const rows = flattenRows(index, new Set([idOf(index, 'r')]), '', { sort: 'rate' })
    expect([...rows.ids].map((id) => index.topicOf(id))).toEqual(['r', 'r/a', 'r/b'])
    const agg = subtreeAggregates(index)
    expect(agg.rate[idOf(index, 'r/a')]).toBe(4)
    expect(agg.rate[idOf(index, 'r')]).toBe(6)
  })

  it('sorts siblings by the newest message in their subtree', () => {
    const index = indexOfFrames(['n/old/x'], ['n/new/y'], ['n/mid'])
    const rows = flattenRows(index, new Set([idOf(index, 'n')]), '', { sort: 'recent' })
    expect([...rows.ids].map((id) => index.topicOf(id))).toEqual(['n', 'n/mid', 'n/new', 'n/old'])
  })

  it('sorts the matches of a filter too', () => {
    const index = traffic()
    const rows = flattenRows(index, new Set(), 'room', { sort: 'messages' })
    expect([...rows.ids].map((id) => index.topicOf(id)).slice(0, 3)).toEqual([
      's',
      's/room3',
      's/room3/a',
    ])
  })
})

describe('subtree aggregates', () => {
  it('counts the nodes below and sums rates and estimated bytes per second', () => {
    const index = indexOfFrames([...times('p/q/r', 2, '1234'), ...times('p/s', 1, '12')])
    const agg = subtreeAggregates(index)
    expect(agg.descendants[idOf(index, 'p')]).toBe(3)
    expect(agg.descendants[idOf(index, 'p/q')]).toBe(1)
    expect(agg.descendants[idOf(index, 'p/s')]).toBe(0)
    expect(agg.bytesRate[idOf(index, 'p')]).toBe(2 * 4 + 1 * 2)
    const rows = flattenRows(index, new Set(), '')
    expect(rows.descendants[idOf(index, 'p')]).toBe(3)
  })

  it('counts the topics below a level that received messages, not the levels between (#12)', () => {
    // 'p/q' is a level only until a message arrives on it; 'p/q/r' again adds nothing.
    const index = indexOfFrames(['p/q/r', 'p/s'], ['p/q/r', 'p/t/u/v'], ['p/q'])
    const rows = flattenRows(index, new Set(), '')
    expect(rows.descendants[idOf(index, 'p')]).toBe(6)
    expect(rows.topicsBelow[idOf(index, 'p')]).toBe(4)
    expect(rows.topicsBelow[idOf(index, 'p/q')]).toBe(1)
    expect(rows.topicsBelow[idOf(index, 'p/t')]).toBe(1)
    expect(rows.topicsBelow[idOf(index, 'p/t/u/v')]).toBe(0)
  })

  it('lists the busiest topics and subtrees by rate, with bytes per second estimated', () => {
    const index = indexOfFrames([
      ...times('f/hot', 5, '12345678'),
      ...times('f/warm', 2, 'ab'),
      ...times('g/x', 1),
    ])
    const { topics, subtrees } = busiest(index)
    expect(topics.map((e) => [index.topicOf(e.id), e.rate, e.bytesRate])).toEqual([
      ['f/hot', 5, 40],
      ['f/warm', 2, 4],
      ['g/x', 1, 1],
    ])
    expect(subtrees.map((e) => [index.topicOf(e.id), e.rate])).toEqual([
      ['f', 7],
      ['g', 1],
    ])
    expect(busiest(index, 1, 1).topics.map((e) => index.topicOf(e.id))).toEqual(['f/hot'])
  })
})

describe('searching values', () => {
  it('matches the last value preview only when asked to', () => {
    const idx = indexOfFrames([
      { topic: 'v/a', payload: '{"state":"ALARM"}' },
      { topic: 'v/b', payload: 'ok' },
    ])
    expect(flattenRows(idx, new Set(), 'alarm').matches).toBe(0)
    const rows = flattenRows(idx, new Set(), 'alarm', { searchValues: true })
    expect(rows.matches).toBe(1)
    expect([...rows.ids].map((id) => idx.topicOf(id))).toEqual(['v', 'v/a'])
  })

  it('keeps wildcard filters to topics', () => {
    const idx = indexOfFrames([{ topic: 'w/a', payload: 'w/+' }])
    expect(flattenRows(idx, new Set(), 'w/+', { searchValues: true }).matches).toBe(1)
    expect(flattenRows(idx, new Set(), 'x/+', { searchValues: true }).matches).toBe(0)
  })
})

describe('expand all', () => {
  it('opens every branch breadth-first up to the limit and says when it stopped', () => {
    const index = indexOf(['a/b/c', 'a/d/e', 'f/g'])
    const all = expandAllIds(index)
    expect([...all.ids].map((id) => index.topicOf(id))).toEqual(['a', 'f', 'a/b', 'a/d'])
    expect(all.capped).toBe(false)
    const some = expandAllIds(index, 2)
    expect([...some.ids].map((id) => index.topicOf(id))).toEqual(['a', 'f'])
    expect(some).toMatchObject({ capped: true, branches: 4 })
  })
})
