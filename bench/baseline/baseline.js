// The bench's baseline page: MQTT.js (browser ESM bundle) on the main thread, subscribed to `#`,
// counting messages and nothing else. It reports the same figures as src/app/benchProbe.ts, so
// every app figure can be printed as a ratio to what a bare MQTT.js page achieves on this machine.
// Plain JS with no build step, so it measures MQTT.js alone and not our bundling.
import mqtt from './mqtt.esm.js'

const params = new URLSearchParams(location.search)
const brokerUrl = params.get('url')
const protocolVersion = params.get('v') === '3.1.1' ? 4 : 5
const reportUrl = loopbackOnly(params.get('bench'))

let received = 0
let status = 'Connecting'
const statusEl = document.getElementById('status')
const setStatus = (s) => {
  status = s
  statusEl.textContent = s
}

// Same rule as parseBenchReportUrl in src/app/benchProbe.ts.
function loopbackOnly(raw) {
  try {
    const url = new URL(raw)
    const ok =
      url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
    return ok ? url.href : undefined
  } catch {
    return undefined
  }
}

const client = mqtt.connect(brokerUrl, { protocolVersion, reconnectPeriod: 0, clean: true })
client.on('connect', () => {
  // "Connected" only once the subscription is granted, so the bench can start publishing.
  client.subscribe('#', { qos: 0 }, (err) =>
    setStatus(err ? `Subscribe failed: ${err.message}` : 'Connected'),
  )
})
client.on('message', () => {
  received++
})
client.on('close', () => setStatus('Disconnected'))
client.on('error', (err) => setStatus(`Error: ${err.message}`))

// --- the probe: a copy of src/app/benchProbe.ts in plain JS ---
let frameIntervals = []
let longTasks = []
let lastFrame
let pausedUntil = 0
let wake // the paused loop's wake-up, so a new command can move it
const sleepUntilResumed = () => {
  clearTimeout(wake)
  wake = setTimeout(() => {
    wake = undefined
    requestAnimationFrame(onFrame)
  }, pausedUntil - performance.now())
}
const onFrame = (now) => {
  if (performance.now() < pausedUntil) {
    lastFrame = undefined // the pause is not a frame interval
    sleepUntilResumed()
    return
  }
  if (lastFrame !== undefined) frameIntervals.push(now - lastFrame)
  lastFrame = now
  requestAnimationFrame(onFrame)
}
requestAnimationFrame(onFrame)
if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  }).observe({ type: 'longtask', buffered: true })
}
if (reportUrl) {
  // As the app's probe: while paused, a report with nothing new is not sent (the first is).
  let pauseShown = false
  let lastSaid = ''
  setInterval(() => {
    const said = `${received} 0 ${status} undefined`
    const quiet = frameIntervals.length === 0 && longTasks.length === 0 && said === lastSaid
    if (performance.now() < pausedUntil && quiet && pauseShown) return
    if (performance.now() < pausedUntil && frameIntervals.length === 0) pauseShown = true
    lastSaid = said
    const heap = performance.memory ? performance.memory.usedJSHeapSize : null
    const report = {
      page: 'baseline',
      t: Date.now(),
      received,
      dropped: 0,
      status,
      frameIntervals,
      longTasks,
      heap,
    }
    frameIntervals = []
    longTasks = []
    // Sent the same way as the app's probe. Of the bench's commands this page has no filter box
    // to type into; it only pauses its frame loop (the idle step and load steps' cost windows measure without it).
    fetch(reportUrl, { method: 'POST', body: JSON.stringify(report), credentials: 'omit' })
      .then((res) => (res.status === 200 ? res.json() : undefined))
      .then((cmd) => {
        if (cmd?.type === 'pauseFrames' && cmd.ms >= 0 && cmd.ms <= 120_000) {
          pausedUntil = performance.now() + cmd.ms
          pauseShown = false
          // A sleeping loop wakes at the new end (at once for 0).
          if (wake !== undefined) sleepUntilResumed()
        }
      })
      .catch(() => undefined)
  }, 500)
}
