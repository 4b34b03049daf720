import { coded, type Coded } from '../lib/coded'
import { formatBytes } from '../lib/format'
import {
  CHECK_GROUPS,
  CHECK_IDS,
  groupOf,
  type BrokerCheckReport,
  type CheckGroup,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type Quantity,
} from './types'

/** Words a check result in the view's language (the UI passes i18next's `t` for brokerCheck). */
export type Word = (c: Coded) => string

export const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'unsupported', 'skipped']

/** A report as the scorecard shows it: results grouped, counted by status. */
export interface Scorecard {
  report: BrokerCheckReport
  counts: Record<CheckStatus, number>
  groups: { group: CheckGroup; results: CheckResult[] }[]
}

export function countStatuses(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, unsupported: 0, skipped: 0 }
  for (const r of results) counts[r.status]++
  return counts
}

export function scorecard(report: BrokerCheckReport): Scorecard {
  const order = new Map<CheckId, number>(CHECK_IDS.map((id, i) => [id, i]))
  const sorted = [...report.results].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
  return {
    report,
    counts: countStatuses(report.results),
    groups: CHECK_GROUPS.map((group) => ({
      group,
      results: sorted.filter((r) => groupOf(r.id) === group),
    })).filter((g) => g.results.length > 0),
  }
}

/** The catalog code of a check's name, a group's, a status' and a figure's key. */
export const checkName = (id: CheckId): Coded => coded(`check.${id}`)
export const groupName = (group: CheckGroup): Coded => coded(`group.${group}`)
export const statusName = (status: CheckStatus): Coded => coded(`status.${status}`)
export const figureName = (q: Quantity): Coded => coded(`figure.${q.key}`)

/**
 * A quantity's value with its unit as a code (`unit.ms` with `{ value }`); byte sizes come
 * formatted (`64 KB`), flags as `value.yes` / `value.no`.
 */
export function quantityValue(q: Quantity): Coded {
  switch (q.unit) {
    case 'bool':
      return coded(q.value ? 'value.yes' : 'value.no')
    case 'bytes':
      return coded('unit.bytes', { value: formatBytes(q.value) })
    case 'ms':
    case 's':
    case 'count':
    case 'msgsPerSec':
    case 'percent':
    case 'qos':
      return coded(`unit.${q.unit}`, { value: q.value })
  }
}

/** `p50 12 ms, p95 30 ms` in the view's language. */
export function figureText(figure: readonly Quantity[], word: Word): string {
  return figure.map((q) => `${word(figureName(q))} ${word(quantityValue(q))}`).join(', ')
}

/** The meaning, then the notes, as one line. */
export function meaningText(result: CheckResult, word: Word): string {
  return [result.meaning, ...result.notes].map(word).join(' ')
}
