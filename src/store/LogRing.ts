import type { LogRows } from '../wire/frame'

/**
 * The message log on the main thread: a fixed-capacity ring of rows in columns. Rows are
 * addressed by absolute index (0 = first message that reached the log in this connection);
 * `first` is the oldest index still held. Payload previews are views into the frames' buffers.
 */
export class LogRing {
  readonly capacity: number
  #topic: Int32Array
  #ts: Float64Array
  #size: Uint32Array
  #flags: Uint8Array
  #preview: (Uint8Array | undefined)[]
  /** Rows appended so far in this connection; the next row's absolute index. */
  total = 0

  constructor(capacity: number) {
    this.capacity = capacity
    this.#topic = new Int32Array(capacity)
    this.#ts = new Float64Array(capacity)
    this.#size = new Uint32Array(capacity)
    this.#flags = new Uint8Array(capacity)
    this.#preview = new Array<Uint8Array | undefined>(capacity)
  }

  /** Absolute index of the oldest row held. */
  get first(): number {
    return Math.max(0, this.total - this.capacity)
  }

  /** Rows held now. */
  get length(): number {
    return this.total - this.first
  }

  /** Rows pushed out of the ring by newer ones (the ring's budget, not a drop). */
  get evicted(): number {
    return this.first
  }

  append(rows: LogRows): void {
    const n = rows.topicIds.length
    // Only the newest `capacity` rows of a huge frame can survive; skip writing the rest.
    const skip = Math.max(0, n - this.capacity)
    this.total += skip
    for (let i = skip; i < n; i++) {
      const slot = this.total % this.capacity
      this.#topic[slot] = rows.topicIds[i]!
      this.#ts[slot] = rows.ts[i]!
      this.#size[slot] = rows.sizes[i]!
      this.#flags[slot] = rows.flags[i]!
      this.#preview[slot] = rows.previews.bytes.subarray(
        rows.previews.offsets[i],
        rows.previews.offsets[i + 1],
      )
      this.total++
    }
  }

  /** The row at absolute index `index`, or undefined when it was evicted or not yet written. */
  row(index: number): LogRow | undefined {
    if (index < this.first || index >= this.total) return undefined
    const slot = index % this.capacity
    return {
      index,
      topicId: this.#topic[slot]!,
      ts: this.#ts[slot]!,
      size: this.#size[slot]!,
      flags: this.#flags[slot]!,
      preview: this.#preview[slot] ?? new Uint8Array(0),
    }
  }

  clear(): void {
    this.total = 0
    this.#preview.fill(undefined)
  }
}

/** One log row as the view reads it. */
export interface LogRow {
  index: number
  topicId: number
  ts: number
  size: number
  flags: number
  preview: Uint8Array
}
