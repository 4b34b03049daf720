import {
  BROKER_CHECK_CONCURRENCY,
  BROKER_CHECK_MAX_MS,
  BROKER_CHECK_ONE_MAX_MS,
} from '../engine/budgets'
import { coded, type Coded } from '../lib/coded'
import { CHECKS } from './checks'
import { Stop, type CheckDef, type Outcome, type Phase } from './checks/common'
import { cleanup } from './cleanup'
import { CheckContext, RunState } from './context'
import { withoutCredentials } from './link'
import {
  defaultProfile,
  groupOf,
  type BrokerCheckOptions,
  type BrokerCheckProgress,
  type BrokerCheckReport,
  type CheckId,
  type CheckProfile,
  type CheckResult,
  type CheckTarget,
  type ConnectFn,
  type WebSocketCtor,
} from './types'
import { Aborted } from './wait'

const PHASES: readonly Phase[] = ['reach', 'delivery', 'concurrent', 'exclusive']

function selected(id: CheckId, profile: CheckProfile): boolean {
  return profile.only === undefined || profile.only.includes(id)
}

function skipped(id: CheckId, meaning: Coded): CheckResult {
  return {
    id,
    status: 'skipped',
    figure: [],
    meaning,
    notes: [],
    evidence: [],
    evidenceDropped: 0,
    durationMs: 0,
  }
}

/** Why a check does not run, or undefined when it runs. */
function skipReason(
  def: CheckDef,
  run: RunState,
  why: { stopped?: Coded },
): CheckResult | undefined {
  const { profile, target, facts } = run
  if (why.stopped) return skipped(def.id, why.stopped)
  // The version checks always run: every other check needs their answer.
  if (def.id === 'reach.mqtt5' || def.id === 'reach.mqtt311') return undefined
  if (!profile.groups.includes(groupOf(def.id)))
    return skipped(def.id, coded('skipped.notSelected'))
  if (def.heavy && !profile.heavy) return skipped(def.id, coded('skipped.heavyOff'))
  if (facts.level === undefined)
    return facts.refused[4] && facts.refused[5]
      ? skipped(def.id, coded('skipped.notReached'))
      : skipped(def.id, coded('skipped.versionRefused', { version: target.protocol }))
  if (def.needs5 && facts.level !== 5) {
    if (target.protocol === '3.1.1') return skipped(def.id, coded('skipped.protocol311'))
    return { ...skipped(def.id, coded('mqtt5.refused')), status: 'unsupported' }
  }
  return undefined
}

/** The version the checks use: MQTT 5 when chosen or on auto and accepted, else 3.1.1. */
function chooseLevel(run: RunState, accepted: { 4: boolean; 5: boolean }): 4 | 5 | undefined {
  switch (run.target.protocol) {
    case '5':
      return accepted[5] ? 5 : undefined
    case '3.1.1':
      return accepted[4] ? 4 : undefined
    case 'auto':
      return accepted[5] ? 5 : accepted[4] ? 4 : undefined
  }
}

/**
 * Runs the broker check against one target with short-lived clients of its own (via `connect`,
 * `mqtt.connect` in the worker) under a random topic prefix. Reach checks run first and settle the
 * MQTT version; delivery checks run alone (their latencies stay clean); semantics, MQTT 5 features
 * and small limits run BROKER_CHECK_CONCURRENCY at a time; large payloads and throughput last,
 * alone. `signal` cancels: running checks end, the rest are skipped, and cleanup still removes
 * every retained message and persistent session the run created.
 */
export async function runBrokerCheck(
  target: CheckTarget,
  options: BrokerCheckOptions,
  connect: ConnectFn,
  onProgress: (progress: BrokerCheckProgress) => void,
  signal: AbortSignal,
): Promise<BrokerCheckReport> {
  const profile = options.profile ?? defaultProfile(target)
  const now = options.now ?? (() => performance.now())
  const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket
  const randomBytes =
    options.randomBytes ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)))
  const run = new RunState(connect, target, profile, now, WS, randomBytes)
  const startedAt = Date.now()
  const t0 = now()
  const runAbort = new AbortController()
  let stopped: Coded | undefined
  const stop = (why: Coded) => {
    stopped ??= why
    runAbort.abort()
  }
  const onCancel = () => stop(coded('skipped.cancelled'))
  if (signal.aborted) onCancel()
  signal.addEventListener('abort', onCancel)
  const budget = setTimeout(() => stop(coded('skipped.timeBudget')), BROKER_CHECK_MAX_MS)

  const defs = CHECKS.filter(
    (d) => selected(d.id, profile) || d.id === 'reach.mqtt5' || d.id === 'reach.mqtt311',
  )
  const total = defs.filter((d) => selected(d.id, profile)).length
  const results = new Map<CheckId, CheckResult>()
  const report = (result: CheckResult) => {
    results.set(result.id, result)
    if (!selected(result.id, profile)) return
    const done = [...results.keys()].filter((id) => selected(id, profile)).length
    onProgress({ type: 'result', result, done, total })
  }

  const runOne = async (def: CheckDef): Promise<void> => {
    const skip = skipReason(def, run, stopped ? { stopped } : {})
    if (skip) return report(skip)
    if (selected(def.id, profile)) onProgress({ type: 'started', id: def.id, total })
    const checkAbort = new AbortController()
    const onRunAbort = () => checkAbort.abort()
    runAbort.signal.addEventListener('abort', onRunAbort)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      checkAbort.abort()
    }, BROKER_CHECK_ONE_MAX_MS)
    const ctx = new CheckContext(run, def.id, checkAbort.signal)
    const started = now()
    let out: Outcome
    try {
      out = await def.run(ctx)
    } catch (err) {
      if (err instanceof Stop) out = err.outcome
      else if (err instanceof Aborted && timedOut)
        out = { status: 'fail', meaning: coded('check.timedOut') }
      else if (err instanceof Aborted)
        out = { status: 'skipped', meaning: stopped ?? coded('skipped.cancelled') }
      else
        out = {
          status: 'fail',
          meaning: coded('check.error', {
            detail: err instanceof Error ? err.message : String(err),
          }),
        }
    } finally {
      clearTimeout(timer)
      runAbort.signal.removeEventListener('abort', onRunAbort)
      ctx.closeAll()
    }
    report({
      id: def.id,
      status: out.status,
      figure: out.figure ?? [],
      meaning: out.meaning,
      notes: out.notes ?? [],
      evidence: ctx.evidence.lines,
      evidenceDropped: ctx.evidence.dropped,
      durationMs: Math.round(now() - started),
    })
  }

  for (const phase of PHASES) {
    const inPhase = defs.filter((d) => d.phase === phase)
    if (phase === 'concurrent') {
      let next = 0
      const lane = async () => {
        for (let d = inPhase[next++]; d; d = inPhase[next++]) await runOne(d)
      }
      await Promise.all(Array.from({ length: BROKER_CHECK_CONCURRENCY }, lane))
      continue
    }
    for (const def of inPhase) {
      await runOne(def)
      if (def.id === 'reach.mqtt311') settleVersion(run, results).forEach(report)
    }
  }
  clearTimeout(budget)
  signal.removeEventListener('abort', onCancel)

  onProgress({ type: 'cleanup' })
  const cleaned = await cleanup(run)
  const { password: _password, username: _username, url, ...shown } = target
  return {
    target: { ...shown, url: withoutCredentials(url) },
    profile,
    ...(run.facts.level !== undefined ? { protocolLevel: run.facts.level } : {}),
    topicPrefix: run.prefix,
    startedAt,
    durationMs: Math.round(now() - t0),
    cancelled: stopped?.code === 'skipped.cancelled',
    results: CHECKS.map((d) => results.get(d.id)).filter(
      (r): r is CheckResult => r !== undefined && selected(r.id, profile),
    ),
    cleanup: cleaned,
  }
}

/**
 * After both version checks: the version the rest use. When neither version got through, the
 * broker is unreachable and both results say so as failures (not "unsupported"); those rewritten
 * results are returned to be reported again.
 */
function settleVersion(run: RunState, results: Map<CheckId, CheckResult>): CheckResult[] {
  const accepted = {
    4: results.get('reach.mqtt311')?.status === 'pass',
    5: results.get('reach.mqtt5')?.status === 'pass',
  }
  const level = chooseLevel(run, accepted)
  if (level !== undefined) run.facts.level = level
  if (accepted[4] || accepted[5]) return []
  const url = withoutCredentials(run.target.url)
  const rewritten: CheckResult[] = []
  for (const id of ['reach.mqtt5', 'reach.mqtt311'] as const) {
    const r = results.get(id)
    if (r && r.status !== 'skipped')
      rewritten.push({
        ...r,
        status: 'fail',
        meaning: coded('reach.unreachable', { url }),
        notes: [...r.notes, r.meaning],
      })
  }
  return rewritten
}
