import { runBrokerCheck } from '../brokercheck/runner'
import type { BrokerCheckReport, ConnectFn } from '../brokercheck/types'
import { coded } from '../lib/coded'
import type { BrokerCheckRun } from '../wire/brokerCheck'
import type { ArgsOf } from '../wire/channel'
import type { CallContext } from './callContext'

/**
 * Runs broker checks in the worker (#15), on short-lived clients the check engine opens through
 * `connect` (never a SessionCore's client). One check at a time per SessionCore: the engine's
 * client and traffic budgets are per run, and two runs at once would skew each other's timings.
 * Cancel (or the core's disposal) aborts the run in progress; the engine then marks the rest
 * "not tested", runs its cleanup and still reports, so the call always replies.
 */
export class BrokerCheckJob {
  readonly #connect: ConnectFn
  #abort: AbortController | undefined

  constructor(connect: ConnectFn) {
    this.#connect = connect
  }

  run(args: ArgsOf<'brokerCheck'>, ctx: CallContext<'brokerCheck'>): void {
    if (this.#abort) {
      ctx.reply({ ok: false, reason: coded('brokerCheck.busy'), reports: [] })
      return
    }
    const abort = new AbortController()
    this.#abort = abort
    ctx.onCancel(() => abort.abort())
    void this.#runAll(ctx, args.runs, abort.signal).finally(() => {
      if (this.#abort === abort) this.#abort = undefined
    })
  }

  /** Stops the run in progress (the core is closing); it still replies with what it did. */
  cancel(): void {
    this.#abort?.abort()
  }

  async #runAll(
    ctx: CallContext<'brokerCheck'>,
    runs: readonly BrokerCheckRun[],
    signal: AbortSignal,
  ): Promise<void> {
    const reports: BrokerCheckReport[] = []
    try {
      for (const [index, run] of runs.entries()) {
        if (signal.aborted) break
        const report = await runBrokerCheck(
          run.target,
          { profile: run.profile },
          this.#connect,
          (progress) => ctx.progress({ index, count: runs.length, progress }),
          signal,
        )
        reports.push(report)
      }
      ctx.reply({ ok: true, reports })
    } catch (error) {
      // The engine reports its failures inside the report; this is a bug, said with its text.
      ctx.reply({
        ok: false,
        reason: coded('brokerCheck.failed', { detail: String(error) }),
        reports,
      })
    }
  }
}
