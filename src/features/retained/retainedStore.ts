import { RETAINED_CONFIRM_ABOVE } from '../../engine/budgets'
import { topicMatches, validateTopicFilter } from '../../engine/topicFilter'
import { i18n } from '../../i18n'
import { word } from '../../i18n/word'
import { coded, type Coded } from '../../lib/coded'
import { formatBytes, formatCount } from '../../lib/format'
import { perConnection } from '../../store/perConnection'
import { channel } from '../../store/sessions'
import type { QoS } from '../../wire/mqtt'
import type {
  RetainedBatchResult,
  RetainedMessage,
  RetainedPhase,
  RetainedProgress,
} from '../../wire/retained'

/** What the last clear removed, for "Undo" (on the connection it was cleared on). */
export interface RetainedBackup {
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

/** The retained-message manager of one connection. */
export interface RetainedConn {
  filter: string
  busy: RetainedPhase | undefined
  progress: RetainedProgress | undefined
  /** The last scan, minus what was cleared since; undefined before the first scan. */
  list: RetainedMessage[] | undefined
  /** The filter of `list`. */
  listFilter: string
  /** Why the last scan stopped early (a budget), or that it may be incomplete. */
  cut: Coded | undefined
  backup: RetainedBackup | undefined
  result: RetainedResult | undefined
  /** "Clear all" of more than RETAINED_CONFIRM_ABOVE waits for the user's confirmation. */
  confirming: boolean
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
          error: word(r.error).replace(/[.。]$/, ''),
        })
      : t('{{failed}} failed ({{topics}}).', failed)
    return `${head} ${tail}`
  }
}

function sortByTopic(list: RetainedMessage[]): RetainedMessage[] {
  return list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))
}

const INITIAL: RetainedConn = {
  filter: '#',
  busy: undefined,
  progress: undefined,
  list: undefined,
  listFilter: '',
  cut: undefined,
  backup: undefined,
  result: undefined,
  confirming: false,
}

/**
 * The retained-message manager's state per connection: the filter, the last scan, the running
 * job with its progress, the backup of the last clear and the result line. Every call goes to
 * the connection whose manager it is, so a list scanned on one tab is cleared on that broker.
 */
export const retained = perConnection<RetainedConn>(INITIAL)

/** Connection `id`'s retained-message actions. */
export function retainedActions(id: string) {
  const set = (patch: Partial<RetainedConn>) => retained.patch(id, patch)
  const get = () => retained.get(id)
  const progress = (p: RetainedProgress) => set({ progress: p })
  /** Why a job ended without an answer: its connection was closed. */
  const closed = (): RetainedBatchResult => ({
    succeeded: 0,
    failed: 0,
    failedTopics: [],
    error: coded('retained.closed'),
  })
  /** Runs a clear; on success the backup replaces the previous one. */
  const clear = async (backup: RetainedMessage[], what: Words, note?: Words): Promise<void> => {
    set({ busy: 'clear', progress: { phase: 'clear', done: 0, total: backup.length, bytes: 0 } })
    const topics = backup.map((m) => m.topic)
    const r = await channel()
      .call(id, 'retainedClear', { topics }, { onProgress: progress })
      .result.catch(closed)
    const failed = new Set(r.failedTopics)
    const cleared = backup.filter((m) => !failed.has(m.topic))
    const gone = new Set(cleared.map((m) => m.topic))
    const { list } = get()
    set({
      busy: undefined,
      progress: undefined,
      // Cleared topics leave the list; failed ones stay, so clearing again retries them.
      list: list?.filter((m) => !gone.has(m.topic)),
      ...(cleared.length > 0 ? { backup: { messages: cleared, what } } : {}),
      result: {
        text: note
          ? () => `${batchText('cleared', backup.length, what, r)()} ${note()}`
          : batchText('cleared', backup.length, what, r),
        error: r.failed > 0,
      },
    })
  }

  return {
    setFilter: (filter: string) => set({ filter }),

    scan: async (): Promise<void> => {
      const filter = get().filter.trim()
      const invalid = validateTopicFilter(filter)
      if (invalid) {
        set({
          result: {
            text: () =>
              t('Cannot scan “{{filter}}”: {{reason}}', { filter, reason: word(invalid) }),
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
      set({
        busy: 'scan',
        progress: { phase: 'scan', done: 0, total: 0, bytes: 0 },
        result: undefined,
        confirming: false,
      })
      const r = await channel()
        .call(id, 'retainedScan', { filter }, { onProgress: progress })
        .result.catch(() => ({ ok: false as const, reason: coded('retained.closed') }))
      if (!r.ok) {
        const reason = r.reason
        set({
          busy: undefined,
          progress: undefined,
          result: { text: () => word(reason), error: true },
        })
        return
      }
      set({
        busy: undefined,
        progress: undefined,
        list: sortByTopic(r.messages),
        listFilter: filter,
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

    /**
     * Clears every listed topic. Above RETAINED_CONFIRM_ABOVE the first call only asks for a
     * confirmation (its Undo lives in this page's memory); `confirmed` goes ahead.
     */
    clearAll: async (confirmed = false): Promise<void> => {
      const { list, listFilter, busy } = get()
      if (busy || !list || list.length === 0) return
      if (!confirmed && list.length > RETAINED_CONFIRM_ABOVE) {
        set({ confirming: true })
        return
      }
      set({ confirming: false })
      await clear(list, () => t('under {{filter}}', { filter: listFilter }))
    },

    cancelClearAll: () => set({ confirming: false }),

    clearOne: async (topic: string): Promise<void> => {
      const { list, busy } = get()
      const message = list?.find((m) => m.topic === topic)
      if (busy || !message) return
      await clear([message], () => topic)
    },

    /** Clears a topic from the details view, backed up with the payload the worker kept. */
    clearFromDetails: async (topicId: number, topic: string, qos: QoS): Promise<void> => {
      if (get().busy) return
      // The worker's copy of the last payload is the backup (whole when it arrived while the
      // topic was selected); a retained message carries no more than that.
      const fetched = await channel()
        .call(id, 'fetchPayload', { topicId })
        .result.catch(() => undefined)
      if (!fetched) return
      const { payload, size } = fetched
      const partial: Words | undefined =
        payload.byteLength < size
          ? () =>
              t(
                'The backup holds {{kept}} of {{size}}: the message arrived before the topic was selected.',
                { kept: formatBytes(payload.byteLength), size: formatBytes(size) },
              )
          : undefined
      await clear([{ topic, payload, qos }], () => topic, partial)
    },

    undo: async (): Promise<void> => {
      const { backup, busy } = get()
      if (busy || !backup) return
      set({
        busy: 'restore',
        progress: { phase: 'restore', done: 0, total: backup.messages.length, bytes: 0 },
      })
      const r = await channel()
        .call(id, 'retainedRestore', { messages: backup.messages }, { onProgress: progress })
        .result.catch(closed)
      const failed = new Set(r.failedTopics)
      const restored = backup.messages.filter((m) => !failed.has(m.topic))
      const back = new Set(restored.map((m) => m.topic))
      const { list, listFilter } = get()
      set({
        busy: undefined,
        progress: undefined,
        // What is back is listed again (if it is under the listed filter).
        list: list
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
}
