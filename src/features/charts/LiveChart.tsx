import { writeLiveText } from '../../components/LiveText'
import { memo, useId, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { useThemeVersion } from '../../components/useThemeVersion'
import { chartRedrawMs } from '../../engine/chartPace'
import { Pacer } from '../../lib/pacer'
import { formatClock } from '../../lib/format'
import type { SeriesData } from '../../wire/frame'
import {
  seriesLabel,
  chartActions,
  type ChartConfig,
  type ChartSeries,
} from '../../store/chartsStore'
import { dataStore } from '../../store/dataStore'
import { selectShownId, useAppStore } from '../../store/appStore'
import { channel } from '../../store/sessions'
import { downloadBlob as download, fileStamp } from '../../lib/download'
import { chartCsv, svgToPng } from './chartExport'
import './charts.css'
import type { AxisMemory } from './axisGroups'
import { drawPlot, PLOT, type PlotElements } from './plot'
import { filler } from '../../i18n/filler'
import { ChartHead } from './ChartHead'

const HEIGHT = PLOT.height
const PLOT_LEFT = PLOT.left
const X_AXIS_HEIGHT = PLOT.xAxisHeight
const MARGIN = { top: PLOT.top, right: PLOT.right } as const

/** The MIME type of a series dragged from one chart's legend to another chart. */
export const SERIES_DRAG_TYPE = 'application/x-mqtt-scope-series'

const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 })

/** The exact last value as text (no rounding: the legend shows what arrived). */
function lastText(v: number): string {
  return Number.isFinite(v) ? String(v) : '–'
}

function statText(v: number): string {
  return Number.isFinite(v) ? numberFormat.format(v) : '–'
}

/** Colours of the current theme, read once per render so the SVG (and its PNG) carry real values. */
function themeColors() {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    muted: read('--muted', '#5b6572'),
    border: read('--border', '#d9dee5'),
    panel: read('--panel', '#fff'),
  }
}

/** A legend line's stats, written at every redraw of every series (t() per redraw is slow). */
const statsLine = filler(['min', 'max', 'mean', 'n'], (t: TFunction<'charts'>, slots) =>
  t('min {{min}} · max {{max}} · mean {{mean}} · {{n}} pts', slots),
)

/**
 * When the series' newest point arrived. A live window ends at the chart's newest point, not at
 * the clock (ChartEngine.build), so this is what says a quiet series is quiet.
 */
const newestAt = filler(['time'], (t: TFunction<'charts'>, slots) => t(' · newest {{time}}', slots))

/** A legend line's figures: the exact last value, then the window's stats. */
function legendTexts(data: SeriesData | undefined, t: TFunction<'charts'>): [string, string] {
  const lastTs = data?.lastTs ?? NaN
  const stats =
    statsLine(t, {
      min: statText(data?.min ?? NaN),
      max: statText(data?.max ?? NaN),
      mean: statText(data?.mean ?? NaN),
      n: String(data?.count ?? 0),
    }) +
    (Number.isFinite(lastTs) ? newestAt(t, { time: formatClock(lastTs).slice(0, 8) }) : '') +
    ((data?.evicted ?? 0) > 0
      ? t(' · {{n}} older points dropped (ring full)', { n: data?.evicted })
      : '')
  return [lastText(data?.last ?? NaN), stats]
}

function setText(node: HTMLElement | null | undefined, text: string): void {
  if (node) writeLiveText(node, text)
}

interface Props {
  config: ChartConfig
  number: number
  onWidth: (chartId: string, px: number) => void
}

/**
 * One chart panel (UI contract: role figure "Chart"): SVG lines with at most two points per pixel
 * per series (downsampled in the worker), a legend with each series' last value and window
 * stats, window / pause / zoom controls, and CSV / PNG export. React renders its structure when
 * the chart's setup changes; the worker's data (at the pace of chartRedrawMs, and only
 * when its window or data moved) is drawn straight into the SVG and the legend (plot.ts), with
 * no React render per update.
 */
export const LiveChart = memo(function LiveChart({ config, number, onWidth }: Props) {
  const boxRef = useRef<HTMLDivElement>(null)
  const svgRef = useRef<SVGSVGElement>(null)
  const gridRef = useRef<SVGGElement>(null)
  const xAxisRef = useRef<SVGGElement>(null)
  const yAxisRef = useRef<SVGGElement>(null)
  const clipRef = useRef<SVGRectElement>(null)
  const lineRefs = useRef(new Map<string, SVGPathElement | null>())
  const legendRefs = useRef(new Map<string, HTMLElement | null>())
  /** The time window last drawn, for the brush's pixel-to-time mapping. */
  const domain = useRef<[number, number]>([Date.now() - config.windowMs, Date.now()])
  const clipId = useId()
  const [width, setWidth] = useState(0)
  const [brush, setBrush] = useState<[number, number] | undefined>()
  const [dropping, setDropping] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const { t } = useTranslation('charts')
  const axes = config.axes ?? 'auto'
  const connId = useAppStore(selectShownId)
  const actions = chartActions(connId)

  useLayoutEffect(() => {
    const el = boxRef.current
    if (!el) return
    const observer = new ResizeObserver(([entry]) => {
      const px = Math.floor(entry?.contentRect.width ?? 0)
      setWidth(px)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  const plotWidth = Math.max(1, width - PLOT_LEFT - MARGIN.right)
  useLayoutEffect(() => {
    if (width > 0) onWidth(config.id, plotWidth)
  }, [config.id, plotWidth, width, onWidth])

  const lines = useMemo(
    () => config.series.map((s) => ({ ...s, label: seriesLabel(s.source) })),
    [config.series],
  )

  // Read once per theme, not per redraw: getComputedStyle in the frame path forces a style
  // recalculation each time.
  const themeVersion = useThemeVersion()
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the theme version is what changes them
  const colors = useMemo(() => themeColors(), [themeVersion])

  // Draws the latest data (and the legend's figures) at an animation frame, at the pace of
  // chartRedrawMs, whenever the worker sent this chart new data (a mere scroll at the next whole
  // second); and at once when the chart's setup, size or theme changed.
  useLayoutEffect(() => {
    // The automatic axes' last grouping, for these series and this mode only (axisGroups.ts).
    const axisMemory: AxisMemory = {}
    const draw = () => {
      const grid = gridRef.current
      const xAxis = xAxisRef.current
      const yAxis = yAxisRef.current
      const data = dataStore.charts.get(config.id)
      const t1 = data?.t1 ?? Date.now()
      const t0 = data?.t0 ?? t1 - config.windowMs
      domain.current = [t0, t1]
      const byKey = new Map(data?.series.map((d) => [d.key, d]))
      for (const line of lines) {
        const [last, stats] = legendTexts(byKey.get(line.key), t)
        const item = legendRefs.current.get(line.key)
        setText(item?.querySelector<HTMLElement>('.legend-last'), last)
        setText(item?.querySelector<HTMLElement>('.legend-stats > .live-text'), stats)
      }
      if (!grid || !xAxis || !yAxis || width <= 0) return
      const els: PlotElements = {
        grid,
        xAxis,
        yAxis,
        lines: lines.map((l) => lineRefs.current.get(l.key) ?? null),
        svg: svgRef.current,
        box: boxRef.current,
        clip: clipRef.current,
      }
      drawPlot(
        els,
        width,
        t0,
        t1,
        lines.map((l) => byKey.get(l.key)),
        colors,
        axes,
        axisMemory,
      )
    }
    draw()
    const pacer = new Pacer(chartRedrawMs(config.windowMs, plotWidth), draw)
    let seen = dataStore.charts.get(config.id)
    const off = dataStore.subscribe('charts', () => {
      // Frames carry every chart on screen: wake only for this one's new data.
      const now = dataStore.charts.get(config.id)
      if (now === seen) return
      seen = now
      pacer.mark()
    })
    return () => {
      off()
      pacer.dispose()
    }
  }, [config.id, config.windowMs, lines, width, plotWidth, colors, t, axes])

  const timeAt = (clientX: number) => {
    const [t0, t1] = domain.current
    const box = boxRef.current?.getBoundingClientRect()
    const x = clientX - (box?.left ?? 0) - PLOT_LEFT
    return t0 + (Math.max(0, Math.min(plotWidth, x)) / plotWidth) * (t1 - t0)
  }
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return
    e.currentTarget.setPointerCapture(e.pointerId)
    const at = timeAt(e.clientX)
    setBrush([at, at])
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (brush) setBrush([brush[0], timeAt(e.clientX)])
  }
  const onPointerUp = () => {
    const [t0, t1] = domain.current
    if (brush) {
      const [a, b] = brush[0] < brush[1] ? brush : [brush[1], brush[0]]
      // A click is not a zoom: ask for at least ~4 px of selection.
      if ((b - a) / (t1 - t0) > 4 / plotWidth) actions.zoom(config.id, [a, b])
    }
    setBrush(undefined)
  }
  const brushBox = (b: [number, number]) => {
    const [t0, t1] = domain.current
    return {
      left: PLOT_LEFT + ((Math.min(...b) - t0) / (t1 - t0)) * plotWidth,
      width: (Math.abs(b[1] - b[0]) / (t1 - t0)) * plotWidth,
    }
  }

  const exportCsv = async () => {
    setError(undefined)
    try {
      const series = await Promise.all(
        config.series.map(async (s: ChartSeries) => {
          const { ts, values } = await channel().call(connId, 'exportSeries', { key: s.key }).result
          return { label: seriesLabel(s.source), ts, values }
        }),
      )
      download(
        new Blob([chartCsv(series)], { type: 'text/csv' }),
        `mqtt-scope-chart-${number}-${fileStamp()}.csv`,
      )
    } catch (err) {
      setError(t('CSV export failed: {{error}}', { error: (err as Error).message }))
    }
  }
  const exportPng = async () => {
    setError(undefined)
    const svg = svgRef.current
    if (!(svg instanceof SVGSVGElement)) {
      setError(t('Nothing to export yet: add a series first.'))
      return
    }
    try {
      download(await svgToPng(svg, colors.panel), `mqtt-scope-chart-${number}-${fileStamp()}.png`)
    } catch (err) {
      setError(t('PNG export failed: {{error}}', { error: (err as Error).message }))
    }
  }

  return (
    <figure
      className={`chart${dropping ? ' drop-target' : ''}`}
      role="figure"
      aria-label={t('Chart')}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(SERIES_DRAG_TYPE)) return
        e.preventDefault()
        setDropping(true)
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false)
        const raw = e.dataTransfer.getData(SERIES_DRAG_TYPE)
        if (!raw) return
        e.preventDefault()
        const { chartId, key } = JSON.parse(raw) as { chartId: string; key: string }
        actions.moveSeries(chartId, key, config.id)
      }}
    >
      <ChartHead
        config={config}
        number={number}
        onExportCsv={() => void exportCsv()}
        onExportPng={() => void exportPng()}
      />
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div ref={boxRef} className="chart-plot" style={{ height: HEIGHT }}>
        {config.series.length === 0 && (
          <p className="empty chart-empty">
            {t(
              'Empty chart. Select a topic and press its Chart button, use “Add series”, or drag a series here from another chart.',
            )}
          </p>
        )}
        {width > 0 && config.series.length > 0 && (
          <svg ref={svgRef} className="chart-surface" width={width} height={HEIGHT}>
            <defs>
              {/* Lines are clipped to the plot (the point before the window lies left of it);
                  drawPlot sizes the rectangle to the strips. */}
              <clipPath id={clipId}>
                <rect ref={clipRef} />
              </clipPath>
            </defs>
            <g ref={gridRef} />
            <g ref={xAxisRef} />
            <g ref={yAxisRef} />
            <g clipPath={`url(#${clipId})`}>
              {lines.map((l) => (
                <path
                  key={l.key}
                  ref={(el) => {
                    lineRefs.current.set(l.key, el)
                  }}
                  className="chart-line"
                  fill="none"
                  stroke={l.color}
                  strokeWidth={1.5}
                  strokeLinejoin="round"
                />
              ))}
            </g>
          </svg>
        )}
        {config.series.length > 0 && (
          <div
            className="brush"
            style={{ left: PLOT_LEFT, right: MARGIN.right, top: MARGIN.top, bottom: X_AXIS_HEIGHT }}
            title={t('Drag to zoom into a time range')}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
          />
        )}
        {brush && (
          <div
            className="brush-selection"
            style={{ ...brushBox(brush), top: MARGIN.top, bottom: X_AXIS_HEIGHT }}
          />
        )}
      </div>
      <ul className="legend" aria-label={t('Series of chart {{n}}', { n: number })}>
        {lines.map((l) => (
          <li
            key={l.key}
            ref={(el) => {
              legendRefs.current.set(l.key, el)
            }}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(
                SERIES_DRAG_TYPE,
                JSON.stringify({ chartId: config.id, key: l.key }),
              )
              e.dataTransfer.effectAllowed = 'move'
            }}
            title={t('Drag to another chart to move this series')}
          >
            <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
            <span className="legend-label">
              <span className="legend-name">{l.label}</span>{' '}
              {/* Written by the drawing effect (no React children): the figures change with data. */}
              {/* Live boxes (components/LiveText): a new figure lays out this box alone. */}
              <span className="legend-last live-text" />
            </span>
            <span className="legend-stats muted">
              <span className="live-text" />
            </span>
            <button
              type="button"
              className="icon"
              aria-label={t('Remove series {{label}}', { label: l.label })}
              onClick={() => actions.removeSeries(config.id, l.key)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </figure>
  )
})
