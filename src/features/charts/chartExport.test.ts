import { describe, expect, it } from 'vitest'
import { fileStamp } from '../../lib/download'
import { chartCsv } from './chartExport'

const T0 = 1_700_000_000_000 // 2023-11-14T22:13:20.000Z

describe('chartCsv', () => {
  it('writes a header and nothing else without samples', () => {
    expect(chartCsv([])).toBe('series,time,time_ms,value\n')
    expect(chartCsv([{ label: 'a', ts: new Float64Array(0), values: new Float64Array(0) }])).toBe(
      'series,time,time_ms,value\n',
    )
  })

  it('writes one row per sample with ISO time and epoch ms', () => {
    const csv = chartCsv([
      { label: 'room/temp', ts: Float64Array.of(T0, T0 + 1500), values: Float64Array.of(21.5, -3) },
      { label: 'msgs/s (connection)', ts: Float64Array.of(T0 + 1), values: Float64Array.of(0.25) },
    ])
    expect(csv.split('\n')).toEqual([
      'series,time,time_ms,value',
      `room/temp,2023-11-14T22:13:20.000Z,${T0},21.5`,
      `room/temp,2023-11-14T22:13:21.500Z,${T0 + 1500},-3`,
      `msgs/s (connection),2023-11-14T22:13:20.001Z,${T0 + 1},0.25`,
      '',
    ])
  })

  it('keeps the full precision of values', () => {
    const csv = chartCsv([
      { label: 'x', ts: Float64Array.of(T0), values: Float64Array.of(0.1 + 0.2) },
    ])
    expect(csv.trim().split('\n')[1]!.split(',')[3]).toBe(String(0.1 + 0.2))
  })

  it('quotes labels with commas, quotes and line breaks', () => {
    const csvOf = (label: string) =>
      chartCsv([{ label, ts: Float64Array.of(T0), values: Float64Array.of(1) }])
    const tail = `,2023-11-14T22:13:20.000Z,${T0},1\n`
    expect(csvOf('a,b')).toBe(`series,time,time_ms,value\n"a,b"${tail}`)
    expect(csvOf('say "hi"')).toBe(`series,time,time_ms,value\n"say ""hi"""${tail}`)
    expect(csvOf('a\nb')).toBe(`series,time,time_ms,value\n"a\nb"${tail}`)
    expect(csvOf('a\rb')).toBe(`series,time,time_ms,value\n"a\rb"${tail}`)
    expect(csvOf('plain/topic air.co2')).toBe(
      `series,time,time_ms,value\nplain/topic air.co2${tail}`,
    )
  })
})

describe('fileStamp', () => {
  it('gives a file-name-safe timestamp', () => {
    expect(fileStamp(new Date(T0))).toBe('2023-11-14T22-13-20')
  })
})
