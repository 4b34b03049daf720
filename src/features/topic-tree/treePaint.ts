import { FILTER_SLICE_MS } from '../../engine/budgets'
import { ageParts } from '../../lib/format'
import type { TopicIndex } from '../../store/TopicIndex'
import type { TreeFilter } from './treeFilter'

/**
 * What the tree last painted, so a data change can be judged before any render: it repaints only
 * when a row on screen changed, a row was added where it shows (the top level, an open branch,
 * a new match of the filter), or the connection changed. O(rows on screen + open branches).
 */
export class TreePaint {
  #index: TopicIndex | undefined
  #frame = 0
  #scanVersion = -1
  #visible: readonly number[] = []
  #clock = ''

  /** Records what a render put on screen (called while rendering). */
  drawn(index: TopicIndex, visible: readonly number[], scanVersion: number, clock: string): void {
    this.#index = index
    this.#frame = index.frame
    this.#visible = visible
    this.#scanVersion = scanVersion
    this.#clock = clock
  }

  /** True when the frames applied since the last paint change what is on screen. */
  changed(index: TopicIndex, expanded: ReadonlySet<number>, scan: TreeFilter | undefined): boolean {
    if (index !== this.#index) return true
    const since = this.#frame
    if (scan) {
      if (scan.version !== this.#scanVersion) return true
    } else {
      if ((index.childAddedAt[0] ?? 0) > since) return true
      for (const id of expanded) if ((index.childAddedAt[id] ?? 0) > since) return true
    }
    return index.anyChangedSince(this.#visible, since)
  }

  /** True when the ages and "fresh" marks on screen read differently from the last paint. */
  clockChanged(index: TopicIndex, now: number): boolean {
    return index !== this.#index || TreePaint.clockOf(index, this.#visible, now) !== this.#clock
  }

  /** The ages ("3 s ago") and "fresh" marks of rows, as one comparable string. */
  static clockOf(index: TopicIndex, ids: readonly number[], now: number): string {
    let out = ''
    for (const id of ids) {
      if ((index.counts[id] ?? 0) === 0) continue
      const ms = Math.max(0, now - (index.lastTs[id] ?? 0))
      const { n, unit } = ageParts(ms)
      out += `${n}${unit}${ms < 1000 ? '*' : ''},`
    }
    return out
  }
}

/**
 * Runs a TreeFilter to the end in slices of FILTER_SLICE_MS, yielding to the browser between
 * them, then calls `done`. Starting another job (or `cancel`) abandons the running one.
 */
export class FilterJob {
  #timer: ReturnType<typeof setTimeout> | undefined

  run(filter: TreeFilter, done: (filter: TreeFilter) => void): void {
    this.cancel()
    const slice = () => {
      this.#timer = undefined
      if (filter.advance(performance.now() + FILTER_SLICE_MS)) done(filter)
      else this.#timer = setTimeout(slice, 0)
    }
    slice()
  }

  cancel(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
