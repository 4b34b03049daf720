import { describe, expect, it } from 'vitest'
import { TopicTrie } from './TopicTrie'

describe('TopicTrie', () => {
  it('gives the same id to the same topic every time', () => {
    const trie = new TopicTrie(100)
    const id = trie.idOf('sensors/room1/temp')
    trie.idOf('sensors/room2/temp')
    expect(trie.idOf('sensors/room1/temp')).toBe(id)
    expect(trie.size).toBe(5)
  })

  it('reuses the nodes of a shared prefix', () => {
    const trie = new TopicTrie(100)
    const a = trie.idOf('a/b/c')
    expect(trie.size).toBe(3)
    const d = trie.idOf('a/b/d')
    expect(trie.size).toBe(4)
    expect(trie.parentOf(a)).toBe(trie.parentOf(d))
    expect(trie.nameOf(trie.parentOf(a))).toBe('b')
  })

  it('returns the id of an intermediate level without creating anything', () => {
    const trie = new TopicTrie(100)
    const leaf = trie.idOf('a/b/c')
    trie.drainInserted()
    const mid = trie.idOf('a/b')
    expect(mid).toBe(trie.parentOf(leaf))
    expect(trie.size).toBe(3)
    expect(trie.drainInserted()).toEqual([])
  })

  it('numbers top-level nodes under the root 0, whose parent is -1', () => {
    const trie = new TopicTrie(100)
    const a = trie.idOf('a')
    expect(a).toBeGreaterThan(0)
    expect(trie.parentOf(a)).toBe(0)
    expect(trie.parentOf(0)).toBe(-1)
  })

  it('drains inserted nodes once, parents before children', () => {
    const trie = new TopicTrie(100)
    trie.idOf('a/b/c')
    trie.idOf('x/y')
    trie.idOf('a/b/d')
    const inserted = trie.drainInserted()
    expect(inserted).toHaveLength(6)
    const seen = new Set<number>([0])
    for (const id of inserted) {
      expect(seen.has(trie.parentOf(id))).toBe(true)
      seen.add(id)
    }
    expect(trie.drainInserted()).toEqual([])
    trie.idOf('a/b/c')
    expect(trie.drainInserted()).toEqual([])
  })

  it.each(['a/b/c', 'a//b', '/a', 'a/', '/', '', '$SYS/broker/uptime', 'héllo/wörld'])(
    'rebuilds %j from its id',
    (topic) => {
      const trie = new TopicTrie(100)
      trie.idOf('a/b')
      const id = trie.idOf(topic)
      expect(trie.topicOf(id)).toBe(topic)
    },
  )

  it('keeps empty levels as their own nodes', () => {
    const trie = new TopicTrie(100)
    const id = trie.idOf('a//b')
    expect(trie.size).toBe(3)
    expect(trie.nameOf(trie.parentOf(id))).toBe('')
    expect(trie.idOf('/a')).not.toBe(trie.idOf('a'))
  })

  it('grows past its initial capacity of 1024 nodes', () => {
    const trie = new TopicTrie(10_000)
    const ids: number[] = []
    for (let i = 0; i < 3000; i++) ids.push(trie.idOf(`t/${i}`))
    expect(trie.size).toBe(3001)
    expect(trie.topicOf(ids[2999]!)).toBe('t/2999')
    expect(trie.parentOf(ids[2999]!)).toBe(trie.idOf('t'))
  })

  it('returns -1 at the hard cap and creates no partial path', () => {
    const trie = new TopicTrie(3)
    trie.idOf('a/b')
    trie.drainInserted()
    expect(trie.idOf('a/c/d')).toBe(-1)
    expect(trie.size).toBe(2)
    expect(trie.drainInserted()).toEqual([])
    // The one node that still fits is created, and then nothing more.
    const c = trie.idOf('a/c')
    expect(c).toBeGreaterThan(0)
    expect(trie.size).toBe(3)
    expect(trie.idOf('z')).toBe(-1)
    // Known topics still resolve at the cap.
    expect(trie.idOf('a/c')).toBe(c)
    expect(trie.topicOf(trie.idOf('a/b'))).toBe('a/b')
  })
})
