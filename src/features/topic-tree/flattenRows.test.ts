// A .tsx file only because vitest.config.ts runs src/features/**/*.test.tsx; it renders nothing.
import { describe, expect, it } from 'vitest'
import { DataStore } from '../../store/dataStore'
import type { TopicIndex } from '../../store/TopicIndex'
import { FrameMaker } from '../../test/frames'
import { flattenRows, type FlatRows } from './flattenRows'

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
  return rows.ids.map(
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
    expect(all.ids.map((id) => index.topicOf(id))).not.toContain('$SYS')
    const sys = flattenRows(index, new Set(), '$SYS/#')
    expect(sys.matches).toBe(3)
  })

  it('shows the children of an expanded match only when they match too', () => {
    const index = indexOf(TOPICS)
    const rows = flattenRows(index, new Set([idOf(index, 'home/hall')]), 'hall')
    // 'home/hall/door' contains "hall", so it is a match in its own right.
    expect(show(index, rows)).toEqual(['home@1 1/1', 'home/hall@2 1/1', 'home/hall/door@3 1/1'])
    const none = flattenRows(index, new Set([idOf(index, 'office')]), 'nothing-here')
    expect(none.ids).toEqual([])
    expect(none.matches).toBe(0)
  })

  it('names empty levels and keeps them in the tree', () => {
    const index = indexOf(['/a', 'a//b'])
    const rows = flattenRows(index, new Set(), 'b')
    expect(show(index, rows)).toEqual(['a@1 1/1', 'a/@2 1/1', 'a//b@3 1/1'])
  })
})
