import type { MessageProperties } from '../wire/mqtt'
import type { HistoryEntries } from '../wire/frame'
import { ensureCapacity } from './GrowableArrays'

/** The bounds of a TopicHistory (the app uses the HISTORY_* budgets). */
export interface HistoryLimits {
  /** Messages kept per topic. */
  perTopic: number
  /** Payload bytes kept per topic (each topic's byte ring grows up to this). */
  topicBytes: number
  /** Bytes of one payload kept (a larger one keeps its first bytes and its real size). */
  entryBytes: number
  /** Entries kept over all topics. */
  maxEntries: number
  /** Bytes of byte rings allocated over all topics. */
  maxBytes: number
}

const NONE = -1
const FIRST_ENTRIES = 4
const FIRST_BYTES = 1024

/**
 * One topic's last messages: metadata in typed arrays and payloads copied into a byte ring, both
 * in arrival order, so that keeping a message allocates nothing (GC pressure at 30 000 msgs/s
 * would cost more than the copy of a small payload). Both rings grow by doubling up to the limits.
 */
class TopicRing {
  ts = new Float64Array(FIRST_ENTRIES)
  sizes = new Uint32Array(FIRST_ENTRIES)
  flags = new Uint8Array(FIRST_ENTRIES)
  offsets = new Uint32Array(FIRST_ENTRIES)
  lengths = new Uint32Array(FIRST_ENTRIES)
  props: (MessageProperties | undefined)[] = []
  /** Slot of the oldest entry, and how many entries follow it. */
  first = 0
  count = 0
  buf: Uint8Array
  /** Payload bytes held (the byte ring may be larger). */
  held = 0

  constructor(bytes: number) {
    this.buf = new Uint8Array(bytes)
  }

  slot(k: number): number {
    return (this.first + k) % this.ts.length
  }

  dropOldest(): void {
    this.held -= this.lengths[this.first]!
    this.props[this.first] = undefined
    this.first = (this.first + 1) % this.ts.length
    this.count--
  }

  /** Doubles the entry arrays (up to `max`), oldest entry first again. */
  growEntries(max: number): void {
    const n = Math.min(this.ts.length * 2, max)
    const order = Array.from({ length: this.count }, (_, k) => this.slot(k))
    const pick = <T extends Float64Array | Uint32Array | Uint8Array>(arr: T, make: T): T => {
      order.forEach((s, k) => (make[k] = arr[s]!))
      return make
    }
    this.ts = pick(this.ts, new Float64Array(n))
    this.sizes = pick(this.sizes, new Uint32Array(n))
    this.flags = pick(this.flags, new Uint8Array(n))
    this.offsets = pick(this.offsets, new Uint32Array(n))
    this.lengths = pick(this.lengths, new Uint32Array(n))
    this.props = order.map((s) => this.props[s])
    this.first = 0
  }

  /** Replaces the byte ring with one of `n` bytes holding the payloads packed from offset 0. */
  growBytes(n: number): void {
    const buf = new Uint8Array(n)
    let at = 0
    for (let k = 0; k < this.count; k++) {
      const s = this.slot(k)
      const len = this.lengths[s]!
      buf.set(this.buf.subarray(this.offsets[s], this.offsets[s]! + len), at)
      this.offsets[s] = at
      at += len
    }
    this.buf = buf
  }

  /** Where `len` bytes fit in the byte ring after dropping the fewest oldest entries. */
  place(len: number): number {
    for (;;) {
      if (this.count === 0) return 0
      const oldest = this.first
      const newest = this.slot(this.count - 1)
      const start = this.offsets[oldest]!
      const end = this.offsets[newest]! + this.lengths[newest]!
      if (start < end || (start === end && this.held === 0)) {
        // Unwrapped: free space after the newest, then before the oldest.
        if (end + len <= this.buf.length) return end
        if (len <= start) return 0
      } else if (end + len <= start) {
        return end
      }
      this.dropOldest()
    }
  }
}

/**
 * The last messages of every topic, bounded per topic (messages and bytes) and over all topics
 * (entries and allocated bytes), so that 100 000 busy topics cannot exhaust the worker's memory.
 * Over the global bounds the topic that was quiet the longest loses its history first (a linked
 * list of topics in order of their last message, kept in typed arrays: O(1) per message).
 */
export class TopicHistory {
  readonly #limits: HistoryLimits
  #rings: (TopicRing | undefined)[] = []
  // Topics by last message: `#newer` / `#older` links, `#quietest` the tail, `#latest` the head.
  #newer = new Int32Array(1024).fill(NONE)
  #older = new Int32Array(1024).fill(NONE)
  #quietest = NONE
  #latest = NONE
  #entries = 0
  #allocated = 0
  #evicted = 0

  constructor(limits: HistoryLimits) {
    this.#limits = limits
  }

  /** Messages dropped by the global bounds (the per-topic bounds are the design, not loss). */
  get evicted(): number {
    return this.#evicted
  }

  /** Bytes of byte rings allocated over all topics. */
  get allocatedBytes(): number {
    return this.#allocated
  }

  /** Entries held over all topics. */
  get entries(): number {
    return this.#entries
  }

  /** Messages held for one topic. */
  countOf(topicId: number): number {
    return this.#rings[topicId]?.count ?? 0
  }

  /**
   * Records a message: copies up to `entryBytes` of `payload` into the topic's byte ring.
   * O(1) amortised; it allocates only when a topic's rings grow.
   */
  add(
    topicId: number,
    ts: number,
    flags: number,
    payload: Uint8Array,
    props: MessageProperties | undefined,
  ): void {
    const { perTopic, topicBytes, entryBytes, maxEntries } = this.#limits
    const len = Math.min(payload.byteLength, entryBytes, topicBytes)
    let ring = this.#rings[topicId]
    if (!ring) {
      this.#growTopics(topicId)
      ring = new TopicRing(Math.min(topicBytes, Math.max(FIRST_BYTES, len)))
      this.#allocated += ring.buf.length
      this.#rings[topicId] = ring
    }
    this.#touch(topicId)
    const before = ring.count
    while (ring.count > 0 && (ring.count >= perTopic || ring.held + len > topicBytes))
      ring.dropOldest()
    if (ring.count === ring.ts.length) ring.growEntries(perTopic)
    if (ring.held + len > ring.buf.length && ring.buf.length < topicBytes) {
      let n = ring.buf.length * 2
      while (n < ring.held + len) n *= 2
      n = Math.min(n, topicBytes)
      this.#allocated += n - ring.buf.length
      ring.growBytes(n)
    }
    const at = ring.place(len)
    const slot = ring.slot(ring.count)
    ring.ts[slot] = ts
    ring.sizes[slot] = payload.byteLength
    ring.flags[slot] = flags
    ring.offsets[slot] = at
    ring.lengths[slot] = len
    ring.props[slot] = props
    ring.buf.set(len === payload.byteLength ? payload : payload.subarray(0, len), at)
    ring.count++
    ring.held += len
    this.#entries += ring.count - before
    while (this.#entries > maxEntries || this.#allocated > this.#limits.maxBytes) {
      if (!this.#evictQuietest(topicId)) break
    }
  }

  /** A topic's messages, newest first: metadata in typed arrays, payloads packed in one buffer. */
  entriesOf(topicId: number): HistoryEntries {
    const ring = this.#rings[topicId]
    const n = ring?.count ?? 0
    const out: HistoryEntries = {
      ts: new Float64Array(n),
      sizes: new Uint32Array(n),
      flags: new Uint8Array(n),
      payloads: { bytes: new Uint8Array(ring?.held ?? 0), offsets: new Uint32Array(n + 1) },
      properties: new Array<MessageProperties | undefined>(n),
    }
    if (!ring) return out
    let at = 0
    for (let i = 0; i < n; i++) {
      const s = ring.slot(n - 1 - i)
      const off = ring.offsets[s]!
      const len = ring.lengths[s]!
      out.ts[i] = ring.ts[s]!
      out.sizes[i] = ring.sizes[s]!
      out.flags[i] = ring.flags[s]!
      out.properties[i] = ring.props[s]
      out.payloads.bytes.set(ring.buf.subarray(off, off + len), at)
      at += len
      out.payloads.offsets[i + 1] = at
    }
    return out
  }

  /** Drops the whole history of the topic quiet the longest (not `keep`); false if none is left. */
  #evictQuietest(keep: number): boolean {
    const victim = this.#quietest
    if (victim === NONE || victim === keep) return false
    const ring = this.#rings[victim]!
    this.#entries -= ring.count
    this.#evicted += ring.count
    this.#allocated -= ring.buf.length
    this.#rings[victim] = undefined
    this.#unlink(victim)
    return true
  }

  /** Makes `topicId` the topic with the latest message. */
  #touch(topicId: number): void {
    if (this.#latest === topicId) return
    if (this.#newer[topicId] !== NONE || this.#quietest === topicId) this.#unlink(topicId)
    this.#older[topicId] = this.#latest
    this.#newer[topicId] = NONE
    if (this.#latest !== NONE) this.#newer[this.#latest] = topicId
    this.#latest = topicId
    if (this.#quietest === NONE) this.#quietest = topicId
  }

  #unlink(topicId: number): void {
    const newer = this.#newer[topicId]!
    const older = this.#older[topicId]!
    if (newer !== NONE) this.#older[newer] = older
    else this.#latest = older
    if (older !== NONE) this.#newer[older] = newer
    else this.#quietest = newer
    this.#newer[topicId] = NONE
    this.#older[topicId] = NONE
  }

  #growTopics(topicId: number): void {
    if (topicId < this.#newer.length) return
    const old = this.#newer.length
    const i32 = (n: number) => new Int32Array(n)
    this.#newer = ensureCapacity(this.#newer, topicId, i32)
    this.#older = ensureCapacity(this.#older, topicId, i32)
    this.#newer.fill(NONE, old)
    this.#older.fill(NONE, old)
  }
}
