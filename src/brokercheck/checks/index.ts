import { CHECK_IDS, type CheckId } from '../types'
import type { CheckDef } from './common'
import { deliveryChecks } from './delivery'
import { limitChecks } from './limits'
import { mqtt5Checks } from './mqtt5'
import { reachChecks } from './reach'
import { semanticsChecks } from './semantics'
import { sessionChecks } from './sessions'
import { throughputChecks } from './throughput'

const byId = new Map<CheckId, CheckDef>(
  [
    ...reachChecks,
    ...deliveryChecks,
    ...semanticsChecks,
    ...sessionChecks,
    ...mqtt5Checks,
    ...limitChecks,
    ...throughputChecks,
  ].map((d) => [d.id, d]),
)

/** Every check's definition, in scorecard order (CHECK_IDS). */
export const CHECKS: readonly CheckDef[] = CHECK_IDS.map((id) => {
  const def = byId.get(id)
  if (!def) throw new Error(`broker check ${id} has no definition`)
  return def
})
