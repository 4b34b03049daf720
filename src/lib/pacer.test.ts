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

  it('runs pacers of one clock in the same frames: the slower ones only where the faster ones run', () => {
    const clock = new ManualFrameClock()
    const frames: Record<string, number[]> = { counters: [], rows: [], details: [] }
    const pacers = [
      new Pacer(50, () => frames.counters!.push(clock.framesRun), clock),
      new Pacer(100, () => frames.rows!.push(clock.framesRun), clock),
      new Pacer(200, () => frames.details!.push(clock.framesRun), clock),
    ]
    // Data arrives every third frame (20 Hz at 60 frames a second) at a phase that drifts, and
    // marks every pacer, as a worker frame marks every panel.
    let nextData = 0
    for (let f = 0; f < 120; f++) {
      if (f >= nextData) {
        for (const pacer of pacers) pacer.mark()
        nextData = f + 3 + (f % 7 === 0 ? 1 : 0)
      }
      clock.tick(1000 / 60)
    }
    // Every pacer ran as often as its interval allows over two seconds, never more often …
    expect(frames.counters!.length).toBeGreaterThanOrEqual(30)
    expect(frames.counters!.length).toBeLessThanOrEqual(41)
    expect(frames.rows!.length).toBeGreaterThanOrEqual(15)
    expect(frames.rows!.length).toBeLessThanOrEqual(21)
    expect(frames.details!.length).toBeGreaterThanOrEqual(7)
    expect(frames.details!.length).toBeLessThanOrEqual(11)
    // … a run's frame may move by one against its beat, no more …
    const gaps = (runs: number[]) => runs.slice(1).map((f, i) => f - runs[i]!)
    expect(Math.min(...gaps(frames.counters!))).toBeGreaterThanOrEqual(2)
    expect(Math.min(...gaps(frames.rows!))).toBeGreaterThanOrEqual(5)
    expect(Math.min(...gaps(frames.details!))).toBeGreaterThanOrEqual(11)
    // … and all of them together in at most one frame per beat: one layout for all of them
    // (pacers on timers of their own drew in 52 frames here).
    const drawn = [...new Set([...frames.counters!, ...frames.rows!, ...frames.details!])]
    expect(drawn.length).toBeLessThanOrEqual(41)
    expect(Math.min(...gaps(drawn.sort((a, b) => a - b)))).toBeGreaterThanOrEqual(2)
  })

  it('runs pacers of one interval in the same frames even when their data comes at other phases', () => {
    const clock = new ManualFrameClock()
    const frames: Record<string, number[]> = { log: [], counters: [], clock: [] }
    const log = new Pacer(100, () => frames.log!.push(clock.framesRun), clock)
    const counters = new Pacer(100, () => frames.counters!.push(clock.framesRun), clock)
    // A once-a-second clock that marks itself again after each run (the tree's ages).
    const second = new Pacer(
      1000,
      () => {
        frames.clock!.push(clock.framesRun)
        second.mark()
      },
      clock,
    )
    second.mark()
    // The log's data comes every 100 ms, the counters' 50 ms later (two sources of marks, as a
    // chart's frames and the tree's own clock are), for two seconds at 60 frames a second.
    for (let f = 0; f < 120; f++) {
      const at = clock.now()
      if (Math.floor(at / 100) !== Math.floor((at - 1000 / 60) / 100)) log.mark()
      if (Math.floor((at + 50) / 100) !== Math.floor((at + 50 - 1000 / 60) / 100)) counters.mark()
      clock.tick(1000 / 60)
    }
    // After their first three runs, every run of one falls in a frame the other runs in too: one
    // layout for both, ten a second, not twenty.
    const later = (runs: number[]) => runs.slice(3)
    expect(later(frames.log!).every((f) => frames.counters!.includes(f))).toBe(true)
    expect(frames.log!.length).toBeGreaterThanOrEqual(17)
    expect(frames.log!.length).toBeLessThanOrEqual(21)
    // The once-a-second clock ran twice or three times, in frames the 100 ms pacers drew anyway.
    expect(frames.clock!.length).toBeGreaterThanOrEqual(2)
    expect(frames.clock!.slice(1).every((f) => frames.log!.includes(f))).toBe(true)
  })

  it('keeps the others scheduled when one pacer is disposed', () => {
    const clock = new ManualFrameClock()
    let a = 0
    let b = 0
    const first = new Pacer(100, () => a++, clock)
    const second = new Pacer(100, () => b++, clock)
    first.mark()
    second.mark()
    first.dispose()
    clock.tick(16)
    expect([a, b]).toEqual([0, 1])
  })
})
