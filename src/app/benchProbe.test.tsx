import { act, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseBenchCommand, parseBenchReportUrl } from './benchProbe'
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
