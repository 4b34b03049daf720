import { describe, expect, it } from 'vitest'
import { drawPlot, linePath, niceTicks, plotArea, timeTicks } from './plot'

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
