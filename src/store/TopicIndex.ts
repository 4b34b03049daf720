import { ensureCapacity } from '../engine/GrowableArrays'
import { compareNames } from '../lib/naturalOrder'
import type { TopicStatsDelta, TreeInserts } from '../wire/frame'

/**
 * The main thread's mirror of the worker's topic trie: structure (ids, parents, names) and the
 * latest stats per node in typed arrays. Children are kept in natural order ("room2" before
 * "room10"); new children are merged in lazily, only when a view asks for them.
 */
export class TopicIndex {
  #parent = new Int32Array(1024).fill(-1)
  #names: string[] = ['']
  #children: number[][] = [[]]
  #unsorted = new Map<number, number[]>()
  #paths: (string | undefined)[] = ['']
  counts = new Float64Array(1024)
  subtree = new Float64Array(1024)
  lastTs = new Float64Array(1024)
  rates = new Float32Array(1024)
  /** Payload bytes per second of each topic's own messages (exact, from the worker). */
  byteRates = new Float32Array(1024)
  sizes = new Uint32Array(1024)
  flags = new Uint8Array(1024)
  previews: (Uint8Array | undefined)[] = []
  /** Nodes below each node (kept up to date on insert: O(depth) per new node, not O(n) a frame). */
  descendants = new Int32Array(1024)
  /**
   * Topics below each node that received a message (the levels between them not counted): what
   * a row's "12 topics" says. O(depth) once per topic, at its first message.
   */
  topicsBelow = new Int32Array(1024)
  /**
   * The frame (`frame`) in which each node last changed: its stats, or a child added. A view that
   * remembers the frame it last drew can tell in O(rows on screen) whether any of them changed.
   */
  changedAt = new Uint32Array(1024)
  /** The frame in which each node last got a new child (0 = the top level). */
  childAddedAt = new Uint32Array(1024)
  /** Frames applied so far (stamped into `changedAt`). */
  frame = 0

  /** Starts the next frame's stamp; call once before the frame's inserts and stats. */
  nextFrame(): number {
    return ++this.frame
  }

  /** Number of topic nodes (not counting the root). */
  get size(): number {
    return this.#names.length - 1
  }

  /** Adds nodes the worker created, in its order (parents first). */
  insert(inserts: TreeInserts): void {
    const { ids, parents, names } = inserts
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      const parent = parents[i]!
      this.#grow(id)
      this.#names[id] = names[i] ?? ''
      this.#parent[id] = parent
      this.#children[id] = []
      this.changedAt[id] = this.frame
      this.childAddedAt[Math.max(0, parent)] = this.frame
      for (let p = parent; p > 0; p = this.#parent[p] ?? -1) {
        this.descendants[p]!++
        this.changedAt[p] = this.frame
      }
      let pending = this.#unsorted.get(parent)
      if (!pending) {
        pending = []
        this.#unsorted.set(parent, pending)
      }
      pending.push(id)
    }
  }

  /** Writes the changed stats of one frame. */
  applyStats(stats: TopicStatsDelta, flagHasValue: number): void {
    const { ids, previews } = stats
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      this.changedAt[id] = this.frame
      if (this.counts[id] === 0 && stats.counts[i]! > 0) {
        for (let p = this.#parent[id] ?? -1; p > 0; p = this.#parent[p] ?? -1) {
          this.topicsBelow[p]!++
          this.changedAt[p] = this.frame
        }
      }
      this.counts[id] = stats.counts[i]!
      this.subtree[id] = stats.subtree[i]!
      this.lastTs[id] = stats.lastTs[i]!
      this.rates[id] = stats.rates[i]!
      this.byteRates[id] = stats.byteRates[i]!
      const flags = stats.flags[i]!
      if (flags & flagHasValue) {
        this.sizes[id] = stats.sizes[i]!
        this.flags[id] = flags
        this.previews[id] = previews.bytes.subarray(previews.offsets[i], previews.offsets[i + 1])
      }
    }
  }

  #grow(id: number): void {
    if (id >= this.#parent.length) {
      const grown = new Int32Array(this.#parent.length * 2).fill(-1)
      grown.set(this.#parent)
      this.#parent = grown
    }
    const f64 = (n: number) => new Float64Array(n)
    this.counts = ensureCapacity(this.counts, id, f64)
    this.subtree = ensureCapacity(this.subtree, id, f64)
    this.lastTs = ensureCapacity(this.lastTs, id, f64)
    this.rates = ensureCapacity(this.rates, id, (n) => new Float32Array(n))
    this.byteRates = ensureCapacity(this.byteRates, id, (n) => new Float32Array(n))
    this.sizes = ensureCapacity(this.sizes, id, (n) => new Uint32Array(n))
    this.flags = ensureCapacity(this.flags, id, (n) => new Uint8Array(n))
    this.descendants = ensureCapacity(this.descendants, id, (n) => new Int32Array(n))
    this.topicsBelow = ensureCapacity(this.topicsBelow, id, (n) => new Int32Array(n))
    this.changedAt = ensureCapacity(this.changedAt, id, (n) => new Uint32Array(n))
    this.childAddedAt = ensureCapacity(this.childAddedAt, id, (n) => new Uint32Array(n))
  }

  /** True when a node among `ids` changed after frame `since`. */
  anyChangedSince(ids: ArrayLike<number>, since: number): boolean {
    for (let i = 0; i < ids.length; i++) if ((this.changedAt[ids[i]!] ?? 0) > since) return true
    return false
  }

  /** The children of `id` (0 = the top level) in natural order. */
  childrenOf(id: number): readonly number[] {
    const pending = this.#unsorted.get(id)
    const sorted = this.#children[id] ?? []
    if (!pending) return sorted
    this.#unsorted.delete(id)
    // The collator's order without its cost (naturalOrder.ts): a level of 100 000 new topics is
    // sorted here in one go when a view first opens it.
    const names = this.#names
    const byName = (a: number, b: number) => compareNames(names[a] ?? '', names[b] ?? '')
    pending.sort(byName)
    // Merge two sorted runs: O(n + k), instead of re-sorting n children for k new ones.
    const merged: number[] = new Array<number>(sorted.length + pending.length)
    let i = 0
    let j = 0
    let k = 0
    while (i < sorted.length && j < pending.length) {
      merged[k++] = byName(sorted[i]!, pending[j]!) <= 0 ? sorted[i++]! : pending[j++]!
    }
    while (i < sorted.length) merged[k++] = sorted[i++]!
    while (j < pending.length) merged[k++] = pending[j++]!
    this.#children[id] = merged
    return merged
  }

  hasChildren(id: number): boolean {
    return (this.#children[id]?.length ?? 0) > 0 || this.#unsorted.has(id)
  }

  parentOf(id: number): number {
    return this.#parent[id] ?? -1
  }

  nameOf(id: number): string {
    return this.#names[id] ?? ''
  }

  /** The full topic of a node (cached). */
  topicOf(id: number): string {
    let path = this.#paths[id]
    if (path === undefined) {
      const parent = this.parentOf(id)
      path = parent > 0 ? `${this.topicOf(parent)}/${this.nameOf(id)}` : this.nameOf(id)
      this.#paths[id] = path
    }
    return path
  }

  /** Depth of a node: 1 for top-level nodes. */
  depthOf(id: number): number {
    let depth = 0
    for (let n = id; n > 0; n = this.parentOf(n)) depth++
    return depth
  }
}
