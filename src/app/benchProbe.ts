// Reports the page's own performance figures to `npm run bench` (bench/run.ts). The bench starts
// Chromium without any DevTools client, because an attached client (Playwright, CDP) serialises
// every WebSocket frame and caps throughput at a third; so the page has to measure itself and
// send the figures out. Only counters and timings leave the page, never message content. For the
// same reason the bench's commands (pause the frame loop, type into the topic filter) come back
// as the answer to a report.

export interface BenchCounters {
  received: number
  dropped: number
  status: string
  /** Keys typed on the bench's command so far, so the bench knows the typing happened. */
  typed?: number
}

export interface BenchReport extends BenchCounters {
  page: string
  /** Wall-clock ms (Date.now), comparable with the bench process's clock on the same machine. */
  t: number
  /** requestAnimationFrame deltas in ms since the previous report. */
  frameIntervals: number[]
  /** Durations in ms of long tasks (> 50 ms on the main thread) since the previous report. */
  longTasks: number[]
  /** Used JS heap in bytes; `performance.memory` exists in Chromium only. */
  heap: number | null
}

/** What the bench may ask of the page: type `text` into the topic filter, a key per interval. */
export interface BenchCommand {
  type: 'typeFilter'
  text: string
  intervalMs: number
}

/**
 * Or stop the probe's own frame loop for `ms` (0: run it again now): a requestAnimationFrame loop
 * makes Chromium render 60 frames a second by itself, which the page alone would not, so the idle
 * step and a load step's cost window measure without it (frame times come from a window with it).
 */
export interface PauseFramesCommand {
  type: 'pauseFrames'
  ms: number
}

const REPORT_EVERY_MS = 500
/** Bounds of a typing command, so a bad answer cannot keep the page busy. */
const MAX_TYPED_CHARS = 40
const TYPE_INTERVAL_MS = { min: 20, max: 5000 }
/** A load step's cost window pauses for its publishing time (≤ 60 s) and a margin. */
const MAX_PAUSE_MS = 120_000
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * The `bench=` URL parameter, if it names a plain-http loopback address; otherwise undefined.
 * Only loopback is allowed so that a crafted link cannot make the dashboard send its figures to a
 * third party.
 */
export function parseBenchReportUrl(raw: string | null): string | undefined {
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:') return undefined
  if (!LOOPBACK_HOSTS.has(url.hostname)) return undefined
  if (url.username || url.password) return undefined
  return url.href
}

/** The command in a report's answer, if it is a well-formed one. */
export function parseBenchCommand(value: unknown): BenchCommand | PauseFramesCommand | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const c = value as Record<string, unknown>
  if (c.type === 'pauseFrames') {
    return typeof c.ms === 'number' && c.ms >= 0 && c.ms <= MAX_PAUSE_MS
      ? { type: 'pauseFrames', ms: c.ms }
      : undefined
  }
  if (c.type !== 'typeFilter' || typeof c.text !== 'string' || typeof c.intervalMs !== 'number') {
    return undefined
  }
  if (c.text.length === 0 || c.text.length > MAX_TYPED_CHARS) return undefined
  if (!(c.intervalMs >= TYPE_INTERVAL_MS.min && c.intervalMs <= TYPE_INTERVAL_MS.max)) {
    return undefined
  }
  return { type: 'typeFilter', text: c.text, intervalMs: c.intervalMs }
}

interface ChromiumMemory {
  usedJSHeapSize: number
}

function usedHeap(): number | null {
  const memory = (performance as Performance & { memory?: ChromiumMemory }).memory
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : null
}

/**
 * Starts measuring and reporting to `reportUrl` every 500 ms; returns a function that stops.
 * A command in the answer to a report goes to `onCommand`.
 */
export function startBenchProbe(
  reportUrl: string,
  read: () => BenchCounters,
  onCommand: (command: BenchCommand) => void = () => undefined,
  page = 'app',
): () => void {
  let frameIntervals: number[] = []
  let longTasks: number[] = []
  let lastFrame: number | undefined
  let rafId = 0
  let stopped = false

  let pausedUntil = 0
  /** The paused loop's wake-up, so a new command can move it. */
  let wake: ReturnType<typeof setTimeout> | undefined
  const sleepUntilResumed = (): void => {
    clearTimeout(wake)
    wake = setTimeout(() => {
      wake = undefined
      rafId = requestAnimationFrame(onFrame)
    }, pausedUntil - performance.now())
  }
  const onFrame = (now: number): void => {
    if (stopped) return
    if (performance.now() < pausedUntil) {
      lastFrame = undefined // the pause is not a frame interval
      sleepUntilResumed()
      return
    }
    if (lastFrame !== undefined) frameIntervals.push(now - lastFrame)
    lastFrame = now
    rafId = requestAnimationFrame(onFrame)
  }
  rafId = requestAnimationFrame(onFrame)

  let observer: PerformanceObserver | undefined
  if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration)
    })
    observer.observe({ type: 'longtask', buffered: true })
  }

  // While the frame loop is paused (the idle step), a report with nothing new is not sent: the
  // reports' own work (a request, JSON, the network service) was half of an idle page's main
  // thread, in both pages, a cost of the measuring. The first report of a pause is sent (it tells
  // the bench the loop stopped), and any long task or count still goes out at once.
  let pauseShown = false
  let lastSaid = ''
  const send = (): void => {
    // Copied field by field, not spread, so nothing else the caller's object holds can leak out.
    const { received, dropped, status, typed } = read()
    const said = `${received} ${dropped} ${status} ${typed}`
    const quiet = frameIntervals.length === 0 && longTasks.length === 0 && said === lastSaid
    if (performance.now() < pausedUntil && quiet && pauseShown) return
    if (performance.now() < pausedUntil && frameIntervals.length === 0) pauseShown = true
    lastSaid = said
    const report: BenchReport = {
      page,
      t: Date.now(),
      received,
      dropped,
      status,
      ...(typed === undefined ? {} : { typed }),
      frameIntervals,
      longTasks,
      heap: usedHeap(),
    }
    frameIntervals = []
    longTasks = []
    // A string body goes out as text/plain: a "simple" request with no CORS preflight. Usually
    // answered with 204; a 200 carries a command.
    fetch(reportUrl, { method: 'POST', body: JSON.stringify(report), credentials: 'omit' })
      .then((res) => (res.status === 200 ? res.json() : undefined))
      .then((answer: unknown) => {
        const command = parseBenchCommand(answer)
        if (!command || stopped) return
        if (command.type === 'pauseFrames') {
          pausedUntil = performance.now() + command.ms
          pauseShown = false
          // A sleeping loop wakes at the new end (at once for 0); a running one stops at its next frame.
          if (wake !== undefined) sleepUntilResumed()
        } else onCommand(command)
      })
      .catch(() => undefined)
  }
  const timer = setInterval(send, REPORT_EVERY_MS)

  return () => {
    if (stopped) return
    stopped = true
    cancelAnimationFrame(rafId)
    clearTimeout(wake)
    clearInterval(timer)
    observer?.disconnect()
  }
}
