import { create } from 'zustand'
import { topicMatches, validateTopicFilter } from '../../engine/topicFilter'
import { formatBytes, formatCount } from '../../lib/format'
import type { QoS } from '../../mqtt/protocol'
import type {
  RetainedBatchResult,
  RetainedMessage,
  RetainedPhase,
} from '../../mqtt/retainedProtocol'
import type { RetainedProgress } from '../../mqtt/retainedRequests'
import type { MqttSession } from '../../mqtt/session'
import { getSession } from '../../store/session'

/** What the last clear removed, for "Undo"; bound to the session it was cleared on. */
export interface RetainedBackup {
  session: MqttSession
  messages: RetainedMessage[]
  /** Shown next to "Undo", e.g. "1,000 retained messages under sensors/#". */
  what: string
}

export interface RetainedResult {
  text: string
  error: boolean
}

interface RetainedState {
  filter: string
  busy: RetainedPhase | undefined
  progress: RetainedProgress | undefined
  /** The last scan, minus what was cleared since; undefined before the first scan. */
  list: RetainedMessage[] | undefined
  /** The filter and session of `list`. */
  listFilter: string
  listSession: MqttSession | undefined
  /** Why the last scan stopped early (a budget), if it did. */
  cut: string | undefined
  backup: RetainedBackup | undefined
  result: RetainedResult | undefined
  setFilter: (filter: string) => void
  scan: () => Promise<void>
  clearAll: () => Promise<void>
  clearOne: (topic: string) => Promise<void>
  /** Clears a topic from the details view, backed up with the payload the worker kept. */
  clearFromDetails: (topicId: number, topic: string, qos: QoS) => Promise<void>
  undo: () => Promise<void>
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatCount(n)} ${n === 1 ? one : many}`

/** "Cleared 998 of 1,000 …; 2 failed: a/b: not authorized". */
function batchText(verb: string, total: number, what: string, r: RetainedBatchResult): string {
  if (r.failed === 0) return `${verb} ${plural(total, 'retained message')}${what}.`
  const failed = r.failedTopics.slice(0, 3).join(', ')
  const more =
    r.failedTopics.length > 3 ? ` and ${formatCount(r.failedTopics.length - 3)} more` : ''
  return `${verb} ${formatCount(r.succeeded)} of ${plural(total, 'retained message')}${what}; ${formatCount(r.failed)} failed (${failed}${more})${r.error ? `: ${r.error}` : ''}.`
}

function sortByTopic(list: RetainedMessage[]): RetainedMessage[] {
  return list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))
}

/**
 * The retained-message manager's state: the filter, the last scan, the running job with its
 * progress, the backup of the last clear and the result line. Calls go to the session of the
 * connection on screen; a backup remembers its own session so "Undo" republishes where it cleared.
 */
export const useRetainedStore = create<RetainedState>()((set, get) => {
  const progress = (p: RetainedProgress) => set({ progress: p })
  /** Runs a clear on `session`; on success the backup replaces the previous one. */
  const clear = async (
    session: MqttSession,
    backup: RetainedMessage[],
    what: string,
    note = '',
  ): Promise<void> => {
    set({ busy: 'clear', progress: { phase: 'clear', done: 0, total: backup.length, bytes: 0 } })
    const r = await session.clearRetained(
      backup.map((m) => m.topic),
      progress,
    )
    const failed = new Set(r.failedTopics)
    const cleared = backup.filter((m) => !failed.has(m.topic))
    const gone = new Set(cleared.map((m) => m.topic))
    const { list, listSession } = get()
    set({
      busy: undefined,
      progress: undefined,
      // Cleared topics leave the list; failed ones stay, so clearing again retries them.
      list: list && listSession === session ? list.filter((m) => !gone.has(m.topic)) : list,
      ...(cleared.length > 0 ? { backup: { session, messages: cleared, what } } : {}),
      result: {
        text: batchText('Cleared', backup.length, what ? ` (${what})` : '', r) + note,
        error: r.failed > 0,
      },
    })
  }

  return {
    filter: '#',
    busy: undefined,
    progress: undefined,
    list: undefined,
    listFilter: '',
    listSession: undefined,
    cut: undefined,
    backup: undefined,
    result: undefined,

    setFilter: (filter) => set({ filter }),

    scan: async () => {
      const filter = get().filter.trim()
      const invalid = validateTopicFilter(filter)
      if (invalid) {
        set({ result: { text: `Cannot scan “${filter}”: ${invalid}`, error: true } })
        return
      }
      if (filter.startsWith('$share/')) {
        const plain = filter.split('/').slice(2).join('/')
        set({
          result: {
            text: `A shared subscription receives no retained messages: scan ${plain} instead.`,
            error: true,
          },
        })
        return
      }
      const session = getSession()
      set({
        busy: 'scan',
        progress: { phase: 'scan', done: 0, total: 0, bytes: 0 },
        result: undefined,
      })
      const r = await session.scanRetained(filter, progress)
      if (!r.ok) {
        set({ busy: undefined, progress: undefined, result: { text: r.reason, error: true } })
        return
      }
      set({
        busy: undefined,
        progress: undefined,
        list: sortByTopic(r.messages),
        listFilter: filter,
        listSession: session,
        cut: r.cut,
        result:
          r.messages.length === 0
            ? {
                text: `No retained messages under ${filter}. (A broker that forbids reading a topic hides its retained message too.)`,
                error: false,
              }
            : {
                text: `Found ${plural(r.messages.length, 'retained message')} (${formatBytes(r.bytes)}) under ${filter}.`,
                error: false,
              },
      })
    },

    clearAll: async () => {
      const { list, listSession, listFilter, busy } = get()
      if (busy || !list || !listSession || list.length === 0) return
      await clear(listSession, list, `under ${listFilter}`)
    },

    clearOne: async (topic) => {
      const { list, listSession, busy } = get()
      const message = list?.find((m) => m.topic === topic)
      if (busy || !listSession || !message) return
      await clear(listSession, [message], topic)
    },

    clearFromDetails: async (topicId, topic, qos) => {
      if (get().busy) return
      const session = getSession()
      // The worker's copy of the last payload is the backup (whole when it arrived while the
      // topic was selected); a retained message carries no more than that.
      const { payload, size } = await session.fetchPayload(topicId)
      const partial =
        payload.byteLength < size
          ? ` The backup holds ${formatBytes(payload.byteLength)} of ${formatBytes(size)}: the message arrived before the topic was selected.`
          : ''
      await clear(session, [{ topic, payload, qos }], topic, partial)
    },

    undo: async () => {
      const { backup, busy } = get()
      if (busy || !backup) return
      set({
        busy: 'restore',
        progress: { phase: 'restore', done: 0, total: backup.messages.length, bytes: 0 },
      })
      const r = await backup.session.restoreRetained(backup.messages, progress)
      const failed = new Set(r.failedTopics)
      const restored = backup.messages.filter((m) => !failed.has(m.topic))
      const back = new Set(restored.map((m) => m.topic))
      const { list, listSession, listFilter } = get()
      set({
        busy: undefined,
        progress: undefined,
        // What is back is listed again (if it is under the listed filter).
        list:
          list && listSession === backup.session
            ? sortByTopic([
                ...list.filter((m) => !back.has(m.topic)),
                ...restored.filter((m) => topicMatches(listFilter, m.topic)),
              ])
            : list,
        // A partly failed undo keeps the rest, so "Undo" can be tried again.
        backup:
          r.failed > 0
            ? { ...backup, messages: backup.messages.filter((m) => failed.has(m.topic)) }
            : undefined,
        result: {
          text: batchText('Restored', backup.messages.length, ` (${backup.what})`, r),
          error: r.failed > 0,
        },
      })
    },
  }
})
