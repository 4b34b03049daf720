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
   * Moves the ages ("< 1 min ago") and "fresh" marks of the rows on screen on with the clock,
   * straight in the DOM: no render, and nothing written for a row whose text and mark read the
   * same (an age steps at 1 s, 1 min, then each minute: most ticks write nothing at all).
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

/** Work that goes on in slices: `advance(deadline)` returns true when it is all done. */
export interface Sliced {
  advance(deadline: number): boolean
}

/**
 * Runs a TreeFilter to the end in slices of FILTER_SLICE_MS, yielding to the browser between
 * them: the scan, the sort of the levels it opens (TreeFilter.prepareChildren), then the work
 * `then` returns for the finished filter (TopicTree flattens its rows there, RowFlattener), and
 * calls `done`. The render then only takes the rows. Starting another job (or `cancel`) abandons
 * the running one.
 */
export class FilterJob {
  #timer: ReturnType<typeof setTimeout> | undefined

  run(
    filter: TreeFilter,
    done: (filter: TreeFilter) => void,
    then?: (filter: TreeFilter) => Sliced | undefined,
  ): void {
    this.cancel()
    let after: Sliced | undefined
    // 0: the scan, 1: the sort of the levels it opens, 2: `then`'s work, 3: done.
    let phase = 0
    const steps = [
      (deadline: number) => filter.advance(deadline),
      (deadline: number) => filter.prepareChildren(deadline),
      (deadline: number) => after?.advance(deadline) ?? true,
    ]
    const slice = () => {
      this.#timer = undefined
      const deadline = performance.now() + FILTER_SLICE_MS
      const first = phase
      while (phase < steps.length) {
        // A phase that would start late waits for a fresh slice: each step does some work even
        // past the deadline (a level's sort is one piece), which must not pile onto a full one.
        if (phase > first && performance.now() >= deadline) break
        if (!steps[phase]!(deadline)) break
        phase++
        if (phase === 2) after = then?.(filter)
      }
      if (phase === steps.length) done(filter)
      else this.#timer = setTimeout(slice, 0)
    }
    slice()
  }

  cancel(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
