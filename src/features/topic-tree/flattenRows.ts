import type { TopicIndex } from '../../store/TopicIndex'
import type { TreeSort } from '../../store/treeViewStore'
import { TreeFilter } from './treeFilter'
import { subtreeAggregates } from './treeStats'

/**
 * The visible rows of the tree, in display order. Typed arrays filled in one pass: with 100 000
 * matching topics the rows are built in a few milliseconds, where four growing arrays took
 * 60–100 ms (a long task at each keystroke of the tree filter).
 */
export interface FlatRows {
  ids: Int32Array
  depths: Int32Array
  /** 1-based position among siblings and the sibling count (aria-posinset / aria-setsize). */
  positions: Int32Array
  setSizes: Int32Array
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
  let scan: TreeFilter | undefined
  if (typeof filter !== 'string') scan = filter.text ? filter : undefined
  else if (filter.trim()) {
    scan = new TreeFilter(index, filter, options.searchValues === true, options.previewText)
    scan.advance()
  }
  // At most one row per node: the index's size bounds the arrays, cut to the rows at the end.
  const capacity = index.size + 1
  const ids = new Int32Array(capacity)
  const depths = new Int32Array(capacity)
  const positions = new Int32Array(capacity)
  const setSizes = new Int32Array(capacity)
  let count = 0
  const forced = new Set<number>()
  const descendants = index.descendants
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
    let kids = index.childrenOf(parent)
    // Array.prototype.sort is stable: equal keys keep the natural order.
    if (key)
      kids = (scan ? kids.filter((k) => scan.shows(k)) : [...kids]).sort((a, b) => key(b) - key(a))
    const filtered = key ? undefined : scan
    // Without a sort the natural order holds: the shown children are counted, not copied.
    let size = kids.length
    if (filtered) {
      size = 0
      for (let i = 0; i < kids.length; i++) if (filtered.shows(kids[i]!)) size++
    }
    let position = 0
    for (let i = 0; i < kids.length; i++) {
      const id = kids[i]!
      if (filtered && !filtered.shows(id)) continue
      ids[count] = id
      depths[count] = depth
      positions[count] = ++position
      setSizes[count] = size
      count++
      const forcedOpen = scan?.forcesOpen(id) === true
      if (forcedOpen) forced.add(id)
      // A leaf is never walked: a typed-array read spares 100 000 matching leaves a Set lookup.
      if (forcedOpen || ((descendants[id] ?? 0) > 0 && expanded.has(id))) walk(id, depth + 1)
    }
  }
  walk(0, 1)
  return {
    ids: ids.subarray(0, count),
    depths: depths.subarray(0, count),
    positions: positions.subarray(0, count),
    setSizes: setSizes.subarray(0, count),
    forcedOpen: scan ? forced : new Set(),
    matches: scan ? scan.matches : 0,
    descendants: index.descendants,
  }
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
