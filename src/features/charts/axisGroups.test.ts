import { describe, expect, it } from 'vitest'
import { AXIS_REGROUP_FACTOR } from '../../engine/budgets'
import { AXIS_RANGE_FACTOR, groupSeries, type AxisMemory } from './axisGroups'

const series = (...ys: number[][]) => ys.map((y) => ({ ys: y }))

describe('automatic y axes with hysteresis', () => {
  // A sensor at ~10 and one whose range hovers around the boundary (10 × 10 = 100).
  const low = [9, 10]
  const boundary = 10 * AXIS_RANGE_FACTOR

  it('keeps each series on its axis while values oscillate around the boundary', () => {
    // Without memory the grouping follows each reading across the boundary: the flip to avoid.
    expect(groupSeries(series(low, [boundary * 0.95]), 'auto')).toEqual([[0, 1]])
    expect(groupSeries(series(low, [boundary * 1.05]), 'auto')).toEqual([[0], [1]])

    // Started together (just inside): stays together on the way out and back.
    const together: AxisMemory = {}
    for (let step = 0; step < 20; step++) {
      const v = boundary * (step % 2 === 0 ? 0.95 : 1.05)
      expect(groupSeries(series(low, [v]), 'auto', together), `step ${step}: ${v}`).toEqual([
        [0, 1],
      ])
    }
    // Started apart (just outside): a move within the band does not join them either, until
    // their spread is within the plain factor again.
    const apart: AxisMemory = {}
    expect(groupSeries(series(low, [boundary * 1.05]), 'auto', apart)).toEqual([[0], [1]])
    for (const v of [boundary * 1.5, boundary * 1.02, boundary * 1.8, boundary * 1.01])
      expect(groupSeries(series(low, [v]), 'auto', apart), `${v}`).toEqual([[0], [1]])
  })

  it('moves a series once its range is clearly outside its group, and back once inside', () => {
    const memory: AxisMemory = {}
    expect(groupSeries(series(low, [90]), 'auto', memory)).toEqual([[0, 1]])
    // Clearly outside: above the smallest by more than the widened factor.
    const clearly = 10 * AXIS_RANGE_FACTOR * AXIS_REGROUP_FACTOR * 1.05
    expect(groupSeries(series(low, [clearly]), 'auto', memory)).toEqual([[0], [1]])
    // Within the band it stays on its own axis...
    expect(groupSeries(series(low, [boundary * 1.2]), 'auto', memory)).toEqual([[0], [1]])
    // ...and within the plain factor it shares the axis again.
    expect(groupSeries(series(low, [boundary * 0.9]), 'auto', memory)).toEqual([[0, 1]])
  })

  it('places a series that gets its first points afresh, not by an earlier place', () => {
    const memory: AxisMemory = {}
    // Empty at first: it joins the first strip, which is not a choice by magnitude.
    expect(groupSeries([{ ys: [600] }, { ys: [] }], 'auto', memory)).toEqual([[0, 1]])
    // 50 is within the widened factor of 600 but not within the plain one: an axis of its own.
    expect(groupSeries(series([600], [50]), 'auto', memory)).toEqual([[0], [1]])
  })

  it('groups as before without memory, and memory does not change the first answer', () => {
    const co2 = [580, 620, 610]
    const temp = [21.5, 22.4, 22]
    const voc = [0.18, 0.25, 0.2]
    const hum = [45, 52, 50]
    const all = series(temp, co2, hum, voc)
    expect(groupSeries(all, 'auto')).toEqual([[0, 2], [1], [3]])
    expect(groupSeries(all, 'auto', {})).toEqual([[0, 2], [1], [3]])
  })
})
