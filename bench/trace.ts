// Layouts and style recalculations per second, from Chromium's own startup tracing: no DevTools
// client is attached (one would serialise every WebSocket frame). `--trace-startup` records from
// launch for `--trace-startup-duration` seconds, then Chromium writes the JSON trace by itself.
// Trace timestamps are CLOCK_MONOTONIC in µs, the clock of process.hrtime, so the bench's window
// (taken with monoMs) selects the events directly. Tracing costs CPU, so the traced pass is a
// separate pass: its CPU figures are not the untraced ones (the bench prints both main-thread
// figures so the difference shows).
import { createReadStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { OUT_DIR, TARGETS } from './config.ts'
import { addCleanup, sleep } from './processes.ts'

/**
 * Categories: Layout, UpdateLayoutTree (style recalc) and Paint are in devtools.timeline; each
 * task a thread runs (`ThreadControllerImpl::RunTask`, with its wall and thread time) in toplevel.
 * BENCH_TRACE_CATEGORIES adds more for a kept trace (BENCH_KEEP_TRACES=1), e.g.
 * `disabled-by-default-v8.cpu_profiler` for the JavaScript under each task.
 */
const CATEGORIES = ['devtools.timeline', 'toplevel', process.env.BENCH_TRACE_CATEGORIES]
  .filter(Boolean)
  .join(',')
/** How long to wait for Chromium to write the trace after its duration is over. */
const WRITE_TIMEOUT_MS = 60_000

export interface TraceFile {
  file: string
  args: string[]
  /** Tracing lasts this long from launch, ms. */
  durationMs: number
  remove: () => Promise<void>
}

/** A temp file and the switches that make Chromium trace into it for `durationS` seconds. */
export async function traceFile(durationS: number): Promise<TraceFile> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-scope-bench-trace-'))
  const file = path.join(dir, 'trace.json')
  const remove = async (): Promise<void> => {
    forget()
    await fs.rm(dir, { recursive: true, force: true })
  }
  const forget = addCleanup(remove)
  return {
    file,
    durationMs: Math.ceil(durationS) * 1000,
    args: [
      `--trace-startup=${CATEGORIES}`,
      '--trace-startup-format=json',
      `--trace-startup-file=${file}`,
      `--trace-startup-duration=${Math.ceil(durationS)}`,
    ],
    remove,
  }
}

/**
 * Waits until Chromium has written the whole trace (it ends with the metadata object): tracing
 * stops `durationMs` after launch (`launchedAgoMs` ago), then the JSON is written.
 */
export async function waitForTrace(
  trace: TraceFile,
  launchedAgoMs: number,
  abort: () => string | undefined,
): Promise<void> {
  const file = trace.file
  const deadline = Date.now() + Math.max(0, trace.durationMs - launchedAgoMs) + WRITE_TIMEOUT_MS
  let lastSize = -1
  for (;;) {
    const size = await fs.stat(file).then(
      (s) => s.size,
      () => -1,
    )
    if (size > 0 && size === lastSize) {
      const fd = await fs.open(file, 'r')
      try {
        const end = Buffer.alloc(Math.min(size, 64))
        await fd.read(end, 0, end.length, size - end.length)
        if (end.toString('utf8').trimEnd().endsWith('}')) return
      } finally {
        await fd.close()
      }
    }
    lastSize = size
    const aborted = abort()
    if (aborted) throw new Error(`no trace: ${aborted}`)
    if (Date.now() > deadline) throw new Error('chromium did not write its trace in time')
    await sleep(250)
  }
}

export interface TraceCounts {
  layouts: number
  styleRecalcs: number
  paints: number
  /**
   * The main thread's tasks over TARGETS.longTaskMs (50 ms, a long task) of wall time in the window, each as [wall, thread
   * time] in ms. A long task's thread time says how much of it was the page's work: the rest the
   * thread was ready but waited for a core (a busy host), which no page can shorten.
   */
  longTasks: Array<[wallMs: number, cpuMs: number]>
  /**
   * What the window's layouts laid out: each Layout event's roots as Chromium names them
   * (`DIV class='tree-rows'`), counted. Says which panel an idle page's layouts were for.
   */
  layoutRoots: Record<string, number>
  /** The part of the window the trace covers, ms (it may end before the window does). */
  coveredMs: number
}

const COUNTED = /"name":"(Layout|UpdateLayoutTree|Paint|ThreadControllerImpl::RunTask)"/
const TS = /"ts":(\d+)/
const DUR = /"dur":(\d+)/

/**
 * Counts the renderer main thread's Layout, UpdateLayoutTree and Paint events between two
 * monotonic ms. Chromium writes one event per line, so only the lines that name a counted event
 * are parsed: a trace of a busy page is tens of MB.
 */
export async function countTraceEvents(
  file: string,
  rendererPid: number,
  fromMs: number,
  toMs: number,
): Promise<TraceCounts> {
  const from = fromMs * 1000
  const to = toMs * 1000
  const counts = { layouts: 0, styleRecalcs: 0, paints: 0 }
  const longTasks: TraceCounts['longTasks'] = []
  const layoutRoots: Record<string, number> = {}
  let lastTs = 0
  const lines = readline.createInterface({ input: createReadStream(file, 'utf8') })
  for await (const line of lines) {
    const ts = TS.exec(line)
    if (ts) lastTs = Math.max(lastTs, Number(ts[1]))
    const name = COUNTED.exec(line)?.[1]
    if (!name) continue
    // Tasks of every thread: parse only the main thread's long ones.
    const isTask = name === 'ThreadControllerImpl::RunTask'
    if (isTask && Number(DUR.exec(line)?.[1] ?? 0) <= TARGETS.longTaskMs * 1000) continue
    let event: {
      pid?: number
      tid?: number
      ts?: number
      ph?: string
      dur?: number
      tdur?: number
      args?: { endData?: { layoutRoots?: { nodeName?: string }[] } }
    }
    try {
      event = JSON.parse(line.replace(/,\s*$/, '')) as typeof event
    } catch {
      continue
    }
    // The main thread only (tid = pid); complete events ('X') or begin events ('B').
    if (event.pid !== rendererPid || event.tid !== rendererPid) continue
    if (event.ph !== 'X' && event.ph !== 'B') continue
    if (event.ts === undefined || event.ts < from || event.ts > to) continue
    if (isTask) longTasks.push([(event.dur ?? 0) / 1000, (event.tdur ?? NaN) / 1000])
    else if (name === 'Layout') {
      counts.layouts++
      // A complete event ('X') carries its roots; a begin event ('B') leaves them to its end.
      for (const root of event.args?.endData?.layoutRoots ?? []) {
        const node = root.nodeName ?? '?'
        layoutRoots[node] = (layoutRoots[node] ?? 0) + 1
      }
    } else if (name === 'UpdateLayoutTree') counts.styleRecalcs++
    else counts.paints++
  }
  return {
    ...counts,
    longTasks,
    layoutRoots,
    coveredMs: Math.max(0, (Math.min(to, lastTs) - from) / 1000),
  }
}

/** The most frequent layout roots, most first: `svg class='chart-surface' ×5, …` ('' if none). */
export function layoutRootsText(roots: Record<string, number>, most = 4): string {
  return Object.entries(roots)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, most)
    .map(([node, n]) => `${node} ×${n}`)
    .join(', ')
}

/**
 * Copies a trace to bench/out for a closer look (Perfetto or DevTools' Performance panel open it),
 * with a note of the window and the renderer's pid beside it. Returns the copy's path.
 */
export async function keepTrace(
  file: string,
  label: string,
  window: { monoFrom: number; monoTo: number },
  rendererPid: number,
): Promise<string> {
  await fs.mkdir(OUT_DIR, { recursive: true })
  const base = path.join(
    OUT_DIR,
    `trace-${label.replace(/[^a-z0-9]+/gi, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  )
  await fs.copyFile(file, `${base}.json`)
  const note = {
    rendererPid,
    windowTsMicros: [Math.round(window.monoFrom * 1000), Math.round(window.monoTo * 1000)],
  }
  await fs.writeFile(`${base}.window.json`, JSON.stringify(note))
  return `${base}.json`
}
