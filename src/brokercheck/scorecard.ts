import type { Coded, CodeValues } from '../lib/coded'
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

/**
 * A name in the `brokerCheck` label namespace (a check's, a group's, a figure's, a unit with its
 * value, an export heading), keyed by check id. Sentences (meanings, notes) are `Coded` and
 * worded from the `codes` catalog; a label is not a failure or a note, so it is not a code.
 */
export interface Label {
  readonly label: string
  readonly values?: CodeValues
}

export const label = (key: string, values?: CodeValues): Label =>
  values === undefined ? { label: key } : { label: key, values }

export const isLabel = (x: Coded | Label): x is Label => 'label' in x

/** Words a sentence or a label in the view's language (the view builds it from `word` and `t`). */
export type Word = (c: Coded | Label) => string

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

/** The label of a check's name, a group's, a status' and a figure's key. */
export const checkName = (id: CheckId): Label => label(`check.${id}`)
export const groupName = (group: CheckGroup): Label => label(`group.${group}`)
export const statusName = (status: CheckStatus): Label => label(`status.${status}`)
export const figureName = (q: Quantity): Label => label(`figure.${q.key}`)

/**
 * A quantity's value with its unit as a label (`unit.ms` with `{ value }`); byte sizes come
 * formatted (`64 KB`), flags as `value.yes` / `value.no`.
 */
export function quantityValue(q: Quantity): Label {
  switch (q.unit) {
    case 'bool':
      return label(q.value ? 'value.yes' : 'value.no')
    case 'bytes':
      return label('unit.bytes', { value: formatBytes(q.value) })
    case 'ms':
    case 's':
    case 'count':
    case 'msgsPerSec':
    case 'percent':
    case 'qos':
      return label(`unit.${q.unit}`, { value: q.value })
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
