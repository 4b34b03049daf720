import { describe, expect, it, vi } from 'vitest'
import type * as Budgets from './budgets'
import { Ingestor } from './Ingestor'

// A topic cap of 3 nodes instead of a million, so the explosion path can be exercised cheaply.
vi.mock('./budgets', async (importOriginal) => ({
  ...(await importOriginal<typeof Budgets>()),
  TOPICS_HARD_CAP: 3,
}))

const T0 = 1_700_000_000_000
const payload = new TextEncoder().encode('x')

describe('Ingestor at the topic hard cap', () => {
  it('counts messages on topics beyond the cap as untracked, keeping the totals exact', () => {
    const ing = new Ingestor(1, T0)
    const send = (topic: string) =>
      ing.ingest({ topic, payload, qos: 0, retain: false, dup: false }, T0)
    send('a/b')
    send('a/c/d')
    send('a/c')
    send('z')
    send('a/b')
    const frame = ing.buildFrame(T0 + 1, 1)
    // Nodes a, b, c; topics with messages b and c; a/c/d and z found no node.
    expect(frame.totals).toMatchObject({
      received: 5,
      bytes: 5,
      topics: 2,
      nodes: 3,
      untracked: 2,
    })
    expect(frame.inserts.names).toEqual(['a', 'b', 'c'])
    // Untracked messages have no node to name, so they are not in the log either.
    expect(frame.log.topicIds).toHaveLength(3)
    const a = frame.inserts.ids[0]!
    expect(frame.stats.subtree[frame.stats.ids.indexOf(a)]).toBe(3)
  })
})
