/**
 * The broker check's call across the worker channel (`ConnCalls.brokerCheck`): plain data in
 * both directions. The panel addresses it to a connection id of its own (BROKER_CHECK_CONN), so
 * the check never shares a SessionCore with the user's connections.
 */
import type {
  BrokerCheckProgress,
  BrokerCheckReport,
  CheckProfile,
  CheckTarget,
} from '../brokercheck/types'
import type { Coded } from '../lib/coded'

/** The connection id the panel's calls go to: no user connection ever has it. */
export const BROKER_CHECK_CONN = 'broker-check'

/** One broker to check and which checks. The password travels for the run and is never kept. */
export interface BrokerCheckRun {
  target: CheckTarget
  profile: CheckProfile
}

export interface BrokerCheckArgs {
  /** Checked one after another, so one broker's traffic never skews another's timings. */
  runs: BrokerCheckRun[]
}

/** Progress of run `index` (of `count`). */
export interface BrokerCheckRunProgress {
  index: number
  count: number
  progress: BrokerCheckProgress
}

/**
 * Every report, in the order of the runs; a cancelled run's report says so and the runs after
 * it are not started. `reason` when the call could not run at all (another check running).
 */
export type BrokerCheckReply =
  | { ok: true; reports: BrokerCheckReport[] }
  | { ok: false; reason: Coded; reports: BrokerCheckReport[] }
