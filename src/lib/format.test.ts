import { describe, expect, it } from 'vitest'
import { ageParts, formatBytes, formatClock, formatCount, formatRate } from './format'

describe('format', () => {
  it('formats counts with en-US thousands separators and no decimals', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(12_345)).toBe('12,345')
    expect(formatCount(1_000_000)).toBe('1,000,000')
  })

  it('formats rates with one decimal below 10 and whole numbers from 10', () => {
    expect(formatRate(0)).toBe('0')
    expect(formatRate(2.25)).toBe('2.3')
    expect(formatRate(9.94)).toBe('9.9')
    expect(formatRate(12.6)).toBe('13')
    expect(formatRate(12_345.4)).toBe('12,345')
  })

  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(20 * 1024)).toBe('20 KB')
    expect(formatBytes(1024 * 1024)).toBe('1.0 MB')
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB')
  })

  it('formats the local clock time with milliseconds', () => {
    expect(formatClock(new Date(2024, 0, 2, 14, 3, 7, 125).getTime())).toBe('14:03:07.125')
    expect(formatClock(new Date(2024, 0, 2, 0, 0, 0, 5).getTime())).toBe('00:00:00.005')
  })

  it('steps ages from now to under a minute, then whole minutes and hours (no seconds)', () => {
    expect(ageParts(999)).toEqual({ n: 0, unit: 'now' })
    expect(ageParts(1_000)).toEqual({ n: 0, unit: 'underMin' })
    expect(ageParts(59_999)).toEqual({ n: 0, unit: 'underMin' })
    expect(ageParts(125_000)).toEqual({ n: 2, unit: 'min' })
    expect(ageParts(3_600_000)).toEqual({ n: 1, unit: 'h' })
  })
})
