/**
 * A connection's responder in the worker (issue #16): the page sends its config (filter, script
 * source, on/off, rate limit); this loads the script into an engine of its own (so its
 * module-level state belongs to this connection alone), runs respond() on each matching message
 * in the ingest path, hands what it returns to THIS connection's publisher, and reports its
 * state, counts and new log entries at most every RESPONDER_REPORT_MS. The pure parts (token
 * bucket, log ring) are `scripting/responder.ts`; the sandbox is `scripting/host.ts`.
 */
import { RESPONDER_LOG_ENTRIES, RESPONDER_REPORT_MS } from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import type { SandboxedScript, ScriptHost } from '../scripting/host'
import { Responder } from '../scripting/responder'
import type { ScriptMessage } from '../scripting/types'
import type { PublishMessage, PublishResult } from '../wire/mqtt'
import type { ResponderConfig, ResponderReport, ResponderState } from '../wire/scripts'

export type ResponderPublishFn = (
  message: PublishMessage,
  done: (result: PublishResult) => void,
) => void

export class ResponderJob {
  readonly #host: ScriptHost
  /** The engine id of this connection's responder script in the host. */
  readonly #engineId: string
  readonly #publish: ResponderPublishFn
  readonly #emit: (report: ResponderReport) => void
  readonly #now: () => number
  #config: ResponderConfig | undefined
  #script: SandboxedScript | undefined
  #responder: Responder | undefined
  #state: ResponderState = 'off'
  #error: Coded | undefined
  /** Counts loads, so a slow load that was overtaken by a newer config is thrown away. */
  #loads = 0
  /** The seq of the newest entry the last report carried (it is sent again, it may grow). */
  #fromSeq = 0
  #reset = true
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    host: ScriptHost,
    engineId: string,
    publish: ResponderPublishFn,
    emit: (report: ResponderReport) => void,
    now: () => number = Date.now,
  ) {
    this.#host = host
    this.#engineId = engineId
    this.#publish = publish
    this.#emit = emit
    this.#now = now
  }

  /** True while a loaded responder is on: the ingest path asks this first. */
  get active(): boolean {
    return this.#state === 'on'
  }

  /** Applies the page's config: loads the script when its source changed, else adjusts. */
  configure(config: ResponderConfig | undefined): void {
    const previous = this.#config
    this.#config = config
    if (!config) {
      this.#loads++
      this.#drop()
      this.#state = 'off'
      this.#error = undefined
      this.#report()
      return
    }
    // The same script (loaded or still loading) keeps its engine and its state; a load in flight
    // takes the newest settings when it is done.
    const sameScript =
      previous !== undefined &&
      previous.script.id === config.script.id &&
      previous.script.name === config.script.name &&
      previous.script.source === config.script.source
    if (sameScript && this.#state === 'loading') return
    const r = this.#responder
    if (!sameScript || !r) {
      void this.#load(config)
      return
    }
    r.setFilter(config.filter)
    r.setEnabled(config.enabled)
    if (previous.perSecond !== config.perSecond || previous.burst !== config.burst)
      r.setLimits(config.perSecond, config.burst, this.#now())
    this.#state = config.enabled ? 'on' : 'off'
    this.#report()
  }

  async #load(config: ResponderConfig): Promise<void> {
    const load = ++this.#loads
    this.#drop()
    this.#state = 'loading'
    this.#error = undefined
    this.#reset = true
    this.#fromSeq = 0
    this.#report()
    // An engine id per load: a slower, older load finishing late cannot replace a newer one.
    const engineId = `${this.#engineId}#${load}`
    const loaded = await this.#host.load({ ...config.script, id: engineId })
    if (load !== this.#loads) {
      // A newer config (or none) took over meanwhile.
      this.#host.unload(engineId)
      return
    }
    const current = this.#config ?? config
    if (!loaded.ok) {
      this.#state = 'failed'
      this.#error = loaded.error
    } else if (!loaded.script.exports.includes('respond')) {
      this.#host.unload(engineId)
      this.#state = 'failed'
      this.#error = coded('script.missingExport', { script: config.script.name, name: 'respond' })
    } else {
      this.#script = loaded.script
      this.#responder = new Responder(
        { id: engineId, scriptId: config.script.id, filter: current.filter, enabled: true },
        config.script.name,
        this.#now(),
        { perSecond: current.perSecond, burst: current.burst, logEntries: RESPONDER_LOG_ENTRIES },
      )
      this.#responder.setEnabled(current.enabled)
      this.#state = current.enabled ? 'on' : 'off'
    }
    this.#report()
  }

  /** Answers `message` when it matches; called for every message while `active`. */
  onMessage(message: ScriptMessage): void {
    const responder = this.#responder
    const script = this.#script
    if (!responder || !script || !responder.matches(message.topic)) return
    const now = this.#now()
    const failedBefore = responder.counts.failed
    const out = responder.handle(message, script, now)
    const last = responder.log.last()
    // The status line names the newest failure (a runaway loop, a throw) until a call succeeds.
    if (responder.counts.failed > failedBefore && last?.kind === 'failed') this.#error = last.error
    else if (out.length > 0) this.#error = undefined
    for (const p of out)
      this.#publish(p, (result) => {
        if (result.ok || this.#responder !== responder) return
        responder.logFailure(this.#now(), message.topic, result.reason)
        this.#changed()
      })
    this.#changed()
  }

  /** Ends the responder: no more reports, the engine freed. */
  dispose(): void {
    this.#loads++
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#drop()
  }

  #drop(): void {
    if (this.#script) this.#host.unload(this.#script.id)
    this.#script = undefined
    this.#responder = undefined
  }

  #changed(): void {
    if (this.#timer !== undefined) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#report()
    }, RESPONDER_REPORT_MS)
  }

  #report(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    const r = this.#responder
    const entries = r ? r.log.entries().filter((e) => e.seq >= this.#fromSeq) : []
    const newest = entries.at(-1)
    if (newest) this.#fromSeq = newest.seq
    const report: ResponderReport = {
      type: 'responder',
      state: this.#state,
      scriptName: this.#config?.script.name ?? '',
      counts: r ? { ...r.counts } : { triggered: 0, sent: 0, dropped: 0, failed: 0 },
      entries,
      reset: this.#reset,
    }
    if (this.#error) report.error = this.#error
    this.#reset = false
    this.#emit(report)
  }
}
