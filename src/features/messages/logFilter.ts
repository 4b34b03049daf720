import { topicMatches, validateTopicFilter } from '../../engine/topicFilter'
import { coded, type Coded } from '../../lib/coded'
import type { LogRing } from '../../store/LogRing'

/** What the user typed into the log's two filter boxes. */
export interface LogFilterSpec {
  /** An MQTT filter when it has `+` or `#`, otherwise a case-insensitive substring of the topic. */
  topic: string
  /** A case-insensitive substring of the payload preview, read as UTF-8. */
  text: string
}

/** A compiled filter: which rows match, and a note when the topic box is not what it looks like. */
export interface CompiledLogFilter {
  /** Identifies the filter: a change of key means the matches must be found again. */
  key: string
  matches(topicId: number, topic: string, preview: Uint8Array): boolean
  /** Why a `+`/`#` filter is matched as plain text instead: `log.filterAsText`. */
  note?: Coded
}

const lenient = new TextDecoder('utf-8')

/** The filter of `spec`, or undefined when both boxes are empty (every row matches). */
export function compileLogFilter(spec: LogFilterSpec): CompiledLogFilter | undefined {
  const topic = spec.topic.trim()
  const text = spec.text.trim().toLowerCase()
  if (!topic && !text) return undefined
  let note: Coded | undefined
  let topicTest: ((t: string) => boolean) | undefined
  if (topic) {
    const wildcard = /[+#]/.test(topic)
    const problem = wildcard ? validateTopicFilter(topic) : undefined
    if (wildcard && !problem) topicTest = (t) => topicMatches(topic, t)
    else {
      if (problem) note = coded('log.filterAsText', { problem })
      const needle = topic.toLowerCase()
      topicTest = (t) => t.toLowerCase().includes(needle)
    }
  }
  // The topic test depends on the topic only: remember it per topic id, so a busy log costs one
  // map lookup per row instead of a string match.
  const byTopic = new Map<number, boolean>()
  return {
    key: `${topic}\u0000${text}`,
    note,
    matches(topicId, t, preview) {
      if (topicTest) {
        let ok = byTopic.get(topicId)
        if (ok === undefined) {
          ok = topicTest(t)
          byTopic.set(topicId, ok)
        }
        if (!ok) return false
      }
      return !text || lenient.decode(preview).toLowerCase().includes(text)
    },
  }
}

/**
 * The rows of a log ring that match a filter, kept up to date incrementally: each call scans
 * only the rows appended since the last one and forgets matches that left the ring, so a busy
 * log costs O(new rows) per frame, not a rescan of the 10 000 rows held.
 */
export class LogMatches {
  #ring: LogRing | undefined
  #key = ''
  /** Absolute indices of matching rows, oldest first; entries before `#head` have left the ring. */
  #rows: number[] = []
  #head = 0
  /** The next absolute index to scan. */
  #scanned = 0
  /** Matches found since the last start-over, those that left the ring included. */
  #found = 0

  /**
   * Brings the matches up to `end` (exclusive) of `ring`. A new ring (a new connection, or a tab
   * switch) or a new filter starts over.
   */
  update(
    ring: LogRing,
    filter: CompiledLogFilter,
    topicOf: (topicId: number) => string,
    end: number,
  ): void {
    if (ring !== this.#ring || filter.key !== this.#key || end < this.#scanned) {
      this.#ring = ring
      this.#key = filter.key
      this.#rows = []
      this.#head = 0
      this.#scanned = ring.first
      this.#found = 0
    }
    const first = ring.first
    for (let i = Math.max(this.#scanned, first); i < end; i++) {
      const row = ring.row(i)
      if (row && filter.matches(row.topicId, topicOf(row.topicId), row.preview)) {
        this.#rows.push(i)
        this.#found++
      }
    }
    this.#scanned = Math.max(this.#scanned, end)
    while (this.#head < this.#rows.length && this.#rows[this.#head]! < first) this.#head++
    // Compact now and then, so the array does not keep every match ever seen.
    if (this.#head > 4096 && this.#head * 2 > this.#rows.length) {
      this.#rows = this.#rows.slice(this.#head)
      this.#head = 0
    }
  }

  /** Matches found since the filter or the ring last changed (a running total: the flood's rate). */
  get found(): number {
    return this.#found
  }

  /** Matching rows held. */
  get count(): number {
    return this.#rows.length - this.#head
  }

  /** Absolute index of the i-th matching row (0 = oldest). */
  at(i: number): number {
    return this.#rows[this.#head + i]!
  }
}
