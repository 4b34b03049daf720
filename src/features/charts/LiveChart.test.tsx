import { act, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CHART_CALM_HZ } from '../../engine/budgets'
import { formatClock } from '../../lib/format'
import { setFrameClock } from '../../lib/pacer'
import { seriesKey, type ChartData, type SeriesSource } from '../../wire/frame'
import type { ChartConfig } from '../../store/chartsStore'
import { dataStore } from '../../store/dataStore'
import { FrameMaker } from '../../test/frames'
import { ManualFrameClock } from '../../test/frameClock'
import { LiveChart } from './LiveChart'

let clock: ManualFrameClock
let restoreClock: () => void
const realResizeObserver = globalThis.ResizeObserver

beforeEach(() => {
  clock = new ManualFrameClock()
  restoreClock = setFrameClock(clock)
  // jsdom lays nothing out: the plot box says it is 600 px wide.
  globalThis.ResizeObserver = class {
    readonly #callback: ResizeObserverCallback
    constructor(callback: ResizeObserverCallback) {
      this.#callback = callback
    }
    observe() {
      this.#callback([{ contentRect: { width: 600 } } as ResizeObserverEntry], this)
    }
    unobserve() {}
    disconnect() {}
  }
})

afterEach(() => {
  restoreClock()
  globalThis.ResizeObserver = realResizeObserver
})

const source: SeriesSource = { kind: 'value', topic: 'lab/busy', path: 'a' }
const config: ChartConfig = {
  id: 'chart-1',
  windowMs: 60_000,
  series: [{ key: seriesKey(source), source, color: '#1f77b4' }],
}

/** A frame carrying this chart's data: `n` points, the last one `last`. */
function chartFrame(maker: FrameMaker, n: number, last: number) {
  const t1 = maker.now
  const xs = Float64Array.from({ length: n }, (_, i) => t1 - (n - i) * 100)
  const ys = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? last : i))
  const chart: ChartData = {
    chartId: config.id,
    t0: t1 - config.windowMs,
    t1,
    series: [
      {
        key: config.series[0]!.key,
        xs,
        ys,
        count: n,
        min: 0,
        max: last,
        mean: 1,
        last,
        lastTs: t1,
        evicted: 0,
      },
    ],
  }
  return { ...maker.frame([], 50), charts: [chart] }
}

/** The chart rendered, with a first frame of five points drawn at its cadence. */
function drawnWithFivePoints() {
  render(<LiveChart config={config} number={1} onWidth={() => undefined} />)
  const maker = new FrameMaker(dataStore.generation + 1)
  act(() => {
    dataStore.applyFrame(chartFrame(maker, 5, 5))
    clock.tick(1000 / CHART_CALM_HZ)
  })
  return { maker, path: document.querySelector('path.chart-line')! }
}

describe('LiveChart', () => {
  it(`draws new data at most ${CHART_CALM_HZ} times a second on 600 px without a React render`, () => {
    const renders: string[] = []
    render(
      <Profiler id="chart" onRender={(_id, phase) => renders.push(phase)}>
        <LiveChart config={config} number={1} onWidth={() => undefined} />
      </Profiler>,
    )
    const settled = renders.length
    const path = document.querySelector('path.chart-line')!
    const maker = new FrameMaker(dataStore.generation + 1)
    let draws = 0
    let d = path.getAttribute('d')
    // One second of frames at 60 a second, each with new chart data.
    for (let f = 1; f <= 60; f++) {
      act(() => {
        dataStore.applyFrame(chartFrame(maker, 10 + f, f))
        clock.tick(1000 / 60)
      })
      if (path.getAttribute('d') !== d) {
        draws++
        d = path.getAttribute('d')
      }
    }
    act(() => clock.tick(1000 / CHART_CALM_HZ))
    expect(renders.length).toBe(settled)
    // A minute on ~500 px of plot moves a pixel per ~120 ms: ten redraws a second.
    expect(draws).toBeGreaterThanOrEqual(CHART_CALM_HZ - 1)
    expect(draws).toBeLessThanOrEqual(CHART_CALM_HZ + 1)
    // The last frame's 70 points, one command each, and the exact last value in the legend.
    expect(path.getAttribute('d')?.match(/[ML]/g)).toHaveLength(70)
    const legend = screen.getByRole('list', { name: 'Series of chart 1' })
    expect(legend).toHaveTextContent('lab/busy a 60')
    // The window ends at the newest point, so the legend says when that was.
    const lastFrame = dataStore.charts.get(config.id)!.series[0]!
    expect(legend).toHaveTextContent(`70 pts · newest ${formatClock(lastFrame.lastTs).slice(0, 8)}`)
  })

  it('draws nothing and schedules nothing for frames without this chart’s data', () => {
    const { maker, path } = drawnWithFivePoints()
    const seen: MutationRecord[] = []
    const observer = new MutationObserver((records) => seen.push(...records))
    observer.observe(document.querySelector('svg.chart-surface')!, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    })
    for (let f = 0; f < 30; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame(['lab/other'], 50))
        clock.tick(50)
      })
    }
    seen.push(...observer.takeRecords())
    observer.disconnect()
    expect(seen).toEqual([])
    expect(clock.queuedFrames).toBe(0)
    expect(path.getAttribute('d')?.match(/[ML]/g)).toHaveLength(5)
  })

  it('stacks series of different ranges in strips, and follows the chart’s choice of axes', () => {
    const co2: SeriesSource = { kind: 'value', topic: 'air', path: 'co2' }
    const voc: SeriesSource = { kind: 'value', topic: 'air', path: 'voc' }
    const two: ChartConfig = {
      id: 'chart-2',
      windowMs: 60_000,
      series: [
        { key: seriesKey(co2), source: co2, color: '#2f7de1' },
        { key: seriesKey(voc), source: voc, color: '#e5484d' },
      ],
    }
    const maker = new FrameMaker(dataStore.generation + 1)
    const t1 = maker.now
    const xs = Float64Array.from([t1 - 2000, t1 - 1000])
    const data = (key: string, ys: number[]) => ({
      key,
      xs: xs.slice(),
      ys: Float64Array.from(ys),
      count: 2,
      min: Math.min(...ys),
      max: Math.max(...ys),
      mean: 0,
      last: ys[1]!,
      lastTs: t1,
      evicted: 0,
    })
    const chart: ChartData = {
      chartId: two.id,
      t0: t1 - 60_000,
      t1,
      series: [data(two.series[0]!.key, [580, 620]), data(two.series[1]!.key, [0.1, 0.3])],
    }
    const { rerender } = render(<LiveChart config={two} number={1} onWidth={() => undefined} />)
    act(() => {
      dataStore.applyFrame({ ...maker.frame([], 50), charts: [chart] })
      clock.tick(1000 / CHART_CALM_HZ)
    })
    const svg = document.querySelector('svg.chart-surface')!
    expect(svg.getAttribute('data-strips')).toBe('2')
    const tall = Number(svg.getAttribute('height'))
    rerender(<LiveChart config={{ ...two, axes: 'shared' }} number={1} onWidth={() => undefined} />)
    expect(svg.getAttribute('data-strips')).toBe('1')
    expect(Number(svg.getAttribute('height'))).toBeLessThan(tall)
    expect(screen.getByRole('combobox', { name: 'Y axes of chart 1' })).toHaveValue('shared')
  })
})
