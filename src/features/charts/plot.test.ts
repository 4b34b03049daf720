import { describe, expect, it } from 'vitest'
import { PLOT, drawPlot, linePath, niceTicks, plotArea, stripLayout, timeTicks } from './plot'
import { groupSeries } from './axisGroups'

describe('chart plot numbers', () => {
  it('puts round y ticks around the data', () => {
    expect(niceTicks(0, 100)).toEqual([0, 25, 50, 75, 100])
    expect(niceTicks(3.2, 9.7)).toEqual([2, 4, 6, 8, 10])
    expect(niceTicks(-0.013, 0.021)).toEqual([-0.02, -0.01, 0, 0.01, 0.02, 0.03])
    // One value: a band around it, not a zero-height axis.
    const flat = niceTicks(21.5, 21.5)
    expect(flat[0]).toBeLessThan(21.5)
    expect(flat.at(-1)).toBeGreaterThan(21.5)
  })

  it('puts time ticks on whole seconds, minutes or hours, at most six', () => {
    const t0 = new Date(2026, 0, 1, 12, 0, 7).getTime()
    const minute = timeTicks(t0, t0 + 60_000)
    expect(minute.length).toBeLessThanOrEqual(6)
    expect(minute.length).toBeGreaterThanOrEqual(3)
    for (const t of minute) expect(new Date(t).getSeconds() % 10).toBe(0)
    const hour = timeTicks(t0, t0 + 3_600_000)
    for (const t of hour) expect(new Date(t).getSeconds()).toBe(0)
    expect(timeTicks(t0, t0)).toEqual([])
  })

  it('draws one command per point and skips gaps', () => {
    const d = linePath(
      [0, 1, 2, 3],
      [1, NaN, 3, 4],
      (t) => t * 10,
      (v) => v,
    )
    expect(d).toBe('M0.0,1.0L20.0,3.0L30.0,4.0')
    expect(
      linePath(
        [],
        [],
        (t) => t,
        (v) => v,
      ),
    ).toBe('')
  })
})

describe('drawPlot', () => {
  const svg = (tag: string) => document.createElementNS('http://www.w3.org/2000/svg', tag)

  it('writes the lines, ticks and grid into the SVG, and nothing when nothing changed', () => {
    const els = {
      grid: svg('g') as SVGGElement,
      xAxis: svg('g') as SVGGElement,
      yAxis: svg('g') as SVGGElement,
      lines: [svg('path') as SVGPathElement, svg('path') as SVGPathElement] as const,
    }
    const t0 = new Date(2026, 0, 1, 12, 0, 0).getTime()
    const a = { xs: [t0, t0 + 30_000, t0 + 60_000], ys: [0, 50, 100] }
    const colors = { muted: '#555', border: '#ddd' }
    drawPlot(els, 600, t0, t0 + 60_000, [a, undefined], colors)
    const area = plotArea(600)
    expect(els.lines[0].getAttribute('d')).toBe(
      `M${area.x.toFixed(1)},${(area.y + area.h).toFixed(1)}` +
        `L${(area.x + area.w / 2).toFixed(1)},${(area.y + area.h / 2).toFixed(1)}` +
        `L${(area.x + area.w).toFixed(1)},${area.y.toFixed(1)}`,
    )
    expect(els.lines[1].getAttribute('d')).toBe('')
    expect([...els.yAxis.childNodes].map((n) => n.textContent)).toEqual([
      '0',
      '25',
      '50',
      '75',
      '100',
    ])
    expect(els.xAxis.childNodes.length).toBeGreaterThanOrEqual(3)
    expect(els.grid.childNodes.length).toBe(els.xAxis.childNodes.length + 5)

    // The same data again changes no attribute (a redraw of an unchanged chart writes nothing).
    const seen: MutationRecord[] = []
    const observer = new MutationObserver((records) => seen.push(...records))
    for (const g of [els.grid, els.xAxis, els.yAxis, ...els.lines])
      observer.observe(g, { attributes: true, childList: true, subtree: true, characterData: true })
    drawPlot(els, 600, t0, t0 + 60_000, [a, undefined], colors)
    seen.push(...observer.takeRecords())
    observer.disconnect()
    expect(seen).toEqual([])
  })
})

describe('y axes', () => {
  const series = (...ys: number[][]) => ys.map((y) => ({ xs: y.map((_, i) => i), ys: y }))
  // CO₂ ~600, temperature ~22, VOC ~0.2, humidity ~50.
  const co2 = [580, 620, 610]
  const temp = [21.5, 22.4, 22]
  const voc = [0.18, 0.25, 0.2]
  const hum = [45, 52, 50]

  it('groups series whose magnitudes are within an order of magnitude, in legend order', () => {
    expect(groupSeries(series(co2, temp, voc), 'auto')).toEqual([[0], [1], [2]])
    expect(groupSeries(series(temp, co2, hum, voc), 'auto')).toEqual([[0, 2], [1], [3]])
    expect(groupSeries(series(temp, hum), 'auto')).toEqual([[0, 1]])
    // Negative values count by their size.
    expect(groupSeries(series([-500, -400], [3, 4]), 'auto')).toEqual([[0], [1]])
    expect(groupSeries(series([9, 10], [90, 100]), 'auto')).toEqual([[0, 1]])
    expect(groupSeries(series([9, 10], [101]), 'auto')).toEqual([[0], [1]])
  })

  it('puts a series without points (or only zeros) with the first strip', () => {
    const grouped = groupSeries([...series(voc, [0, 0]), undefined, ...series(co2)], 'auto')
    expect(grouped).toEqual([[0, 1, 2], [3]])
    expect(groupSeries([undefined, undefined], 'auto')).toEqual([[0, 1]])
  })

  it('shares one axis or gives each series its own strip when asked', () => {
    expect(groupSeries(series(co2, temp, voc), 'shared')).toEqual([[0, 1, 2]])
    expect(groupSeries(series(temp, hum), 'split')).toEqual([[0], [1]])
  })

  it('stacks strips under each other and grows the chart with them', () => {
    expect(stripLayout(1)).toEqual({
      strips: [{ y: PLOT.top, h: PLOT.height - PLOT.top - PLOT.xAxisHeight }],
      height: PLOT.height,
    })
    const three = stripLayout(3)
    expect(three.strips.map((s) => s.h)).toEqual([
      PLOT.stripHeight,
      PLOT.stripHeight,
      PLOT.stripHeight,
    ])
    for (let i = 1; i < 3; i++)
      expect(three.strips[i]!.y).toBe(three.strips[i - 1]!.y + PLOT.stripHeight + PLOT.stripGap)
    expect(three.height).toBe(three.strips[2]!.y + PLOT.stripHeight + PLOT.xAxisHeight)
    expect(stripLayout(PLOT.smallFrom).strips[0]!.h).toBe(PLOT.smallStripHeight)
  })
})

describe('drawPlot strips', () => {
  const svg = (tag: string) => document.createElementNS('http://www.w3.org/2000/svg', tag)
  const elements = (n: number) => ({
    grid: svg('g') as SVGGElement,
    xAxis: svg('g') as SVGGElement,
    yAxis: svg('g') as SVGGElement,
    lines: Array.from({ length: n }, () => svg('path') as SVGPathElement),
    svg: svg('svg') as SVGSVGElement,
    box: document.createElement('div'),
    clip: svg('rect') as SVGRectElement,
  })
  const colors = { muted: '#555', border: '#ddd' }
  const t0 = new Date(2026, 0, 1, 12, 0, 0).getTime()
  const xs = [t0, t0 + 30_000, t0 + 60_000]
  const data = [
    { xs, ys: [580, 620, 600] },
    { xs, ys: [21.5, 22.5, 22] },
    { xs, ys: [0.1, 0.3, 0.2] },
  ]
  /** The vertical extent of each drawn line, in px. */
  const heights = (els: ReturnType<typeof elements>) =>
    els.lines.map((p) => {
      const ys = [...(p.getAttribute('d') ?? '').matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]))
      return Math.max(...ys) - Math.min(...ys)
    })

  it('draws each range in its own strip, each line using most of its strip', () => {
    const els = elements(3)
    const groups = drawPlot(els, 600, t0, t0 + 60_000, data, colors, 'auto')
    expect(groups).toEqual([[0], [1], [2]])
    const { strips, height } = stripLayout(3)
    expect(els.svg.getAttribute('height')).toBe(String(height))
    expect(els.svg.getAttribute('data-strips')).toBe('3')
    expect(els.box.style.height).toBe(`${height}px`)
    for (const h of heights(els)) expect(h).toBeGreaterThan(strips[0]!.h / 2)
    // Each strip has its own ticks: the VOC strip reads in tenths, CO₂ in hundreds.
    const labels = [...els.yAxis.childNodes].map((n) => n.textContent)
    expect(labels).toContain('0.1')
    expect(labels).toContain('600')
    // The time axis sits under the last strip.
    const xLabelY = Number((els.xAxis.firstChild as Element).getAttribute('y'))
    expect(xLabelY).toBeGreaterThan(strips[2]!.y + strips[2]!.h)
  })

  it('flattens small ranges on one shared axis, as asked', () => {
    const els = elements(3)
    drawPlot(els, 600, t0, t0 + 60_000, data, colors, 'shared')
    expect(els.svg.getAttribute('data-strips')).toBe('1')
    const [co2, temp, voc] = heights(els)
    // One axis from 0 to 700: temperature and VOC are flat lines near zero.
    expect(co2).toBeGreaterThan(5)
    expect(temp).toBeLessThan(2)
    expect(voc).toBeLessThan(1)
  })

  it('redraws strips without writing anything when nothing changed', () => {
    const els = elements(3)
    drawPlot(els, 600, t0, t0 + 60_000, data, colors, 'split')
    const seen: MutationRecord[] = []
    const observer = new MutationObserver((records) => seen.push(...records))
    for (const node of [els.svg, els.box, els.clip, els.grid, els.xAxis, els.yAxis, ...els.lines])
      observer.observe(node, {
        attributes: true,
        childList: true,
        subtree: true,
        characterData: true,
      })
    drawPlot(els, 600, t0, t0 + 60_000, data, colors, 'split')
    seen.push(...observer.takeRecords())
    observer.disconnect()
    expect(seen).toEqual([])
  })
})
