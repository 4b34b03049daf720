// Output: the median of the runs per cell with an app/baseline ratio row, what varied between
// runs, the traced pass's layouts and style recalcs, and the soak (the targets: targets.ts).
import { TARGETS, stepName, type PageKind, type Step } from './config.ts'
import type { PageResult } from './figures.ts'

export const fmt = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits)
const ratio = (a: number | null | undefined, b: number | null | undefined): string =>
  a === null || a === undefined || b === null || b === undefined || b === 0 || Number.isNaN(a / b)
    ? '–'
    : `${(a / b).toFixed(2)}×`

export function median(values: number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (v.length === 0) return null
  const mid = Math.floor(v.length / 2)
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
}

type Metric = (r: PageResult) => number | null | undefined

/** Every measured (not failed) result of one step and page. */
export function cell(results: PageResult[], step: Step, page: PageKind): PageResult[] {
  const name = stepName(step)
  return results.filter(
    (r) => stepName(r.step) === name && r.page === page && r.error === undefined && r.cpu !== null,
  )
}

export const med = (rs: PageResult[], m: Metric): number | null =>
  median(rs.map(m).filter((x): x is number => typeof x === 'number'))

function spread(rs: PageResult[], m: Metric, digits = 1): string {
  const v = rs.map(m).filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
  if (v.length === 0) return '–'
  const lo = Math.min(...v)
  const hi = Math.max(...v)
  return lo.toFixed(digits) === hi.toFixed(digits)
    ? lo.toFixed(digits)
    : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`
}

function printRows(header: string[], lines: string[][]): void {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...lines].filter((l) => l.length > 3).map((l) => (l[i] ?? '').length)),
  )
  for (const line of [header, ...lines]) {
    console.log(
      line.length > 3
        ? line
            .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
            .join('  ')
        : line.join('  '),
    )
  }
}

export const share = (r: PageResult): number | null => (r.sent > 0 ? r.counted / r.sent : null)

interface Column {
  title: string
  metric: Metric
  digits?: number
  /** How the ratio row shows it: a ratio (default), a difference, or nothing. */
  compare?: 'ratio' | 'diff' | 'none'
}

function printTable(
  title: string,
  results: PageResult[],
  steps: Step[],
  pages: PageKind[],
  columns: Column[],
): void {
  console.log(`\n${title}`)
  const lines: string[][] = []
  for (const step of steps) {
    const byPage = new Map(pages.map((p) => [p, cell(results, step, p)] as const))
    for (const page of pages) {
      const rs = byPage.get(page) ?? []
      if (rs.length === 0) {
        const failed = results.find(
          (r) => stepName(r.step) === stepName(step) && r.page === page && r.error !== undefined,
        )
        if (failed) lines.push([stepName(step), page, `FAILED: ${failed.error ?? ''}`])
        continue
      }
      lines.push([
        stepName(step),
        page,
        ...columns.map((c) => fmt(med(rs, c.metric), c.digits ?? 1)),
      ])
    }
    const app = byPage.get('app') ?? []
    const base = byPage.get('baseline') ?? []
    if (app.length > 0 && base.length > 0) {
      lines.push([
        '',
        'app/base',
        ...columns.map((c) => {
          const a = med(app, c.metric)
          const b = med(base, c.metric)
          if (c.compare === 'none') return ''
          if (c.compare === 'diff') {
            return a === null || b === null
              ? '–'
              : `${a - b >= 0 ? '+' : ''}${fmt(a - b, c.digits ?? 1)}`
          }
          return ratio(a, b)
        }),
      ])
    }
  }
  printRows(['step', 'page', ...columns.map((c) => c.title)], lines)
}

export function printResults(
  results: PageResult[],
  steps: Step[],
  pages: PageKind[],
  runs: number,
): void {
  const timed = results.filter((r) => !r.traced && r.run > 0)
  const of = `median of ${runs} run${runs > 1 ? 's' : ''}`
  printTable(`Delivery, frames, memory (${of})`, timed, steps, pages, [
    { title: 'sent', metric: (r) => r.sent, digits: 0, compare: 'none' },
    { title: '% sent', metric: (r) => (r.sent > 0 ? (100 * r.counted) / r.sent : null) },
    { title: 'msgs/s', metric: (r) => r.msgsPerSec, digits: 0 },
    {
      title: 'late s',
      metric: (r) => (r.lateMs === null ? null : r.lateMs / 1000),
      compare: 'diff',
    },
    { title: 'frame p50', metric: (r) => r.frameP50 },
    { title: 'p95', metric: (r) => r.frameP95 },
    { title: 'max ms', metric: (r) => r.frameMax },
    { title: 'long tasks', metric: (r) => r.longTaskCount, digits: 0, compare: 'diff' },
    { title: 'max ms', metric: (r) => r.longTaskMax, digits: 0 },
    { title: 'heap MB', metric: (r) => r.heapMB },
    { title: 'renderer MB', metric: (r) => r.rendererMB, digits: 0 },
  ])
  printTable(
    `CPU, % of one core over each window (${of}); host = whole machine, % of all cores`,
    timed,
    steps,
    pages,
    [
      { title: 'main', metric: (r) => r.cpu?.main },
      // A load step's second half, with the probe's frame loop (60 frames a second) running.
      { title: 'main+loop', metric: (r) => r.cpuWithLoop?.main },
      { title: 'worker', metric: (r) => r.cpu?.worker },
      { title: 'compositor', metric: (r) => r.cpu?.compositor },
      { title: 'rndr other', metric: (r) => r.cpu?.rendererOther },
      {
        title: 'renderer',
        metric: (r) =>
          r.cpu ? r.cpu.main + r.cpu.worker + r.cpu.compositor + r.cpu.rendererOther : null,
      },
      { title: 'network svc', metric: (r) => r.cpu?.network },
      { title: 'chromium rest', metric: (r) => r.cpu?.chromiumRest },
      { title: 'host', metric: (r) => r.cpu?.host, compare: 'none' },
    ],
  )
  if (runs > 1) {
    console.log(`\nWhat varied between the ${runs} runs (min–max)`)
    const lines: string[][] = []
    for (const step of steps) {
      for (const page of pages) {
        const rs = cell(timed, step, page)
        if (rs.length === 0) continue
        lines.push([
          stepName(step),
          page,
          spread(rs, (r) => r.msgsPerSec, 0),
          spread(rs, (r) => r.cpu?.main),
          spread(rs, (r) => r.cpu?.worker),
          spread(rs, (r) => r.cpu?.network),
          spread(rs, (r) => r.frameP95),
          spread(rs, (r) => r.longTaskMax, 0),
          spread(rs, (r) => r.rendererMB, 0),
          spread(rs, (r) => r.cpu?.host, 0),
        ])
      }
    }
    printRows(
      [
        'step',
        'page',
        'msgs/s',
        'main %',
        'worker %',
        'network %',
        'p95 ms',
        'long max',
        'rndr MB',
        'host %',
      ],
      lines,
    )
  }
}

/** Where the app's renderer spends its CPU, per thread name (median over runs, ≥ 0.5 %). */
export function printThreads(results: PageResult[], steps: Step[]): void {
  const timed = results.filter((r) => !r.traced && r.run > 0 && r.page === 'app')
  console.log("\nThe app renderer's threads, % of one core (median; threads under 0.5 % left out)")
  for (const step of steps) {
    const rs = cell(timed, step, 'app')
    if (rs.length === 0) continue
    const names = new Set(rs.flatMap((r) => Object.keys(r.cpu?.threads ?? {})))
    const parts = [...names]
      .map((name) => [name, med(rs, (r) => r.cpu?.threads[name] ?? 0) ?? 0] as const)
      .filter(([, pct]) => pct >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([name, pct]) => `${name} ${pct.toFixed(1)}`)
    console.log(`  ${stepName(step).padEnd(20)} ${parts.join(', ') || '–'}`)
  }
}

export function printTraced(results: PageResult[], timed: PageResult[], pages: PageKind[]): void {
  const traced = results.filter((r) => r.traced)
  if (traced.length === 0) return
  console.log(
    '\nLayouts and style recalcs per second on the main thread (traced pass, once; tracing costs' +
      ' CPU, so its main % is shown beside the untraced median), and its tasks over' +
      ` ${TARGETS.longTaskMs} ms of wall time: how many, the longest, and the most CPU time any of them` +
      ' took (the rest of a long task the thread waited for a core)',
  )
  const lines: string[][] = []
  for (const r of traced) {
    if (r.error !== undefined || !r.trace) {
      lines.push([stepName(r.step), r.page, `FAILED: ${r.error ?? 'no trace'}`])
      continue
    }
    const untraced = med(cell(timed, r.step, r.page), (x) => x.cpu?.main)
    const long = r.trace.longTasks
    lines.push([
      stepName(r.step),
      r.page,
      fmt(r.trace.perSec.layouts),
      fmt(r.trace.perSec.styleRecalcs),
      fmt(r.trace.perSec.paints),
      fmt(r.trace.coveredMs / 1000),
      fmt(r.cpu?.main),
      fmt(untraced),
      String(long.length),
      long.length ? fmt(Math.max(...long.map(([wall]) => wall)), 0) : '–',
      long.length ? fmt(Math.max(...long.map(([, cpu]) => cpu)), 1) : '–',
    ])
  }
  printRows(
    [
      'step',
      'page',
      'layouts/s',
      'style/s',
      'paints/s',
      'traced s',
      'main % traced',
      'untraced',
      'long tasks',
      'longest ms',
      'most CPU ms',
    ],
    lines.filter((l) => pages.includes(l[1] as PageKind)),
  )
}

/** A soak's second memory reading, in words ('' when it was not read). */
export function settled(r: PageResult): string {
  return r.step.kind === 'soak' && r.settledRendererMB !== null
    ? `${fmt(r.settledRendererMB, 0)} MB ${r.step.settleSeconds} s later (quiet)`
    : ''
}

export function printSoak(results: PageResult[]): void {
  const soak = results.filter((r) => r.step.kind === 'soak')
  if (soak.length === 0) return
  console.log('\nSoak')
  for (const r of soak) {
    console.log(
      r.error !== undefined
        ? `  ${stepName(r.step)}, ${r.page}: FAILED: ${r.error}`
        : `  ${stepName(r.step)}, ${r.page}: ${r.counted} of ${r.sent} counted, renderer ` +
            `${fmt(r.rendererMB, 0)} MB at the end (peak sampled ${fmt(r.peakRendererMB, 0)} MB), ` +
            (settled(r) ? `${settled(r)}, ` : '') +
            `main ${fmt(r.cpu?.main)} %, frame p95 ${fmt(r.frameP95)} ms, ` +
            `${r.longTaskCount} long tasks up to ${fmt(r.longTaskMax, 0)} ms`,
    )
  }
}
