import { FileSpreadsheet, ImageDown, Pause, Play } from 'lucide-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { selectShownId, useAppStore } from '../../store/appStore'
import {
  AXIS_MODES,
  WINDOW_CHOICES,
  chartActions,
  type AxisMode,
  type ChartConfig,
} from '../../store/chartsStore'

interface Props {
  config: ChartConfig
  number: number
  onExportCsv: () => void
  onExportPng: () => void
}

/**
 * A chart's header: its title, time window, y axes, pause / back to live, and export and remove
 * buttons. Apart from LiveChart, which draws the data: the header renders only when the chart's
 * setup changes.
 */
export function ChartHead({ config, number, onExportCsv, onExportPng }: Props) {
  const { t } = useTranslation('charts')
  const actions = chartActions(useAppStore(selectShownId))
  const [customOpen, setCustomOpen] = useState(false)
  const windowLabels: Record<(typeof WINDOW_CHOICES)[number]['ms'], string> = {
    60_000: t('1 min'),
    300_000: t('5 min'),
    900_000: t('15 min'),
    3_600_000: t('1 h'),
  }
  const axisLabels: Record<AxisMode, string> = {
    auto: t('Axes by range'),
    shared: t('One shared axis'),
    split: t('One strip per series'),
  }
  const axes = config.axes ?? 'auto'
  const range = config.zoom ?? config.paused
  const windowChoice = WINDOW_CHOICES.some((w) => w.ms === config.windowMs)
    ? String(config.windowMs)
    : 'custom'

  return (
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
      <select
        aria-label={t('Y axes of chart {{n}}', { n: number })}
        title={t('How the series of this chart share y axes')}
        value={axes}
        onChange={(e) => actions.setAxes(config.id, e.target.value as AxisMode)}
      >
        {AXIS_MODES.map((m) => (
          <option key={m} value={m}>
            {axisLabels[m]}
          </option>
        ))}
      </select>
      {/* Icons named by aria-label, the words in the title: with words the head wrapped onto a
          second line at 1280 px (#14). "Back to live" keeps a word: it is the way out of a
          state the user may not know they are in. */}
      {range ? (
        <button
          type="button"
          className="icon-button"
          aria-label={t('Back to live')}
          title={t('Back to live')}
          onClick={() => actions.backToLive(config.id)}
        >
          <Play size={16} aria-hidden="true" />
          {t('Live')}
        </button>
      ) : (
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Pause chart')}
          title={t('Pause chart (data keeps arriving)')}
          onClick={() => actions.pause(config.id, Date.now())}
        >
          <Pause size={16} aria-hidden="true" />
        </button>
      )}
      <span className="chart-tools">
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Export CSV')}
          title={t("Export every sample of this chart's series as CSV")}
          onClick={onExportCsv}
        >
          <FileSpreadsheet size={16} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Export PNG')}
          title={t('Save the chart as a PNG image')}
          onClick={onExportPng}
        >
          <ImageDown size={16} aria-hidden="true" />
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
      {config.paused && !config.zoom && (
        <span className="muted chart-state">{t('paused; data keeps arriving')}</span>
      )}
      {config.zoom && <span className="muted chart-state">{t('zoomed')}</span>}
    </div>
  )
}
