// Reports the page's own performance figures to `npm run bench` (bench/run.ts). The bench starts
// Chromium without any DevTools client, because an attached client (Playwright, CDP) serialises
// every WebSocket frame and caps throughput at a third; so the page has to measure itself and
// send the figures out. Only counters and timings leave the page, never message content.

export interface BenchCounters {
  received: number
  dropped: number
  status: string
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

const REPORT_EVERY_MS = 500
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

interface ChromiumMemory {
  usedJSHeapSize: number
}

function usedHeap(): number | null {
  const memory = (performance as Performance & { memory?: ChromiumMemory }).memory
  return typeof memory?.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : null
}

/** Starts measuring and reporting to `reportUrl` every 500 ms; returns a function that stops. */
export function startBenchProbe(
  reportUrl: string,
  read: () => BenchCounters,
  page = 'app',
): () => void {
  let frameIntervals: number[] = []
  let longTasks: number[] = []
  let lastFrame: number | undefined
  let rafId = 0
  let stopped = false

  const onFrame = (now: number): void => {
    if (stopped) return
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

  const send = (): void => {
    // Copied field by field, not spread, so nothing else the caller's object holds can leak out.
    const { received, dropped, status } = read()
    const report: BenchReport = {
      page,
      t: Date.now(),
      received,
      dropped,
      status,
      frameIntervals,
      longTasks,
      heap: usedHeap(),
    }
    frameIntervals = []
    longTasks = []
    // A string body goes out as text/plain: a "simple" request with no CORS preflight, and the
    // bench only needs it delivered, not answered.
    const body = JSON.stringify(report)
    if (!navigator.sendBeacon(reportUrl, body)) {
      fetch(reportUrl, { method: 'POST', body, keepalive: true }).catch(() => undefined)
    }
  }
  const timer = setInterval(send, REPORT_EVERY_MS)

  return () => {
    if (stopped) return
    stopped = true
    cancelAnimationFrame(rafId)
    clearInterval(timer)
    observer?.disconnect()
  }
}
