import { Activity, ListPlus, Plus, Server } from 'lucide-react'
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { BINARY_NUMBERS, type BinaryNumber } from '../../codecs/numeric'
import type { ChartView, SeriesSource } from '../../wire/frame'
import { selectShownId, selectStatus, selectSubscriptions, useAppStore } from '../../store/appStore'
import { chartActions, chartLayouts } from '../../store/chartsStore'
import { dataStore } from '../../store/dataStore'
import { channel } from '../../store/sessions'
import { subscribe } from '../../store/subscriptions'
import { planBrokerStats } from './brokerStats'
import { LiveChart } from './LiveChart'
import './charts.css'

type Kind = 'value' | 'rate-connection' | 'rate-filter' | 'rate-subtree'

/** How long to wait for a broker's $SYS statistics before saying it publishes none. */
const SYS_WAIT_MS = 12_000

/**
 * The charts panel: as many charts as wanted, each with several series; the form that adds a
 * series; the message-rate and broker-statistics shortcuts. It tells the worker which charts
 * are on screen and how wide they are, so points are downsampled to pixels there.
 */
export function ChartsPanel() {
  const connId = useAppStore(selectShownId)
  const charts = chartLayouts.useShown((s) => s.charts)
  const [widths, setWidths] = useState<Record<string, number>>({})
  const [brokerNote, setBrokerNote] = useState<string | undefined>()
  const [adding, setAdding] = useState(false)
  const { t } = useTranslation('charts')
  const id = useId()

  const onWidth = useCallback(
    (chartId: string, px: number) =>
      setWidths((w) => (w[chartId] === px ? w : { ...w, [chartId]: px })),
    [],
  )

  // The views the worker downsamples for: one per chart, in the chart's own pixel width.
  useEffect(() => {
    const views: ChartView[] = charts.map((c) => {
      const view: ChartView = {
        chartId: c.id,
        series: c.series.map((s) => ({ key: s.key, source: s.source })),
        windowMs: c.windowMs,
        widthPx: widths[c.id] ?? 600,
      }
      const range = c.zoom ?? c.paused
      if (range) view.range = range
      return view
    })
    channel().cast(connId, { type: 'charts', views })
  }, [connId, charts, widths])

  const brokerStats = async () => {
    const conn = useAppStore.getState().connections[connId]
    if (conn?.status.state !== 'connected') {
      setBrokerNote(
        t('Connect first: broker statistics come from the $SYS topics of the connected broker.'),
      )
      return
    }
    if (!conn.subscriptions.some((s) => s.filter === '$SYS/#')) subscribe(connId, '$SYS/#', 0)
    setBrokerNote(t('Waiting for the broker’s $SYS statistics…'))
    const deadline = Date.now() + SYS_WAIT_MS
    let plan = planBrokerStats(dataStore.index)
    while (!plan && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250))
      plan = planBrokerStats(dataStore.index)
    }
    if (!plan) {
      setBrokerNote(
        t(
          'This broker published no $SYS statistics within {{s}} s. RabbitMQ and many cloud brokers publish none; EMQX allows them only to local clients by default, and an ACL may hide them.',
          { s: SYS_WAIT_MS / 1000 },
        ),
      )
      return
    }
    const store = chartActions(connId)
    const messages = store.addChart()
    for (const s of plan.messages) store.addSeries(s, messages)
    const clients = store.addChart()
    for (const s of plan.clients) store.addSeries(s, clients)
    setBrokerNote(
      plan.naming === 'emqx'
        ? t(
            'Broker statistics from EMQX $SYS topics: messages per second in and out, and clients connected.',
          )
        : t(
            'Broker statistics from Mosquitto-style $SYS topics: messages per second in and out, and clients connected.',
          ),
    )
  }

  return (
    <section className="panel charts-panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('Charts')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => chartActions(connId).addChart()}
        >
          <Plus size={16} aria-hidden="true" />
          {t('Add chart')}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-expanded={adding}
          onClick={() => setAdding(!adding)}
        >
          <ListPlus size={16} aria-hidden="true" />
          {t('Add series…')}
        </button>
        {/* Icons with their names in the title: in words the row wrapped at 1280 px (#14). */}
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Chart message rate')}
          title={t('Chart message rate: messages per second of this connection')}
          onClick={() => chartActions(connId).addSeries({ kind: 'rate', scope: 'connection' })}
        >
          <Activity size={16} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="icon-button icon"
          aria-label={t('Broker statistics')}
          title={t('Broker statistics: messages and clients from the broker’s $SYS topics')}
          onClick={() => void brokerStats()}
        >
          <Server size={16} aria-hidden="true" />
        </button>
      </div>
      {/* Always on the page (empty when there is nothing to say): a live region added together
          with its text is often not read out. */}
      <p
        className={brokerNote ? 'muted chart-note' : 'visually-hidden'}
        role="status"
        aria-label={t('Broker statistics status')}
      >
        {brokerNote}
      </p>
      {adding && <AddSeriesForm onClose={() => setAdding(false)} />}
      <div className="charts-list">
        {charts.length === 0 && (
          <p className="empty">
            {t(
              'No charts yet. Select a topic with numbers and press its Chart button, or add a series here.',
            )}
          </p>
        )}
        {charts.map((c, i) => (
          <LiveChart key={c.id} config={c} number={i + 1} onWidth={onWidth} />
        ))}
      </div>
    </section>
  )
}

/** Picks a series (a topic's number, a JSON path, a binary number, or a message rate) into a chart. */
function AddSeriesForm({ onClose }: { onClose: () => void }) {
  const connId = useAppStore(selectShownId)
  const charts = chartLayouts.useShown((s) => s.charts)
  const subscriptions = useAppStore(selectSubscriptions)
  useAppStore(selectStatus)
  const [kind, setKind] = useState<Kind>('value')
  const [topic, setTopic] = useState('')
  const [path, setPath] = useState('')
  const [binary, setBinary] = useState<BinaryNumber | ''>('')
  const [derivative, setDerivative] = useState(false)
  const [filter, setFilter] = useState('')
  const [target, setTarget] = useState('')
  const [error, setError] = useState<string | undefined>()
  const { t } = useTranslation('charts')
  const listId = useId()
  const topicRef = useRef<HTMLInputElement>(null)

  // Topic suggestions: the first matching known topics (a datalist of 100 000 would be heavy).
  const suggestions: string[] = []
  const needle = topic.toLowerCase()
  for (let n = 1; n <= dataStore.index.size && suggestions.length < 50; n++) {
    if ((dataStore.index.counts[n] ?? 0) === 0) continue
    const known = dataStore.index.topicOf(n)
    if (known.toLowerCase().includes(needle)) suggestions.push(known)
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    let source: SeriesSource
    if (kind === 'value' || kind === 'rate-subtree') {
      const one = topic.trim()
      if (!one || /[+#]/.test(one)) {
        setError(
          t('Enter one topic (no wildcards), for example {{example}}.', {
            example: 'demo/building/floor1/room101/temperature',
          }),
        )
        topicRef.current?.focus()
        return
      }
      source =
        kind === 'rate-subtree'
          ? { kind: 'rate', scope: 'subtree', topic: one }
          : {
              kind: 'value',
              topic: one,
              ...(path.trim() ? { path: path.trim() } : {}),
              ...(binary ? { binary } : {}),
              ...(derivative ? { derivative: true } : {}),
            }
    } else if (kind === 'rate-filter') {
      const f = filter || subscriptions[0]?.filter
      if (!f) {
        setError(
          t('Subscribe to something first: this charts the message rate of one subscription.'),
        )
        return
      }
      source = { kind: 'rate', scope: 'filter', filter: f }
    } else {
      source = { kind: 'rate', scope: 'connection' }
    }
    setError(undefined)
    chartActions(connId).addSeries(source, target || undefined)
  }

  return (
    <form className="add-series" onSubmit={onSubmit} aria-label={t('Add series')}>
      {/* Visible labels whose text is each field's name in the UI contract. */}
      <label className="add-series-field">
        <span>{t('Series kind')}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="value">{t('Topic value')}</option>
          <option value="rate-connection">{t('Message rate: connection')}</option>
          <option value="rate-filter">{t('Message rate: subscription')}</option>
          <option value="rate-subtree">{t('Message rate: subtree')}</option>
        </select>
      </label>
      {(kind === 'value' || kind === 'rate-subtree') && (
        <label className="add-series-field">
          <span>{t('Series topic')}</span>
          <input
            ref={topicRef}
            placeholder={t('topic')}
            list={listId}
            spellCheck={false}
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
          />
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
      )}
      {kind === 'value' && (
        <>
          <label className="add-series-field">
            <span>{t('JSON path')}</span>
            <input
              placeholder={t('JSON path, e.g. {{example}}', { example: 'air.co2' })}
              spellCheck={false}
              value={path}
              onChange={(e) => setPath(e.target.value)}
            />
          </label>
          <label className="add-series-field">
            <span>{t('Binary number')}</span>
            <select value={binary} onChange={(e) => setBinary(e.target.value as BinaryNumber | '')}>
              <option value="">{t('text or JSON')}</option>
              {BINARY_NUMBERS.map((b) => (
                <option key={b} value={b}>
                  {t('binary {{type}}', { type: b })}
                </option>
              ))}
            </select>
          </label>
          <label className="inline add-series-check">
            <input
              type="checkbox"
              checked={derivative}
              onChange={(e) => setDerivative(e.target.checked)}
            />
            {t('Per second (counter)')}
          </label>
        </>
      )}
      {kind === 'rate-filter' && (
        <label className="add-series-field">
          <span>{t('Subscription')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value)}>
            {subscriptions.map((s) => (
              <option key={s.filter} value={s.filter}>
                {s.filter}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="add-series-field">
        <span>{t('Add to')}</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{charts.length ? t('Chart {{n}}', { n: 1 }) : t('New chart')}</option>
          {charts.slice(1).map((c, i) => (
            <option key={c.id} value={c.id}>
              {t('Chart {{n}}', { n: i + 2 })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('Add series')}</button>
      <button type="button" className="link" onClick={onClose}>
        {t('Close')}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </form>
  )
}
