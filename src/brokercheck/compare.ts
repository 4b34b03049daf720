import {
  CHECK_IDS,
  groupOf,
  type BrokerCheckReport,
  type CheckGroup,
  type CheckId,
  type CheckResult,
} from './types'

/** One check across several brokers; `differs` when their outcomes are not the same. */
export interface ComparisonRow {
  id: CheckId
  group: CheckGroup
  /** One per report, in the reports' order; undefined where that run did not include the check. */
  cells: (CheckResult | undefined)[]
  differs: boolean
}

export interface Comparison {
  targets: BrokerCheckReport['target'][]
  rows: ComparisonRow[]
  /** Rows marked `differs`. */
  differing: number
}

/**
 * Two results count as the same outcome when status and meaning code match (figures such as
 * latencies always differ a little, so they are shown, not compared). A check one run left out
 * differs from one that ran.
 */
export function sameOutcome(a: CheckResult | undefined, b: CheckResult | undefined): boolean {
  if (!a || !b) return a === b
  return a.status === b.status && a.meaning.code === b.meaning.code
}

/** Rows = checks (in scorecard order, those any report has), columns = the reports. */
export function compareReports(reports: readonly BrokerCheckReport[]): Comparison {
  const byReport = reports.map((r) => new Map(r.results.map((x) => [x.id, x])))
  const rows: ComparisonRow[] = []
  for (const id of CHECK_IDS) {
    const cells = byReport.map((m) => m.get(id))
    if (cells.every((c) => c === undefined)) continue
    const first = cells[0]
    rows.push({ id, group: groupOf(id), cells, differs: cells.some((c) => !sameOutcome(first, c)) })
  }
  return {
    targets: reports.map((r) => r.target),
    rows,
    differing: rows.filter((r) => r.differs).length,
  }
}
