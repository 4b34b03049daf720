import { act, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseBenchCommand, parseBenchReportUrl, startBenchProbe } from './benchProbe'
import { benchTypedKeys, runBenchCommand } from './benchStatus'

describe('parseBenchReportUrl', () => {
  it('takes plain-http loopback addresses only', () => {
    expect(parseBenchReportUrl('http://127.0.0.1:4000/report/1')).toBe(
      'http://127.0.0.1:4000/report/1',
    )
    expect(parseBenchReportUrl('http://localhost:1/r')).toBe('http://localhost:1/r')
    expect(parseBenchReportUrl('https://127.0.0.1/r')).toBeUndefined()
    expect(parseBenchReportUrl('http://example.com/r')).toBeUndefined()
    expect(parseBenchReportUrl('http://u:p@127.0.0.1/r')).toBeUndefined()
    expect(parseBenchReportUrl('not a url')).toBeUndefined()
  })
})

describe('parseBenchCommand', () => {
  it('accepts a bounded typing or frame-pause command and nothing else', () => {
    const ok = { type: 'typeFilter', text: 'bench/t/42', intervalMs: 250 }
    expect(parseBenchCommand(ok)).toEqual(ok)
    expect(parseBenchCommand({ ...ok, extra: 1 })).toEqual(ok)
    expect(parseBenchCommand({ ...ok, type: 'eval' })).toBeUndefined()
    expect(parseBenchCommand({ ...ok, text: '' })).toBeUndefined()
    expect(parseBenchCommand({ ...ok, text: 'x'.repeat(41) })).toBeUndefined()
    expect(parseBenchCommand({ ...ok, intervalMs: 0 })).toBeUndefined()
    expect(parseBenchCommand({ type: 'pauseFrames', ms: 5000 })).toEqual({
      type: 'pauseFrames',
      ms: 5000,
    })
    expect(parseBenchCommand({ type: 'pauseFrames', ms: 3_600_000 })).toBeUndefined()
    expect(parseBenchCommand({ type: 'pauseFrames' })).toBeUndefined()
    expect(parseBenchCommand(null)).toBeUndefined()
    expect(parseBenchCommand('typeFilter')).toBeUndefined()
  })
})

/** A controlled search box like the topic tree's, recording what React saw. */
function FilterBox({ seen }: { seen: string[] }) {
  const [value, setValue] = useState('')
  return (
    <input
      type="search"
      aria-label="Filter topics"
      value={value}
      onChange={(e) => {
        seen.push(e.target.value)
        setValue(e.target.value)
      }}
    />
  )
}

describe('runBenchCommand', () => {
  afterEach(() => vi.useRealTimers())

  it('types into the filter box key by key, through React', async () => {
    vi.useFakeTimers()
    const seen: string[] = []
    render(<FilterBox seen={seen} />)
    const before = benchTypedKeys()
    runBenchCommand({ type: 'typeFilter', text: 'a/b', intervalMs: 100 })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(150)
    })
    expect(seen).toEqual(['a'])
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200)
    })
    expect(seen).toEqual(['a', 'a/', 'a/b'])
    expect(screen.getByRole('searchbox', { name: 'Filter topics' })).toHaveValue('a/b')
    expect(benchTypedKeys() - before).toBe(3)
  })
})

/**
 * The bench server, stubbed: records each report's body and answers the next report with the
 * next of `answers` (200 with the command), or 204 when none is left. Returns the bodies.
 */
function stubReports(answers: unknown[]): { received: number; longTasks: number[] }[] {
  const bodies: { received: number; longTasks: number[] }[] = []
  vi.stubGlobal('fetch', (_url: string, init: { body: string }) => {
    bodies.push(JSON.parse(init.body) as { received: number; longTasks: number[] })
    const body = answers.shift()
    return Promise.resolve(
      body === undefined
        ? { status: 204, json: () => Promise.resolve(undefined) }
        : { status: 200, json: () => Promise.resolve(body) },
    )
  })
  return bodies
}

describe('startBenchProbe during a frame pause (the idle step)', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('sends the first report of the pause, then only reports with something new', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('requestAnimationFrame', () => 0)
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const bodies = stubReports([{ type: 'pauseFrames', ms: 10_000 }])
    let received = 5
    const stop = startBenchProbe('http://127.0.0.1:1/report/x', () => ({
      received,
      dropped: 0,
      status: 'Connected',
    }))
    // The first report brings the pause; the next one (nothing new) says the loop stopped.
    await vi.advanceTimersByTimeAsync(1000)
    expect(bodies).toHaveLength(2)
    // Nothing changes for 4 s: nothing is sent.
    await vi.advanceTimersByTimeAsync(4000)
    expect(bodies).toHaveLength(2)
    // A count that moved goes out at once.
    received = 6
    await vi.advanceTimersByTimeAsync(500)
    expect(bodies.at(-1)?.received).toBe(6)
    // After the pause, reports every 500 ms again.
    await vi.advanceTimersByTimeAsync(6000)
    const before = bodies.length
    await vi.advanceTimersByTimeAsync(1000)
    expect(bodies.length - before).toBe(2)
    stop()
  })

  it("a pause of 0 ms runs the paused frame loop again at once (a load step's second half)", async () => {
    vi.useFakeTimers()
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb))
    vi.stubGlobal('cancelAnimationFrame', () => undefined)
    const answers: unknown[] = [{ type: 'pauseFrames', ms: 60_000 }]
    stubReports(answers)
    // Under load: the count moves, so reports (which carry the commands) keep going out.
    let received = 0
    const stop = startBenchProbe('http://127.0.0.1:1/report/x', () => ({
      received: received++,
      dropped: 0,
      status: 'Connected',
    }))
    await vi.advanceTimersByTimeAsync(500) // the first report brings the pause
    frames.shift()?.(performance.now()) // the loop's next frame sees it and sleeps
    expect(frames).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(frames).toHaveLength(0)
    answers.push({ type: 'pauseFrames', ms: 0 })
    await vi.advanceTimersByTimeAsync(1_000) // a report brings the resume
    expect(frames).toHaveLength(1)
    stop()
  })
})
