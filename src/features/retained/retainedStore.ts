import { create } from 'zustand'
import { topicMatches, validateTopicFilter } from '../../engine/topicFilter'
import { i18n } from '../../i18n'
import { translateReason } from '../../i18n/reasons'
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
  /** Shown next to "Undo": "under sensors/#" or the topic. */
  what: Words
}

/**
 * A sentence in the UI language of the moment it is shown: the store keeps how to say it, so a
 * language switch re-words a result already on screen.
 */
export type Words = () => string

export interface RetainedResult {
  text: Words
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

const t = i18n.getFixedT(null, 'retained')

/** "Cleared 998 of 1,000 …; 2 failed (a/b, …): not authorized." */
function batchText(
  verb: 'cleared' | 'restored',
  total: number,
  what: Words,
  r: RetainedBatchResult,
): Words {
  return () => {
    const values = { count: total, n: formatCount(total), what: what() }
    if (r.failed === 0)
      return verb === 'cleared'
        ? t('Cleared {{n}} retained messages ({{what}}).', values)
        : t('Restored {{n}} retained messages ({{what}}).', values)
    const part = { ...values, done: formatCount(r.succeeded) }
    const head =
      verb === 'cleared'
        ? t('Cleared {{done}} of {{n}} retained messages ({{what}});', part)
        : t('Restored {{done}} of {{n}} retained messages ({{what}});', part)
    const more =
      r.failedTopics.length > 3
        ? t(' and {{n}} more', { n: formatCount(r.failedTopics.length - 3) })
        : ''
    const failed = {
      failed: formatCount(r.failed),
      topics: r.failedTopics.slice(0, 3).join(', ') + more,
    }
    const tail = r.error
      ? // The worker's reason ends a sentence of its own; this one supplies the stop.
        t('{{failed}} failed ({{topics}}): {{error}}.', {
          ...failed,
          error: translateReason(r.error).replace(/[.。]$/, ''),
        })
      : t('{{failed}} failed ({{topics}}).', failed)
    return `${head} ${tail}`
  }
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
    what: Words,
    note?: Words,
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
        text: note
          ? () => `${batchText('cleared', backup.length, what, r)()} ${note()}`
          : batchText('cleared', backup.length, what, r),
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
        set({
          result: {
            text: () =>
              t('Cannot scan “{{filter}}”: {{reason}}', {
                filter,
                reason: translateReason(invalid),
              }),
            error: true,
          },
        })
        return
      }
      if (filter.startsWith('$share/')) {
        const plain = filter.split('/').slice(2).join('/')
        set({
          result: {
            text: () =>
              t('A shared subscription receives no retained messages: scan {{filter}} instead.', {
                filter: plain,
              }),
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
        const reason = r.reason
        set({
          busy: undefined,
          progress: undefined,
          result: { text: () => translateReason(reason), error: true },
        })
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
                text: () =>
                  t(
                    'No retained messages under {{filter}}. (A broker that forbids reading a topic hides its retained message too.)',
                    { filter },
                  ),
                error: false,
              }
            : {
                text: () =>
                  t('Found {{n}} retained messages ({{size}}) under {{filter}}.', {
                    count: r.messages.length,
                    n: formatCount(r.messages.length),
                    size: formatBytes(r.bytes),
                    filter,
                  }),
                error: false,
              },
      })
    },

    clearAll: async () => {
      const { list, listSession, listFilter, busy } = get()
      if (busy || !list || !listSession || list.length === 0) return
      await clear(listSession, list, () => t('under {{filter}}', { filter: listFilter }))
    },

    clearOne: async (topic) => {
      const { list, listSession, busy } = get()
      const message = list?.find((m) => m.topic === topic)
      if (busy || !listSession || !message) return
      await clear(listSession, [message], () => topic)
    },

    clearFromDetails: async (topicId, topic, qos) => {
      if (get().busy) return
      const session = getSession()
      // The worker's copy of the last payload is the backup (whole when it arrived while the
      // topic was selected); a retained message carries no more than that.
      const { payload, size } = await session.fetchPayload(topicId)
      const partial: Words | undefined =
        payload.byteLength < size
          ? () =>
              t(
                'The backup holds {{kept}} of {{size}}: the message arrived before the topic was selected.',
                { kept: formatBytes(payload.byteLength), size: formatBytes(size) },
              )
          : undefined
      await clear(session, [{ topic, payload, qos }], () => topic, partial)
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
          text: batchText('restored', backup.messages.length, backup.what, r),
          error: r.failed > 0,
        },
      })
    },
  }
})
