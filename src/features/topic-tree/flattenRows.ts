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
  /** Nodes below each node, by node id; the index's own, kept on insert. */
  descendants: Int32Array
  /** Topics with messages below each node, by node id (for "12 topics"); the index's own. */
  topicsBelow: Int32Array
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
 * In one go; RowFlattener does the same in slices.
 */
export function flattenRows(
  index: TopicIndex,
  expanded: ReadonlySet<number>,
  filter: string | TreeFilter,
  options: FlattenOptions = {},
): FlatRows {
  let scan: TreeFilter | undefined
  if (typeof filter !== 'string') scan = filter.text ? filter : undefined
  else if (filter.trim()) {
    scan = new TreeFilter(index, filter, options.searchValues === true, options.previewText)
    scan.advance()
  }
  const flattener = new RowFlattener(index, expanded, scan, options.sort)
  flattener.advance()
  return flattener.rows()
}

/** How many rows are emitted between two looks at the clock. */
const ROWS_PER_CHECK = 1024

/** One level being walked: its (shown or sorted) children and where the walk is in them. */
interface Level {
  kids: readonly number[]
  next: number
  depth: number
  size: number
  position: number
  /** Children not shown by the filter are skipped (natural order: they were not copied out). */
  skip: TreeFilter | undefined
}

/**
 * flattenRows' walk, resumable: `advance(deadline)` emits rows until the deadline and goes on
 * where it stopped at the next call, so 100 000 matching topics are flattened in slices between
 * the filter's scan and the render (FilterJob) instead of in one long task inside the render.
 * The tree must not change between the slices (the caller checks the structure version).
 */
export class RowFlattener {
  readonly #index: TopicIndex
  readonly #expanded: ReadonlySet<number>
  readonly #scan: TreeFilter | undefined
  readonly #key: ((id: number) => number) | undefined
  readonly #ids: Int32Array
  readonly #depths: Int32Array
  readonly #positions: Int32Array
  readonly #setSizes: Int32Array
  readonly #forced = new Set<number>()
  readonly #stack: Level[] = []
  #count = 0

  constructor(
    index: TopicIndex,
    expanded: ReadonlySet<number>,
    scan: TreeFilter | undefined,
    sort: TreeSort = 'name',
  ) {
    this.#index = index
    this.#expanded = expanded
    this.#scan = scan?.text ? scan : undefined
    // At most one row per node: the index's size bounds the arrays, cut to the rows at the end.
    const capacity = index.size + 1
    this.#ids = new Int32Array(capacity)
    this.#depths = new Int32Array(capacity)
    this.#positions = new Int32Array(capacity)
    this.#setSizes = new Int32Array(capacity)
    // Only the rate and recency sorts need sums over subtrees: one O(n) pass, then.
    const agg = sort === 'rate' || sort === 'recent' ? subtreeAggregates(index) : undefined
    this.#key =
      sort === 'messages'
        ? (id) => index.subtree[id] ?? 0
        : sort === 'rate'
          ? (id) => agg!.rate[id]!
          : sort === 'recent'
            ? (id) => agg!.lastTs[id]!
            : undefined
    this.#enter(0, 1)
  }

  get done(): boolean {
    return this.#stack.length === 0
  }

  #enter(parent: number, depth: number): void {
    const scan = this.#scan
    const key = this.#key
    let kids = this.#index.childrenOf(parent)
    // Array.prototype.sort is stable: equal keys keep the natural order.
    if (key)
      kids = (scan ? kids.filter((k) => scan.shows(k)) : [...kids]).sort((a, b) => key(b) - key(a))
    const skip = key ? undefined : scan
    // Without a sort the natural order holds: the shown children are counted, not copied.
    let size = kids.length
    if (skip) {
      size = 0
      for (let i = 0; i < kids.length; i++) if (skip.shows(kids[i]!)) size++
    }
    this.#stack.push({ kids, next: 0, depth, size, position: 0, skip })
  }

  /** Emits rows until `deadline` (a `now()` value) or the end; returns `done`. */
  advance(deadline = Infinity, now: () => number = () => performance.now()): boolean {
    const stack = this.#stack
    const descendants = this.#index.descendants
    let budget = ROWS_PER_CHECK
    while (stack.length > 0) {
      const level = stack[stack.length - 1]!
      if (level.next >= level.kids.length) {
        stack.pop()
        continue
      }
      const id = level.kids[level.next++]!
      if (level.skip && !level.skip.shows(id)) continue
      const row = this.#count++
      this.#ids[row] = id
      this.#depths[row] = level.depth
      this.#positions[row] = ++level.position
      this.#setSizes[row] = level.size
      const forcedOpen = this.#scan?.forcesOpen(id) === true
      if (forcedOpen) this.#forced.add(id)
      // Depth first: the children come right after their parent. A leaf is never entered: a
      // typed-array read spares 100 000 matching leaves a Set lookup.
      if (forcedOpen || ((descendants[id] ?? 0) > 0 && this.#expanded.has(id)))
        this.#enter(id, level.depth + 1)
      if (--budget === 0) {
        budget = ROWS_PER_CHECK
        if (stack.length > 0 && now() >= deadline) return false
      }
    }
    return true
  }

  /** The rows emitted so far (all of them once `done`). */
  rows(): FlatRows {
    const count = this.#count
    const scan = this.#scan
    return {
      ids: this.#ids.subarray(0, count),
      depths: this.#depths.subarray(0, count),
      positions: this.#positions.subarray(0, count),
      setSizes: this.#setSizes.subarray(0, count),
      forcedOpen: scan ? this.#forced : new Set(),
      matches: scan ? scan.matches : 0,
      descendants: this.#index.descendants,
      topicsBelow: this.#index.topicsBelow,
    }
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

/** What a view's rows were made from, besides the filter: any change makes new rows. */
export type RowsDeps = readonly unknown[]

interface RowsEntry {
  rows: FlatRows
  deps: RowsDeps
  filter: TreeFilter | undefined
  version: number
  tested: number
  matches: number
}

/**
 * The rows a view flattened last, reused while nothing they depend on changed: the same inputs
 * and the same filter at the same version, or a new filter that provably shows the same topics
 * (TreeFilter.narrowsTo: typing "bench/t/" key by key over 100 000 topics that all match would
 * otherwise flatten 100 000 rows and re-measure the virtual list at every key). Rows flattened
 * ahead in slices (FilterJob) are put in with `prime`; two entries are kept, so priming the next
 * filter's rows never evicts the ones on screen.
 */
export class RowsMemo {
  #entries: RowsEntry[] = []

  /** The rows for these inputs, made by `make` unless an entry already holds them. */
  rows(deps: RowsDeps, filter: TreeFilter | undefined, make: () => FlatRows): FlatRows {
    return this.lookup(deps, filter) ?? this.prime(deps, filter, make())
  }

  /** Rows an entry holds for these inputs, if any. */
  lookup(deps: RowsDeps, filter: TreeFilter | undefined): FlatRows | undefined {
    const version = filter?.version ?? -1
    for (const entry of this.#entries) {
      if (entry.deps.length !== deps.length || entry.deps.some((d, i) => d !== deps[i])) continue
      if (entry.filter === filter && entry.version === version) return this.#use(entry)
      if (filter && entry.filter && filter.narrowsTo({ ...entry, filter: entry.filter }))
        return this.#use({ ...entry, filter, version })
    }
    return undefined
  }

  /** Keeps rows made (or flattened ahead) for these inputs. */
  prime(deps: RowsDeps, filter: TreeFilter | undefined, rows: FlatRows): FlatRows {
    const version = filter?.version ?? -1
    const tested = filter?.tested ?? 0
    const matches = filter?.matches ?? 0
    return this.#use({ rows, deps, filter, version, tested, matches })
  }

  #use(entry: RowsEntry): FlatRows {
    this.#entries = [entry, ...this.#entries.filter((e) => e.rows !== entry.rows)].slice(0, 2)
    return entry.rows
  }
}
