import { BROKER_CHECK_CLEANUP_MS, BROKER_CHECK_CONCURRENCY } from '../engine/budgets'
import { CheckContext, type RunState } from './context'
import { openProbe } from './probe'
import type { CleanupReport } from './types'
import { TIMEOUT } from './wait'

/**
 * Removes what the run created: an empty retained message for every retained topic in the ledger,
 * and a clean-start connection (MQTT 5: session expiry 0) for every persistent session, ended with
 * a normal DISCONNECT. It has its own deadline and ignores a cancel of the run (a cancel must not
 * leave retained messages behind); what it could not remove is listed.
 */
export async function cleanup(run: RunState): Promise<CleanupReport> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), BROKER_CHECK_CLEANUP_MS)
  const ctx = new CheckContext(run, 'cleanup', abort.signal)
  const level = run.facts.level ?? 4
  const topics = [...run.ledger.retained]
  const sessions = [...run.ledger.sessions]
  const cleared = new Set<string>()
  const ended = new Set<string>()
  try {
    if (topics.length > 0) {
      const opened = await openProbe(ctx, { level, clientId: ctx.clientId() })
      if (opened.ok) {
        const results = await opened.probe.publishAll(
          topics.map((topic) => ({ topic, payload: '', options: { qos: 1, retain: true } })),
        )
        topics.forEach((topic, i) => {
          const r = results[i]
          if (r !== undefined && r !== TIMEOUT && r.ok && (r.reasonCode ?? 0) < 0x80)
            cleared.add(topic)
        })
        await opened.probe.end()
      }
    }
    let next = 0
    const lane = async () => {
      while (next < sessions.length) {
        const clientId = sessions[next++]
        if (clientId === undefined) break
        const opened = await openProbe(ctx, {
          level,
          clientId,
          clean: true,
          ...(level === 5 ? { properties: { sessionExpiryInterval: 0 } } : {}),
        })
        if (opened.ok) {
          await opened.probe.end()
          ended.add(clientId)
        }
      }
    }
    await Promise.all(Array.from({ length: BROKER_CHECK_CONCURRENCY }, lane))
  } catch {
    // The deadline passed (Aborted): what is not done yet is reported as left behind.
  } finally {
    clearTimeout(timer)
    ctx.closeAll()
  }
  return {
    retainedCleared: cleared.size,
    retainedFailed: topics.filter((t) => !cleared.has(t)),
    sessionsEnded: ended.size,
    sessionsFailed: sessions.filter((id) => !ended.has(id)),
  }
}
