import { describe, expect, it } from 'vitest'
import { ManualFrameClock } from '../test/frameClock'
import { Pacer } from './pacer'

describe('Pacer', () => {
  it('coalesces any number of marks into one run per interval, at a frame', () => {
    const clock = new ManualFrameClock()
    let runs = 0
    const pacer = new Pacer(100, () => runs++, clock)
    // 60 frames a second for one second, a mark in every frame (a frame of data each time).
    for (let f = 0; f < 60; f++) {
      pacer.mark()
      pacer.mark()
      clock.tick(1000 / 60)
    }
    // At most one run per 100 ms: ten in a second (the first at once), never more.
    expect(runs).toBeGreaterThanOrEqual(9)
    expect(runs).toBeLessThanOrEqual(10)
  })

  it('schedules nothing while nothing was marked (an idle page does no work)', () => {
    const clock = new ManualFrameClock()
    let runs = 0
    const pacer = new Pacer(100, () => runs++, clock)
    for (let f = 0; f < 120; f++) clock.tick(16)
    expect(runs).toBe(0)
    expect(pacer.pending).toBe(false)
    expect(clock.queuedFrames).toBe(0)
  })

  it('runs a late mark once, after the interval, and not again until marked', () => {
    const clock = new ManualFrameClock()
    let runs = 0
    const pacer = new Pacer(100, () => runs++, clock)
    pacer.mark()
    clock.tick(16)
    expect(runs).toBe(1)
    pacer.mark() // 16 ms after the run: waits for the interval
    clock.tick(16)
    expect(runs).toBe(1)
    for (let f = 0; f < 10; f++) clock.tick(16)
    expect(runs).toBe(2)
    for (let f = 0; f < 30; f++) clock.tick(16)
    expect(runs).toBe(2)
  })

  it('stops when disposed', () => {
    const clock = new ManualFrameClock()
    let runs = 0
    const pacer = new Pacer(0, () => runs++, clock)
    pacer.mark()
    pacer.dispose()
    clock.tick(16)
    expect(runs).toBe(0)
  })
})
