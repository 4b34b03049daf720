// What one page did in one step (PageResult), and the small figure helpers steps.ts uses.
import type { PageKind, Step } from './config.ts'
import type { CpuFigures } from './procstat.ts'
import type { Report } from './server.ts'
import type { TraceCounts } from './trace.ts'

export interface PageResult {
  /** 1-based run; 0 for the traced pass and the soak, which run once. */
  run: number
  step: Step
  page: PageKind
  traced: boolean
  error?: string
  sent: number
  counted: number
  /** counted / the time from the first message published to the page's last count increase. */
  msgsPerSec: number | null
  /** How long after the publisher finished the page's count was still growing (backlog). */
  lateMs: number | null
  dropped: number
  /** The CPU window, ms. */
  windowMs: number
  /** Over the CPU window (a load step: its first half, the probe's frame loop paused). */
  cpu: CpuFigures | null
  /** A load step's second half, the frame loop running (frame times are measured there). */
  cpuWithLoop?: CpuFigures | null
  frameP50: number | null
  frameP95: number | null
  frameMax: number | null
  frames: number
  longTaskCount: number
  longTaskMax: number
  heapMB: number | null
  /** Private RSS (RssAnon) of the page's renderer at the end of the step. */
  rendererMB: number | null
  /** Soak only: the highest renderer RSS sampled. */
  peakRendererMB: number | null
  /**
   * Soak only: renderer RSS the soak's `settleSeconds` after `rendererMB`, the page connected and
   * quiet. By then V8's memory reducer has collected and released what the flow left (the young
   * generation grown to its maximum, messages' garbage not yet collected), so this is what the
   * page keeps; `rendererMB` also holds what the flow had in use or not yet collected.
   */
  settledRendererMB: number | null
  trace:
    | (TraceCounts & {
        perSec: Record<'layouts' | 'styleRecalcs' | 'paints', number>
        /** Where the trace was kept (BENCH_KEEP_TRACES=1), with the window to look at. */
        kept?: string
      })
    | null
  rendererPid: number | null
  /** ms from launching Chromium to each phase. */
  timings: Record<string, number>
  /** The page's count at each report: [wall-clock ms, received], for the raw output. */
  counts: [number, number][]
}

/** The page never reported: nothing to measure, and the next steps would not do better. */
export class NoReportError extends Error {}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? null
}

/**
 * When the page's count reached `final`. Reports come every 500 ms, too coarse to take a report's
 * time, so extrapolate from the last report before it at the page's receive rate over the
 * interval before that, never past the report that showed the final count.
 */
export function countDoneAt(list: Report[], final: number): number {
  const index = list.findIndex((r) => r.received >= final)
  const done = list[index]
  const prev = list[index - 1]
  const prevPrev = list[index - 2]
  if (!done) return 0
  if (!prev || !prevPrev || prev.t <= prevPrev.t) return done.t
  const rate = (prev.received - prevPrev.received) / (prev.t - prevPrev.t)
  if (rate <= 0) return done.t
  return Math.min(done.t, prev.t + (final - prev.received) / rate)
}

export function emptyResult(run: number, step: Step, page: PageKind, error: string): PageResult {
  return {
    run,
    step,
    page,
    traced: false,
    error,
    sent: 0,
    counted: 0,
    msgsPerSec: null,
    lateMs: null,
    dropped: 0,
    windowMs: 0,
    cpu: null,
    frameP50: null,
    frameP95: null,
    frameMax: null,
    frames: 0,
    longTaskCount: 0,
    longTaskMax: 0,
    heapMB: null,
    rendererMB: null,
    peakRendererMB: null,
    settledRendererMB: null,
    trace: null,
    rendererPid: null,
    timings: {},
    counts: [],
  }
}
