import { describe, expect, it } from 'vitest'
import { LOG_PENDING_ROWS, LOG_RING_ROWS } from '../engine/budgets'
import { FrameMaker } from '../test/frames'
import { DataStore, type DataKey } from './dataStore'

const KEYS: DataKey[] = ['totals', 'structure', 'stats', 'log', 'detail']

/** Records which keys each applyFrame emitted. */
function recorder(store: DataStore) {
  let emitted: DataKey[] = []
  for (const key of KEYS) store.subscribe(key, () => emitted.push(key))
  return {
    take(): DataKey[] {
      const out = emitted.sort()
      emitted = []
      return out
    },
  }
}

function idOf(store: DataStore, topic: string): number {
  for (let id = 1; id <= store.index.size; id++) if (store.index.topicOf(id) === topic) return id
  throw new Error(`no node for ${topic}`)
}

describe('DataStore.applyFrame', () => {
  it('builds the topic index with children in natural order', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    store.applyFrame(
      maker.frame(['b/room10/t', 'b/room2/t', 'b/Room1/t', 'a', 'b/room2/h', 'b/room2/t']),
    )
    const { index } = store
    expect(index.size).toBe(9)
    expect(index.childrenOf(0).map((id) => index.nameOf(id))).toEqual(['a', 'b'])
    const b = idOf(store, 'b')
    expect(index.childrenOf(b).map((id) => index.nameOf(id))).toEqual(['Room1', 'room2', 'room10'])
    const room2 = idOf(store, 'b/room2')
    expect(index.childrenOf(room2).map((id) => index.topicOf(id))).toEqual([
      'b/room2/h',
      'b/room2/t',
    ])
    expect(index.counts[idOf(store, 'b/room2/t')]).toBe(2)
    expect(index.subtree[b]).toBe(5)
    expect(index.depthOf(idOf(store, 'b/room2/t'))).toBe(3)
  })

  it('merges children that arrive in later frames into the natural order', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    store.applyFrame(maker.frame(['r/room1', 'r/room3', 'r/room20']))
    const r = idOf(store, 'r')
    expect(store.index.childrenOf(r).map((id) => store.index.nameOf(id))).toEqual([
      'room1',
      'room3',
      'room20',
    ])
    store.applyFrame(maker.frame(['r/room2', 'r/room100', 'r/room0']))
    expect(store.index.childrenOf(r).map((id) => store.index.nameOf(id))).toEqual([
      'room0',
      'room1',
      'room2',
      'room3',
      'room20',
      'room100',
    ])
  })

  it('keeps last values and previews of topics that got messages', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    store.applyFrame(maker.frame([{ topic: 'a/b', payload: '21.5', retain: true }]))
    const id = idOf(store, 'a/b')
    expect(new TextDecoder().decode(store.index.previews[id])).toBe('21.5')
    expect(store.index.sizes[id]).toBe(4)
    // A later frame with only ancestor stats for another topic keeps this value.
    store.applyFrame(maker.frame(['a/c']))
    expect(new TextDecoder().decode(store.index.previews[id])).toBe('21.5')
    expect(store.index.previews[idOf(store, 'a')]).toBeUndefined()
  })

  it('ignores a frame of an older generation', () => {
    const store = new DataStore()
    const old = new FrameMaker(1)
    const current = new FrameMaker(2)
    store.applyFrame(old.frame(['old/topic']))
    store.applyFrame(current.frame(['new/topic']))
    const events = recorder(store)
    store.applyFrame(old.frame(['old/topic', 'old/other']))
    expect(events.take()).toEqual([])
    expect(store.generation).toBe(2)
    expect(store.totals.received).toBe(1)
    expect(store.index.topicOf(store.index.childrenOf(0)[0]!)).toBe('new')
    expect(store.index.size).toBe(2)
  })

  it('clears the index, log and detail on a reset frame', () => {
    const store = new DataStore()
    const first = new FrameMaker(1)
    store.applyFrame(first.frame(['x/y', 'x/z']))
    first.ingestor.select(idOf(store, 'x/y'))
    store.applyFrame(first.frame(['x/y']))
    expect(store.detail).toBeDefined()
    expect(store.log.total).toBe(3)

    const events = recorder(store)
    const second = new FrameMaker(2)
    const reset = second.frame([])
    expect(reset.reset).toBe(true)
    store.applyFrame(reset)
    expect(events.take()).toEqual(KEYS.slice().sort())
    expect(store.index.size).toBe(0)
    expect(store.index.childrenOf(0)).toEqual([])
    expect(store.log.total).toBe(0)
    expect(store.detail).toBeUndefined()
    expect(store.totals.received).toBe(0)
  })

  it('starts over when a new connection of the same generation sends a reset', () => {
    const store = new DataStore()
    store.applyFrame(new FrameMaker(1).frame(['a', 'b']))
    store.applyFrame(new FrameMaker(1).frame(['c']))
    expect(store.index.size).toBe(1)
    expect(store.index.nameOf(store.index.childrenOf(0)[0]!)).toBe('c')
  })

  it('keeps only the newest LOG_RING_ROWS rows with the right first and total', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    const perFrame = Math.min(LOG_PENDING_ROWS, Math.ceil((LOG_RING_ROWS * 3) / 5))
    let sent = 0
    const batch = () =>
      Array.from({ length: perFrame }, () => ({ topic: `t/${sent % 7}`, payload: `${sent++}` }))
    store.applyFrame(maker.frame(batch()))
    store.applyFrame(maker.frame(batch()))
    const { log } = store
    expect(sent).toBeGreaterThan(LOG_RING_ROWS)
    expect(log.total).toBe(sent)
    expect(log.first).toBe(sent - LOG_RING_ROWS)
    expect(log.length).toBe(LOG_RING_ROWS)
    expect(log.evicted).toBe(sent - LOG_RING_ROWS)
    expect(log.row(log.first - 1)).toBeUndefined()
    expect(log.row(sent)).toBeUndefined()
    const decode = (i: number) => new TextDecoder().decode(log.row(i)!.preview)
    expect(decode(log.first)).toBe(String(log.first))
    expect(decode(sent - 1)).toBe(String(sent - 1))
    expect(store.index.topicOf(log.row(sent - 1)!.topicId)).toBe(`t/${(sent - 1) % 7}`)
    expect(store.totals.received).toBe(sent)
  })

  it('emits only the keys a frame changed', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    const events = recorder(store)
    store.applyFrame(maker.frame(['a/b']))
    expect(events.take()).toEqual(KEYS.slice().sort())

    // Same topic again: stats and log, no structure.
    store.applyFrame(maker.frame(['a/b']))
    expect(events.take()).toEqual(['log', 'stats', 'totals'])

    // A new topic adds structure.
    store.applyFrame(maker.frame(['a/c']))
    expect(events.take()).toEqual(['log', 'stats', 'structure', 'totals'])

    // Nothing new (the same totals): nothing wakes, not even the counters.
    store.applyFrame(maker.frame([]))
    expect(events.take()).toEqual([])

    // The selected topic's message brings its detail.
    maker.ingestor.select(idOf(store, 'a/b'))
    store.applyFrame(maker.frame([]))
    expect(events.take()).toEqual(['detail'])
    expect(store.detail?.topic).toBe('a/b')
  })

  it('bumps the version of each emitted key once per frame', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    store.applyFrame(maker.frame(['a']))
    const before = store.events.version('totals')
    const structure = store.events.version('structure')
    store.applyFrame(maker.frame(['a']))
    expect(store.events.version('totals')).toBe(before + 1)
    expect(store.events.version('structure')).toBe(structure)
  })

  it('forgets the detail on clearDetail and says so', () => {
    const store = new DataStore()
    const maker = new FrameMaker(1)
    store.applyFrame(maker.frame(['a']))
    maker.ingestor.select(idOf(store, 'a'))
    store.applyFrame(maker.frame([]))
    const events = recorder(store)
    store.clearDetail()
    expect(store.detail).toBeUndefined()
    expect(events.take()).toEqual(['detail'])
  })
})
