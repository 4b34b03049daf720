import { describe, expect, it } from 'vitest'
import { TopicIndex } from '../../store/TopicIndex'
import { FrameMaker } from '../../test/frames'
import { flattenRows } from './flattenRows'
import { TreeFilter } from './treeFilter'

/** An index of `n` topics `f<i / 100>/t<i>`, built from real frames. */
function indexOf(n: number, maker = new FrameMaker()): TopicIndex {
  const index = new TopicIndex()
  const topics = Array.from({ length: n }, (_, i) => `f${Math.floor(i / 100)}/t${i}`)
  const frame = maker.frame(topics)
  index.nextFrame()
  index.insert(frame.inserts)
  return index
}

describe('TreeFilter', () => {
  it('tests topics in slices that stop at the deadline and go on where they stopped', () => {
    const index = indexOf(20_000)
    const filter = new TreeFilter(index, 't19')
    // A clock that moves 1 ms per look: a 5 ms slice stops after a few looks.
    let t = 0
    const now = () => t++
    let slices = 0
    while (!filter.advance(t + 5, now)) slices++
    expect(slices).toBeGreaterThan(3)
    const whole = new TreeFilter(index, 't19')
    whole.advance()
    expect(filter.matches).toBe(whole.matches)
    expect(filter.matches).toBe(1 + 10 + 100 + 1000) // t19, t190…t199, t1900…t1999, t19000…
    const rows = flattenRows(index, new Set(), filter)
    expect(rows.matches).toBe(filter.matches)
    expect(rows.ids).toEqual(flattenRows(index, new Set(), 't19').ids)
  })

  it('tests only the topics created since the last slice', () => {
    const maker = new FrameMaker()
    const index = indexOf(100, maker)
    const filter = new TreeFilter(index, 'new')
    expect(filter.advance()).toBe(true)
    expect(filter.matches).toBe(0)
    const version = filter.version
    const frame = maker.frame(['f0/new', 'f9/other'])
    index.nextFrame()
    index.insert(frame.inserts)
    expect(filter.done).toBe(false)
    expect(filter.advance()).toBe(true)
    expect(filter.matches).toBe(1)
    expect(filter.version).toBeGreaterThan(version)
    const added = [...frame.inserts.ids].map((id) => index.topicOf(id))
    expect(added).toEqual(['f0/new', 'f9', 'f9/other'])
    expect(filter.forcesOpen(index.parentOf(frame.inserts.ids[0]!))).toBe(true)
  })
})
