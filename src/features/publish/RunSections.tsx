import type { TFunction } from 'i18next'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import { selectShownId, useAppStore } from '../../store/appStore'
import { sendRequest, startRepeat, stopRepeat } from '../../store/publish/actions'
import {
  composers,
  selectRepeat,
  selectRequests,
  type RequestEntry,
} from '../../store/publish/composer'

function requestText(r: RequestEntry, t: TFunction<'publish'>, word: (c: Coded) => string): string {
  switch (r.state) {
    case 'sending':
      return t('sending…')
    case 'waiting':
      return t('waiting for the reply…')
    case 'replied':
      return r.late
        ? t('late reply in {{ms}} ms', { ms: Math.round(r.rttMs ?? 0) })
        : t('reply in {{ms}} ms', { ms: Math.round(r.rttMs ?? 0) })
    case 'timeout':
      return t('no reply within {{s}} s', { s: r.timeoutMs / 1000 })
    case 'failed':
      return r.error ? word(r.error) : t('failed')
  }
}

/**
 * Request / response: publishes the draft with a response topic (default `<topic>/response`) and
 * correlation data (default a new UUID each time); the worker subscribes to the response topic,
 * pairs the reply by correlation data and measures the round trip.
 */
export function RequestSection() {
  const connId = useAppStore(selectShownId)
  const requests = composers.useShown(selectRequests)
  const [timeoutS, setTimeoutS] = useState('5')
  const { t } = useTranslation('publish')
  const word = useWord()
  const id = useId()
  return (
    <details className="pub-section">
      <summary>{t('Request / response')}</summary>
      <div className="pub-row">
        <label htmlFor={`${id}-to`}>{t('Reply timeout (s)')}</label>
        <input
          id={`${id}-to`}
          type="number"
          min={0.1}
          step="any"
          className="num"
          value={timeoutS}
          onChange={(e) => setTimeoutS(e.target.value)}
        />
        <button type="button" onClick={() => sendRequest(connId, Number(timeoutS) * 1000)}>
          {t('Send request')}
        </button>
      </div>
      <p className="note">
        {t(
          'Uses the response topic and correlation data of the MQTT 5 properties; empty ones become <topic>/response and a new UUID.',
        )}
      </p>
      {requests.length > 0 && (
        <ol aria-label={t('Requests')} className="pub-list">
          {requests.map((r) => (
            <li key={r.id} className={`req req-${r.state}`}>
              <span className="mono">{r.topic}</span>{' '}
              <span className="muted">→ {r.responseTopic}</span>{' '}
              <span className="req-state">{requestText(r, t, word)}</span>
              {r.reply !== undefined && <div className="mono req-reply">{r.reply}</div>}
            </li>
          ))}
        </ol>
      )}
    </details>
  )
}

/**
 * Repeats run in the worker (a background tab throttles the main thread's timers to ≥ 1 s, not a
 * worker's); the worker reports progress at most ten times a second.
 */
export function RepeatSection() {
  const connId = useAppStore(selectShownId)
  const repeat = composers.useShown(selectRepeat)
  const [every, setEvery] = useState('1000')
  const [times, setTimes] = useState('10')
  const { t } = useTranslation('publish')
  const word = useWord()
  const id = useId()
  const running = repeat !== undefined && !repeat.done
  const start = () => {
    const count = times.trim() === '' || Number(times) === 0 ? null : Number(times)
    startRepeat(connId, Number(every), count)
  }
  let progress = ''
  if (repeat) {
    progress =
      repeat.total !== null
        ? t('{{n}} of {{total}} sent', { n: repeat.succeeded, total: repeat.total })
        : t('{{n}} sent', { n: repeat.succeeded })
    if (repeat.failed > 0) progress += t(', {{n}} failed', { n: repeat.failed })
    if (repeat.done) progress += repeat.stopping ? t(' (stopped)') : t(' (done)')
    else if (repeat.total === null) progress += t(' (until stopped)')
    if (repeat.done && repeat.error) progress += `. ${word(repeat.error)}`
  }
  return (
    <details className="pub-section">
      <summary>{t('Repeat')}</summary>
      <div className="form-grid">
        <label htmlFor={`${id}-every`}>{t('Repeat every (ms)')}</label>
        <input
          id={`${id}-every`}
          type="number"
          min={1}
          value={every}
          disabled={running}
          onChange={(e) => setEvery(e.target.value)}
        />
        <label htmlFor={`${id}-times`}>{t('Repeat times')}</label>
        <input
          id={`${id}-times`}
          type="number"
          min={0}
          placeholder={t('until stopped')}
          title={t('Empty or 0: until stopped')}
          value={times}
          disabled={running}
          onChange={(e) => setTimes(e.target.value)}
        />
      </div>
      <div className="pub-row">
        {running ? (
          <button type="button" onClick={() => stopRepeat(connId)}>
            {t('Stop')}
          </button>
        ) : (
          <button type="button" onClick={start}>
            {t('Start repeat')}
          </button>
        )}
        <span role="status" aria-label={t('Repeat progress')} aria-live="off" className="mono">
          {progress}
        </span>
      </div>
    </details>
  )
}
