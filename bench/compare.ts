// Issue #16's figure: what the app's full view costs when its busy topic is protobuf (decoded with
// the user's .proto: details and log on the main thread, the chart in the worker) against the
// same view over the JSON topic, at the same rate in the same run. Medians of the runs; the
// target is protobuf ≤ 1.2 × JSON for the main thread's and the worker's CPU.
import { TARGETS, jsonTwin, stepName, type Step } from './config.ts'
import type { PageResult } from './figures.ts'
import { median } from './report.ts'

type Metric = (r: PageResult) => number | null | undefined

export interface Compared {
  title: string
  json: number | null
  protobuf: number | null
  /** protobuf ÷ JSON; null when either is missing or JSON is 0. */
  ratio: number | null
  /** Judged against TARGETS.protobufOverJson (CPU only); the others are shown. */
  judged: boolean
}

const METRICS: { title: string; metric: Metric; judged: boolean }[] = [
  { title: 'main %', metric: (r) => r.cpu?.main, judged: true },
  { title: 'worker %', metric: (r) => r.cpu?.worker, judged: true },
  {
    title: 'renderer %',
    metric: (r) =>
      r.cpu ? r.cpu.main + r.cpu.worker + r.cpu.compositor + r.cpu.rendererOther : null,
    judged: false,
  },
  { title: 'frame p95 ms', metric: (r) => r.frameP95, judged: false },
  { title: 'long tasks', metric: (r) => r.longTaskCount, judged: false },
  { title: 'longest task ms', metric: (r) => r.longTaskMax, judged: false },
  {
    title: '% sent',
    metric: (r) => (r.sent > 0 ? (100 * r.counted) / r.sent : null),
    judged: false,
  },
]

/** The app's timed, measured results of `step`. */
function appCell(results: PageResult[], step: Step): PageResult[] {
  const name = stepName(step)
  return results.filter(
    (r) =>
      !r.traced &&
      r.run > 0 &&
      r.page === 'app' &&
      r.error === undefined &&
      r.cpu !== null &&
      stepName(r.step) === name,
  )
}

const med = (rs: PageResult[], m: Metric): number | null =>
  median(rs.map(m).filter((x): x is number => typeof x === 'number'))

/** The medians of a protobuf step and its JSON twin, metric by metric. */
export function compareSteps(pb: PageResult[], json: PageResult[]): Compared[] {
  return METRICS.map(({ title, metric, judged }) => {
    const p = med(pb, metric)
    const j = med(json, metric)
    const ratio = p === null || j === null || j === 0 ? null : p / j
    return { title, json: j, protobuf: p, ratio, judged }
  })
}

/** PASS / MISS / n/a for one judged row. */
export function verdict(row: Compared, limit = TARGETS.protobufOverJson): 'PASS' | 'MISS' | 'n/a' {
  if (row.ratio === null) return 'n/a'
  return row.ratio <= limit ? 'PASS' : 'MISS'
}

const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`
const fmt = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits))

export function printProtobufComparison(results: PageResult[], steps: Step[]): void {
  const pbSteps = steps.filter((s) => jsonTwin(s) !== undefined)
  if (pbSteps.length === 0) return
  const limit = TARGETS.protobufOverJson
  console.log(
    `\nProtobuf vs JSON busy topic (issue #16; app full view, medians; target: protobuf ≤ ` +
      `${limit}× JSON for main and worker CPU)`,
  )
  for (const step of pbSteps) {
    const twin = jsonTwin(step)!
    const pb = appCell(results, step)
    const json = appCell(results, twin)
    if (pb.length === 0 || json.length === 0) {
      const missing = pb.length === 0 ? stepName(step) : stepName(twin)
      console.log(`  n/a   ${stepName(step)}: ${missing} not measured for the app`)
      continue
    }
    const rows = compareSteps(pb, json)
    const width = Math.max(...rows.map((r) => r.title.length))
    console.log(
      `  ${stepName(step)} (${runs(pb.length)}) against ${stepName(twin)} (${runs(json.length)})`,
    )
    for (const row of rows) {
      const digits = row.title === 'long tasks' ? 0 : 1
      console.log(
        `    ${row.title.padEnd(width)}  JSON ${fmt(row.json, digits).padStart(6)}  protobuf ` +
          `${fmt(row.protobuf, digits).padStart(6)}  ${row.ratio === null ? '   –  ' : `${row.ratio.toFixed(2)}×`}` +
          (row.judged ? `  ${verdict(row, limit)} (≤ ${limit}×)` : ''),
      )
    }
  }
}
