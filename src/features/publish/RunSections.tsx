import { useId, useState } from 'react'
import {
  selectRepeat,
  selectRequests,
  usePublishStore,
  type RequestEntry,
} from '../../store/publishStore'

function requestText(r: RequestEntry): string {
  switch (r.state) {
    case 'sending':
      return 'sending\u2026'
    case 'waiting':
      return 'waiting for the reply\u2026'
    case 'replied':
      return `${r.late ? 'late reply' : 'reply'} in ${Math.round(r.rttMs ?? 0)} ms`
    case 'timeout':
      return `no reply within ${r.timeoutMs / 1000} s`
    case 'failed':
      return r.error ?? 'failed'
  }
}

/**
 * Request / response: publishes the draft with a response topic (default `<topic>/response`) and
 * correlation data (default a new UUID each time); the worker subscribes to the response topic,
 * pairs the reply by correlation data and measures the round trip.
 */
export function RequestSection() {
  const requests = usePublishStore(selectRequests)
  const [timeoutS, setTimeoutS] = useState('5')
  const id = useId()
  return (
    <details className="pub-section">
      <summary>Request / response</summary>
      <div className="pub-row">
        <label htmlFor={`${id}-to`}>Reply timeout (s)</label>
        <input
          id={`${id}-to`}
          type="number"
          min={0.1}
          step="any"
          className="num"
          value={timeoutS}
          onChange={(e) => setTimeoutS(e.target.value)}
        />
        <button
          type="button"
          onClick={() => usePublishStore.getState().sendRequest(Number(timeoutS) * 1000)}
        >
          Send request
        </button>
      </div>
      <p className="note">
        Uses the response topic and correlation data of the MQTT 5 properties; empty ones become
        &lt;topic&gt;/response and a new UUID.
      </p>
      {requests.length > 0 && (
        <ol aria-label="Requests" className="pub-list">
          {requests.map((r) => (
            <li key={r.id} className={`req req-${r.state}`}>
              <span className="mono">{r.topic}</span>{' '}
              <span className="muted">→ {r.responseTopic}</span>{' '}
              <span className="req-state">{requestText(r)}</span>
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
  const repeat = usePublishStore(selectRepeat)
  const [every, setEvery] = useState('1000')
  const [times, setTimes] = useState('10')
  const id = useId()
  const running = repeat !== undefined && !repeat.done
  const start = () => {
    const count = times.trim() === '' || Number(times) === 0 ? null : Number(times)
    usePublishStore.getState().startRepeat(Number(every), count)
  }
  let progress = ''
  if (repeat) {
    const of = repeat.total !== null ? ` of ${repeat.total}` : ''
    progress = `${repeat.succeeded}${of} sent`
    if (repeat.failed > 0) progress += `, ${repeat.failed} failed`
    if (repeat.done) progress += repeat.stopping ? ' (stopped)' : ' (done)'
    else if (repeat.total === null) progress += ' (until stopped)'
    if (repeat.done && repeat.error) progress += `. ${repeat.error}`
  }
  return (
    <details className="pub-section">
      <summary>Repeat</summary>
      <div className="form-grid">
        <label htmlFor={`${id}-every`}>Repeat every (ms)</label>
        <input
          id={`${id}-every`}
          type="number"
          min={1}
          value={every}
          disabled={running}
          onChange={(e) => setEvery(e.target.value)}
        />
        <label htmlFor={`${id}-times`}>Repeat times</label>
        <input
          id={`${id}-times`}
          type="number"
          min={0}
          placeholder="until stopped"
          title="Empty or 0: until stopped"
          value={times}
          disabled={running}
          onChange={(e) => setTimes(e.target.value)}
        />
      </div>
      <div className="pub-row">
        {running ? (
          <button type="button" onClick={() => usePublishStore.getState().stopRepeat()}>
            Stop
          </button>
        ) : (
          <button type="button" onClick={start}>
            Start repeat
          </button>
        )}
        <span role="status" aria-label="Repeat progress" aria-live="off" className="mono">
          {progress}
        </span>
      </div>
    </details>
  )
}
