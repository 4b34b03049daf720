import * as v from 'valibot'
import { readReport } from '../../brokercheck/exportJson'
import type { BrokerCheckReport } from '../../brokercheck/types'
import { BROKER_CHECK_HISTORY } from '../../engine/budgets'
import type { SavedKind } from '../../lib/persist'
import { listOf, record } from '../../lib/persistSchema'

/** One run of the broker check: the reports of every target it checked, without evidence. */
export interface PastCheck {
  id: string
  /** Epoch ms when it finished. */
  at: number
  reports: BrokerCheckReport[]
}

export interface SavedBrokerChecks {
  /** Newest first, at most BROKER_CHECK_HISTORY. */
  past: PastCheck[]
}

const reports = v.pipe(
  v.array(v.unknown()),
  v.transform((list) => list.map(readReport)),
  v.check((list) => list.length > 0 && list.every((r) => r !== undefined)),
  v.transform((list) => list as BrokerCheckReport[]),
)

const pastSchema: v.GenericSchema<unknown, PastCheck> = record({
  id: v.string(),
  at: v.number(),
  reports,
})

/**
 * `mqtt-scope.brokerChecks`: past broker checks, to compare a new run with. Reports are read
 * back with the export's reader (the same checks as an imported file: known check ids, statuses,
 * coded meanings, URLs without credentials); a report it cannot read drops that past check.
 * Targets never carry a password (the runner never puts one in a report).
 */
export const savedBrokerChecks: SavedKind<SavedBrokerChecks> = {
  name: 'brokerChecks',
  version: 1,
  schema: record({ past: listOf(pastSchema, BROKER_CHECK_HISTORY) }),
  empty: () => ({ past: [] }),
  migrations: {},
  countsEntries: true,
  toStored: (value) => ({
    past: value.past.map((p) => ({
      ...p,
      reports: p.reports.map((r) => ({
        ...r,
        results: r.results.map((x) => ({ ...x, evidence: [], evidenceDropped: 0 })),
      })),
    })),
  }),
}
