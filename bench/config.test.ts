import { afterEach, describe, expect, it, vi } from 'vitest'
import { appOnly, DEFAULT_STEPS, jsonTwin, parseSteps, readConfig, stepName } from './config'
import { compareSteps, verdict } from './compare'
import { emptyResult, type PageResult } from './figures'

describe('step syntax', () => {
  it('reads `<rate>x<topics>pb` as the protobuf twin of a load step', () => {
    const [json, pb] = parseSteps('1000x100, 1000x100pb')
    expect(json).toEqual({ kind: 'load', rate: 1000, topics: 100 })
    expect(pb).toEqual({ kind: 'load', rate: 1000, topics: 100, busy: 'protobuf' })
    expect(jsonTwin(pb!)).toEqual(json)
    expect(jsonTwin(json!)).toBeUndefined()
    // Distinct names: the report groups results by name.
    expect(stepName(pb!)).toBe('1k/s protobuf')
    expect(stepName(json!)).toBe('1k/s')
    expect(appOnly(pb!)).toBe(true)
    expect(appOnly(json!)).toBe(false)
  })

  it('refuses anything else after the topics', () => {
    for (const bad of ['1000x100p', '1000x100pbx', '1000pb', 'pb', 'idlepb']) {
      expect(() => parseSteps(bad)).toThrow(/\[pb\]/)
    }
  })

  it('runs the comparison by default, next to the JSON step it is compared with', () => {
    const names = parseSteps(DEFAULT_STEPS).map(stepName)
    expect(names.indexOf('1k/s protobuf')).toBe(names.indexOf('1k/s') + 1)
  })
})

describe('the soak', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('reads memory again 20 s after the flow by default, or as long as BENCH_SOAK_SETTLE_SECONDS says', () => {
    vi.stubEnv('BENCH_SOAK_SECONDS', '250')
    expect(readConfig().soak).toEqual({
      kind: 'soak',
      rate: 20_000,
      seconds: 250,
      settleSeconds: 20,
    })
    vi.stubEnv('BENCH_SOAK_SETTLE_SECONDS', '0')
    expect(readConfig().soak).toMatchObject({ settleSeconds: 0 })
    vi.stubEnv('BENCH_SOAK_SETTLE_SECONDS', '121')
    expect(() => readConfig()).toThrow(/BENCH_SOAK_SETTLE_SECONDS/)
  })
})

describe('protobuf against JSON', () => {
  const [json, pb] = parseSteps('1000x100,1000x100pb')
  const result = (step: typeof json, main: number, worker: number, p95: number): PageResult => {
    const { error: _none, ...measured } = emptyResult(1, step!, 'app', '')
    return {
      ...measured,
      sent: 6000,
      counted: 6000,
      frameP95: p95,
      cpu: {
        main,
        worker,
        compositor: 1,
        rendererOther: 2,
        network: 3,
        chromiumRest: 0,
        host: 10,
        threads: {},
      },
    }
  }

  it('compares medians and judges the CPU rows against 1.2×', () => {
    const rows = compareSteps(
      [result(pb, 12, 5, 17), result(pb, 13, 6, 18), result(pb, 30, 7, 16)],
      [result(json, 10, 5, 17), result(json, 11, 5, 17), result(json, 9, 4, 17)],
    )
    const main = rows.find((r) => r.title === 'main %')!
    expect(main).toMatchObject({ json: 10, protobuf: 13, judged: true })
    expect(main.ratio).toBeCloseTo(1.3)
    expect(verdict(main)).toBe('MISS')
    const worker = rows.find((r) => r.title === 'worker %')!
    expect(worker.ratio).toBeCloseTo(1.2)
    expect(verdict(worker)).toBe('PASS')
    expect(rows.find((r) => r.title === 'frame p95 ms')).toMatchObject({ judged: false })
    expect(rows.find((r) => r.title === '% sent')).toMatchObject({ json: 100, protobuf: 100 })
  })

  it('says n/a when the JSON figure is missing or zero', () => {
    const rows = compareSteps([result(pb, 5, 0, 17)], [result(json, 5, 0, 17)])
    const worker = rows.find((r) => r.title === 'worker %')!
    expect(worker.ratio).toBeNull()
    expect(verdict(worker)).toBe('n/a')
    expect(verdict(compareSteps([result(pb, 5, 1, 17)], [])[0]!)).toBe('n/a')
  })
})
