import { describe, expect, it, vi } from 'vitest'
import { TopicIndex } from '../../store/TopicIndex'
import { FrameMaker } from '../../test/frames'
import { flattenRows, RowFlattener, RowsMemo } from './flattenRows'
import { TreeFilter } from './treeFilter'

/** An index of `n` topics `f<i / 100>/t<i>` (levels of 100), built from one real frame. */
function indexOf(n: number): TopicIndex {
  const index = new TopicIndex()
  const topics = Array.from({ length: n }, (_, i) => `f${Math.floor(i / 100)}/t${i}`)
  index.nextFrame()
  index.insert(new FrameMaker().frame(topics).inserts)
  return index
}

/** A clock past every deadline: each slice does its least and stops at its first look. */
const late = () => Infinity

describe('the filter job in slices (typing with 100 000 topics has no long task)', () => {
  it('sorts the levels the filter opens one level per look at the clock', () => {
    const index = indexOf(20_000)
    const filter = new TreeFilter(index, 't')
    filter.advance()
    let slices = 1
    while (!filter.prepareChildren(0, late)) slices++
    // 200 levels f0…f199 opened, each sorted in its own slice.
    expect(slices).toBe(200)
  })

  it('flattens 20 000 matches 1 024 rows per slice, to the same rows as in one go', () => {
    const index = indexOf(20_000)
    const filter = new TreeFilter(index, 't')
    filter.advance()
    filter.prepareChildren()
    const flattener = new RowFlattener(index, new Set(), filter)
    const sizes: number[] = []
    while (!flattener.advance(0, late)) sizes.push(flattener.rows().ids.length)
    expect(sizes.slice(0, 3)).toEqual([1024, 2048, 3072])
    expect(sizes.length).toBe(Math.floor(20_200 / 1024))
    const whole = flattenRows(index, new Set(), 't')
    const sliced = flattener.rows()
    expect(sliced.ids).toEqual(whole.ids)
    expect(sliced.depths).toEqual(whole.depths)
    expect(sliced.positions).toEqual(whole.positions)
    expect(sliced.setSizes).toEqual(whole.setSizes)
    expect([...sliced.forcedOpen]).toEqual([...whole.forcedOpen])
    expect(sliced.matches).toBe(20_000)
  })

  it('flattens a sorted, expanded tree in slices to the same rows as in one go', () => {
    const index = indexOf(3_000)
    const expanded = new Set(index.childrenOf(0).filter((_, i) => i % 2 === 0))
    const flattener = new RowFlattener(index, expanded, undefined, 'messages')
    let slices = 1
    while (!flattener.advance(0, late)) slices++
    expect(slices).toBeGreaterThan(1)
    expect(flattener.rows().ids).toEqual(flattenRows(index, expanded, '', { sort: 'messages' }).ids)
  })
})

describe('RowsMemo', () => {
  const deps = (index: TopicIndex) => [index, 1, new Set<number>(), 'name', false, 0] as const

  it('keeps the rows while a longer filter shows the same topics, not when it shows fewer', () => {
    const index = indexOf(2_000)
    const inputs = deps(index)
    const memo = new RowsMemo()
    const scan = (text: string) => {
      const f = new TreeFilter(index, text)
      f.advance()
      return f
    }
    const make = vi.fn((f: TreeFilter) => flattenRows(index, new Set(), f))
    const t = scan('t')
    const first = memo.rows(inputs, t, () => make(t))
    // "/t" is in every topic "t" matches and in no other: the same topics, the same rows.
    const slashT = scan('/t')
    expect(slashT.matches).toBe(t.matches)
    expect(memo.rows(inputs, slashT, () => make(slashT))).toBe(first)
    expect(make).toHaveBeenCalledTimes(1)
    // "/t1" matches fewer: new rows, and the right ones.
    const fewer = scan('/t1')
    const rows = memo.rows(inputs, fewer, () => make(fewer))
    expect(make).toHaveBeenCalledTimes(2)
    expect(rows.ids).toEqual(flattenRows(index, new Set(), '/t1').ids)
    // Another input (a sort) is never taken for the same rows.
    memo.rows([index, 1, inputs[2], 'messages', false, 0], t, () => make(t))
    expect(make).toHaveBeenCalledTimes(3)
  })

  it('takes rows flattened ahead and still holds the rows on screen', () => {
    const index = indexOf(500)
    const inputs = deps(index)
    const memo = new RowsMemo()
    const onScreen = memo.rows(inputs, undefined, () => flattenRows(index, new Set(), ''))
    const next = new TreeFilter(index, 't4')
    next.advance()
    const ahead = flattenRows(index, new Set(), next)
    memo.prime(inputs, next, ahead)
    const make = vi.fn(() => flattenRows(index, new Set(), ''))
    expect(memo.rows(inputs, undefined, make)).toBe(onScreen)
    expect(memo.rows(inputs, next, make)).toBe(ahead)
    expect(make).not.toHaveBeenCalled()
  })
})
