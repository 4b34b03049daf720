import {
  RESPONDER_BURST,
  RESPONDER_LOG_ENTRIES,
  RESPONDER_MAX_BURST,
  RESPONDER_MAX_PER_S,
  RESPONDER_PUBLISHES_PER_S,
} from '../engine/budgets'
import { validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import type { ResponderLogEntry } from '../scripting/responder'
import type { ResponderCounts, ResponderReport, ResponderState } from '../wire/scripts'
import { onConnectionEvent } from './bridge'
import { perConnection } from './perConnection'
import { scriptById, useScriptStore } from './scriptStore'
import { channel } from './sessions'

/**
 * Each connection's responder (issue #16), keyed by connection id: what the user set (filter,
 * script, on/off, rate limit) and what that connection's worker core last reported (state,
 * counts, log). The worker reports at most every RESPONDER_REPORT_MS, so the panel renders at
 * that pace at most, however fast the responder is triggered.
 */

export interface ResponderSettings {
  filter: string
  scriptId: string
  enabled: boolean
  perSecond: number
  burst: number
}

export interface ResponderView extends ResponderSettings {
  /** Why the settings were not sent (an invalid filter or rate); the worker keeps the last good. */
  problem: Coded | undefined
  /** `none`: this connection has no responder in the worker. */
  state: ResponderState | 'none'
  /** A load failure, or the newest call failure (a loop, a throw) until a call succeeds. */
  error: Coded | undefined
  scriptName: string
  counts: ResponderCounts
  /** Oldest first, at most RESPONDER_LOG_ENTRIES. */
  log: ResponderLogEntry[]
}

const initial: ResponderView = {
  filter: '',
  scriptId: '',
  enabled: false,
  perSecond: RESPONDER_PUBLISHES_PER_S,
  burst: RESPONDER_BURST,
  problem: undefined,
  state: 'none',
  error: undefined,
  scriptName: '',
  counts: { triggered: 0, sent: 0, dropped: 0, failed: 0 },
  log: [],
}

export const responders = perConnection<ResponderView>(initial)

function checkSettings(s: ResponderSettings): Coded | undefined {
  if (s.scriptId === '' || !scriptById(s.scriptId))
    return s.enabled ? coded('responder.noScript') : undefined
  if (s.filter.trim() === '') return coded('responder.noFilter')
  const bad = validateTopicFilter(s.filter.trim())
  if (bad) return bad
  if (!(Number.isFinite(s.perSecond) && s.perSecond > 0 && s.perSecond <= RESPONDER_MAX_PER_S))
    return coded('responder.badRate', { max: RESPONDER_MAX_PER_S })
  if (!(Number.isInteger(s.burst) && s.burst >= 1 && s.burst <= RESPONDER_MAX_BURST))
    return coded('responder.badBurst', { max: RESPONDER_MAX_BURST })
  return undefined
}

/** Sends connection `id`'s settings to its worker core when they are valid. */
function apply(id: string): void {
  const view = responders.get(id)
  const problem = checkSettings(view)
  responders.patch(id, { problem })
  if (problem) return
  const script = scriptById(view.scriptId)
  if (!script) {
    // No script chosen: the worker core forgets its responder (if it had one).
    if (view.state !== 'none') {
      channel().cast(id, { type: 'responder', config: undefined })
      responders.patch(id, { state: 'none', error: undefined, log: [] })
    }
    return
  }
  channel().cast(id, {
    type: 'responder',
    config: {
      script: { ...script },
      filter: view.filter.trim(),
      enabled: view.enabled,
      perSecond: view.perSecond,
      burst: view.burst,
    },
  })
}

/** Changes connection `id`'s responder settings; valid ones reach its worker core at once. */
export function setResponder(id: string, patch: Partial<ResponderSettings>): void {
  responders.patch(id, patch)
  apply(id)
}

/** The page's log with a report's entries: an entry with a seq already held replaces it. */
export function mergeLog(
  log: readonly ResponderLogEntry[],
  report: Pick<ResponderReport, 'entries' | 'reset'>,
): ResponderLogEntry[] {
  const out = report.reset ? [] : [...log]
  for (const e of report.entries) {
    const i = out.length > 0 && out[out.length - 1]!.seq === e.seq ? out.length - 1 : -1
    if (i >= 0) out[i] = e
    else if (!out.some((x) => x.seq === e.seq)) out.push(e)
  }
  return out.length > RESPONDER_LOG_ENTRIES ? out.slice(-RESPONDER_LOG_ENTRIES) : out
}

onConnectionEvent((id, event) => {
  if (event.type !== 'responder') return
  responders.patch(id, (view) => ({
    state: event.state,
    error: event.error,
    scriptName: event.scriptName,
    counts: event.counts,
    log: mergeLog(view.log, event),
  }))
})

// An edited (or deleted) script reaches the responders that use it at once.
useScriptStore.subscribe((s, prev) => {
  if (s.scripts === prev.scripts) return
  for (const [id, view] of Object.entries(responders.store.getState().byConn)) {
    if (view.scriptId === '') continue
    const now = s.scripts.find((x) => x.id === view.scriptId)
    const before = prev.scripts.find((x) => x.id === view.scriptId)
    if (now !== before) {
      if (!now) responders.patch(id, { scriptId: '', enabled: false })
      apply(id)
    }
  }
})
