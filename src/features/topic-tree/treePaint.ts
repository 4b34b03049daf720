import { FILTER_SLICE_MS } from '../../engine/budgets'
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

  /** Records what a render put on screen (called while rendering). */
  drawn(index: TopicIndex, visible: readonly number[], scanVersion: number): void {
    this.#index = index
    this.#frame = index.frame
    this.#visible = visible
    this.#scanVersion = scanVersion
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

  /**
   * Moves the ages ("3 s ago") and "fresh" marks of the rows on screen on with the clock, straight
   * in the DOM: no render, and nothing written for a row whose text and mark read the same (once
   * every age is in minutes, a tick writes nothing at all).
   */
  static tickClock(
    root: HTMLElement,
    index: TopicIndex,
    now: number,
    ageText: (ms: number) => string,
  ): void {
    for (const row of root.querySelectorAll<HTMLElement>('[data-node]')) {
      const id = Number(row.dataset.node)
      if ((index.counts[id] ?? 0) === 0) continue
      const ms = Math.max(0, now - (index.lastTs[id] ?? 0))
      // The text node React made: replaced, React would keep writing to a detached one.
      const text = row.querySelector('.node-age')?.firstChild
      const age = ageText(ms)
      if (text && text.nodeValue !== age) text.nodeValue = age
      const fresh = ms < 1000
      if (row.classList.contains('fresh') !== fresh) row.classList.toggle('fresh', fresh)
    }
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
