import { memo, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts'
import { formatClock } from '../../lib/format'
import { useThemeVersion } from '../../components/useThemeVersion'
import type { ChartData, SeriesData } from '../../wire/frame'
import {
  WINDOW_CHOICES,
  seriesLabel,
  chartActions,
  type ChartConfig,
  type ChartSeries,
} from '../../store/chartsStore'
import { dataStore } from '../../store/dataStore'
import { selectShownId, useAppStore } from '../../store/appStore'
import { channel } from '../../store/sessions'
import { useDataVersion } from '../../store/useData'
import { downloadBlob as download, fileStamp } from '../../lib/download'
import { chartCsv, svgToPng } from './chartExport'

// Plot geometry, fixed so the brush overlay can map pixels to time without reading recharts.
const HEIGHT = 180
const MARGIN = { top: 8, right: 12, bottom: 0, left: 4 } as const
const Y_AXIS_WIDTH = 60
const X_AXIS_HEIGHT = 24
const PLOT_LEFT = MARGIN.left + Y_AXIS_WIDTH

/** The MIME type of a series dragged from one chart's legend to another chart. */
export const SERIES_DRAG_TYPE = 'application/x-mqtt-scope-series'

const tickTime = (t: number) => formatClock(t).slice(0, 8)
const numberFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 })
const tickNumber = (v: number) => numberFormat.format(v)
const Y_DOMAIN = ['auto', 'auto'] as const

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

interface Point {
  t: number
  v: number
}

function toPoints(s: SeriesData | undefined): Point[] {
  if (!s) return []
  const out: Point[] = new Array<Point>(s.xs.length)
  for (let i = 0; i < s.xs.length; i++) out[i] = { t: s.xs[i]!, v: s.ys[i]! }
  return out
}

interface Props {
  config: ChartConfig
  number: number
  onWidth: (chartId: string, px: number) => void
}

/**
 * One chart panel (UI contract: role figure "Chart"): recharts lines with animation off and at
 * most two points per pixel per series (downsampled in the worker), a legend with each series'
 * last value and window stats, window / pause / zoom controls, and CSV / PNG export.
 */
export const LiveChart = memo(function LiveChart({ config, number, onWidth }: Props) {
  useDataVersion('charts')
  const data: ChartData | undefined = dataStore.charts.get(config.id)
  const boxRef = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const [brush, setBrush] = useState<[number, number] | undefined>()
  const [dropping, setDropping] = useState(false)
  const [customOpen, setCustomOpen] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const { t } = useTranslation('charts')
  const windowLabels: Record<(typeof WINDOW_CHOICES)[number]['ms'], string> = {
    60_000: t('1 min'),
    300_000: t('5 min'),
    900_000: t('15 min'),
    3_600_000: t('1 h'),
  }
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
    () =>
      config.series.map((s) => ({
        ...s,
        label: seriesLabel(s.source),
        data: data?.series.find((d) => d.key === s.key),
      })),
    [config.series, data],
  )
  const pointsByKey = useMemo(() => new Map(lines.map((l) => [l.key, toPoints(l.data)])), [lines])

  const range = config.zoom ?? config.paused
  const t0 = data?.t0 ?? Date.now() - config.windowMs
  const t1 = data?.t1 ?? Date.now()
  const domain = useMemo<[number, number]>(() => [t0, t1], [t0, t1])
  useThemeVersion() // re-render on a theme switch: the colours below are read from the theme
  const colors = themeColors()
  const windowChoice = WINDOW_CHOICES.some((w) => w.ms === config.windowMs)
    ? String(config.windowMs)
    : 'custom'

  const timeAt = (clientX: number) => {
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
    if (brush) {
      const [a, b] = brush[0] < brush[1] ? brush : [brush[1], brush[0]]
      // A click is not a zoom: ask for at least ~4 px of selection.
      if ((b - a) / (t1 - t0) > 4 / plotWidth) actions.zoom(config.id, [a, b])
    }
    setBrush(undefined)
  }
  const brushLeft = brush ? PLOT_LEFT + ((Math.min(...brush) - t0) / (t1 - t0)) * plotWidth : 0
  const brushWidth = brush ? (Math.abs(brush[1] - brush[0]) / (t1 - t0)) * plotWidth : 0

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
    const svg = boxRef.current?.querySelector('svg.recharts-surface')
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
      <div className="chart-head">
        <span className="chart-title">{t('Chart {{n}}', { n: number })}</span>
        <select
          aria-label={t('Time window of chart {{n}}', { n: number })}
          value={customOpen ? 'custom' : windowChoice}
          onChange={(e) => {
            if (e.target.value === 'custom') setCustomOpen(true)
            else {
              setCustomOpen(false)
              actions.setWindow(config.id, Number(e.target.value))
            }
          }}
        >
          {WINDOW_CHOICES.map((w) => (
            <option key={w.ms} value={w.ms}>
              {windowLabels[w.ms]}
            </option>
          ))}
          <option value="custom">{t('Custom…')}</option>
        </select>
        {(customOpen || windowChoice === 'custom') && (
          <label className="inline">
            <input
              type="number"
              min={1}
              max={86_400}
              aria-label={t('Custom window of chart {{n}} (s)', { n: number })}
              defaultValue={Math.round(config.windowMs / 1000)}
              onBlur={(e) => {
                const s = e.target.valueAsNumber
                if (Number.isFinite(s) && s >= 1)
                  actions.setWindow(config.id, Math.min(86_400, s) * 1000)
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur()
              }}
            />
            {t('s')}
          </label>
        )}
        {range ? (
          <button type="button" onClick={() => actions.backToLive(config.id)}>
            {t('Back to live')}
          </button>
        ) : (
          <button type="button" onClick={() => actions.pause(config.id, Date.now())}>
            {t('Pause chart')}
          </button>
        )}
        {config.paused && !config.zoom && (
          <span className="muted">{t('paused; data keeps arriving')}</span>
        )}
        {config.zoom && <span className="muted">{t('zoomed')}</span>}
        <span className="chart-tools">
          <button
            type="button"
            aria-label={t('Export CSV')}
            title={t("Export every sample of this chart's series as CSV")}
            onClick={() => void exportCsv()}
          >
            CSV
          </button>
          <button
            type="button"
            aria-label={t('Export PNG')}
            title={t('Save the chart as a PNG image')}
            onClick={() => void exportPng()}
          >
            PNG
          </button>
          <button
            type="button"
            className="icon"
            aria-label={t('Remove chart {{n}}', { n: number })}
            onClick={() => actions.removeChart(config.id)}
          >
            ×
          </button>
        </span>
      </div>
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
          <LineChart width={width} height={HEIGHT} margin={MARGIN}>
            <CartesianGrid stroke={colors.border} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="t"
              domain={domain}
              allowDataOverflow
              tickFormatter={tickTime}
              stroke={colors.muted}
              height={X_AXIS_HEIGHT}
              tickCount={6}
            />
            <YAxis
              width={Y_AXIS_WIDTH}
              domain={Y_DOMAIN}
              tickFormatter={tickNumber}
              stroke={colors.muted}
            />
            {lines.map((l) => (
              <Line
                key={l.key}
                data={pointsByKey.get(l.key)}
                dataKey="v"
                name={l.label}
                type="linear"
                stroke={l.color}
                strokeWidth={1.5}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
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
            style={{ left: brushLeft, width: brushWidth, top: MARGIN.top, bottom: X_AXIS_HEIGHT }}
          />
        )}
      </div>
      <ul className="legend" aria-label={t('Series of chart {{n}}', { n: number })}>
        {lines.map((l) => (
          <li
            key={l.key}
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
              <span className="legend-last">{lastText(l.data?.last ?? NaN)}</span>
            </span>
            <span className="legend-stats muted">
              {t('min {{min}} · max {{max}} · mean {{mean}} · {{n}} pts', {
                min: statText(l.data?.min ?? NaN),
                max: statText(l.data?.max ?? NaN),
                mean: statText(l.data?.mean ?? NaN),
                n: l.data?.count ?? 0,
              })}
              {(l.data?.evicted ?? 0) > 0
                ? t(' · {{n}} older points dropped (ring full)', { n: l.data?.evicted })
                : ''}
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
