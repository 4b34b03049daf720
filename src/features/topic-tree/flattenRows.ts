import type { TopicIndex } from '../../store/TopicIndex'
import type { TreeSort } from '../../store/treeViewStore'
import { TreeFilter } from './treeFilter'
import { subtreeAggregates } from './treeStats'

/** The visible rows of the tree, in display order. */
export interface FlatRows {
  ids: number[]
  depths: number[]
  /** 1-based position among siblings and the sibling count (aria-posinset / aria-setsize). */
  positions: number[]
  setSizes: number[]
  /** With a filter: ids shown expanded because a match lies below them. */
  forcedOpen: ReadonlySet<number>
  /** With a filter: how many topics match. */
  matches: number
  /** Nodes below each node, by node id (for "12 topics"); the index's own, kept on insert. */
  descendants: Int32Array
}

export interface FlattenOptions {
  /** Sibling order; "name" (the default) is the index's natural order. */
  sort?: TreeSort
  /** A substring filter also matches the last value preview (not for `+`/`#` filters). */
  searchValues?: boolean
  /** The text of a node's last value preview; UTF-8 of the preview bytes by default. */
  previewText?: (id: number) => string
}

/**
 * Flattens the expanded part of the tree into rows for a virtual list. With a filter, only
 * matching topics and their ancestors are shown, expanded so every match is in view. `filter` is
 * the text (tested here, in one go) or a TreeFilter the caller advanced in slices (TopicTree
 * does, so 100 000 topics never block the page). Siblings are sorted by `sort`: subtree
 * messages, subtree rate or newest message in the subtree, highest first, ties in natural order.
 * Cost: O(v log v) for v visible rows, plus one O(n) pass for the rate and recency sorts only.
 */
export function flattenRows(
  index: TopicIndex,
  expanded: ReadonlySet<number>,
  filter: string | TreeFilter,
  options: FlattenOptions = {},
): FlatRows {
  const sort = options.sort ?? 'name'
  const rows: FlatRows = {
    ids: [],
    depths: [],
    positions: [],
    setSizes: [],
    forcedOpen: new Set(),
    matches: 0,
    descendants: index.descendants,
  }
  let scan: TreeFilter | undefined
  if (typeof filter !== 'string') scan = filter.text ? filter : undefined
  else if (filter.trim()) {
    scan = new TreeFilter(index, filter, options.searchValues === true, options.previewText)
    scan.advance()
  }
  const forced = new Set<number>()
  if (scan) {
    rows.matches = scan.matches
    rows.forcedOpen = forced
  }
  // Only the rate and recency sorts need sums over subtrees: one O(n) pass, then.
  const agg = sort === 'rate' || sort === 'recent' ? subtreeAggregates(index) : undefined
  const key: ((id: number) => number) | undefined =
    sort === 'messages'
      ? (id) => index.subtree[id] ?? 0
      : sort === 'rate'
        ? (id) => agg!.rate[id]!
        : sort === 'recent'
          ? (id) => agg!.lastTs[id]!
          : undefined
  const walk = (parent: number, depth: number) => {
    const kids = index.childrenOf(parent)
    let shown: readonly number[] = scan ? kids.filter((k) => scan.shows(k)) : kids
    // Array.prototype.sort is stable: equal keys keep the natural order.
    if (key) shown = (scan ? (shown as number[]) : [...kids]).sort((a, b) => key(b) - key(a))
    for (let i = 0; i < shown.length; i++) {
      const id = shown[i]!
      rows.ids.push(id)
      rows.depths.push(depth)
      rows.positions.push(i + 1)
      rows.setSizes.push(shown.length)
      const forcedOpen = scan?.forcesOpen(id) === true
      if (forcedOpen) forced.add(id)
      if (forcedOpen || expanded.has(id)) walk(id, depth + 1)
    }
  }
  walk(0, 1)
  return rows
}

/** How many branches "Expand all" opens at most (a huge tree would make millions of rows). */
export const EXPAND_ALL_LIMIT = 5_000

/**
 * The branches "Expand all" opens: breadth-first from the top, at most `limit`. `capped` says
 * that more branches exist than were opened.
 */
export function expandAllIds(
  index: TopicIndex,
  limit = EXPAND_ALL_LIMIT,
): { ids: Set<number>; capped: boolean; branches: number } {
  const ids = new Set<number>()
  let branches = 0
  const queue: number[] = [0]
  for (let q = 0; q < queue.length; q++) {
    for (const id of index.childrenOf(queue[q]!)) {
      if (!index.hasChildren(id)) continue
      branches++
      if (ids.size < limit) ids.add(id)
      queue.push(id)
    }
  }
  return { ids, capped: branches > ids.size, branches }
}
