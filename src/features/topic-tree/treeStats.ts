import type { TopicIndex } from '../../store/TopicIndex'

/** Per-node sums over a subtree (the node included), indexed by node id. */
export interface SubtreeAggregates {
  /** Nodes below (descendants, the node itself not counted). */
  descendants: Int32Array
  /** Sum of the own rates (msgs/s) in the subtree. */
  rate: Float64Array
  /** Sum of the own payload bytes/s in the subtree (exact, counted by the worker). */
  bytesRate: Float64Array
  /** Newest message time in the subtree (ms since epoch, 0 = none). */
  lastTs: Float64Array
}

/**
 * Sums rates, byte rates, descendant counts and the newest time over every subtree in
 * one O(n) pass. Node ids grow parents first (the worker creates a parent before its children),
 * so walking ids downwards sees every child before its parent.
 */
export function subtreeAggregates(index: TopicIndex): SubtreeAggregates {
  const n = index.size + 1
  const descendants = new Int32Array(n)
  const rate = new Float64Array(n)
  const bytesRate = new Float64Array(n)
  const lastTs = new Float64Array(n)
  for (let id = n - 1; id >= 1; id--) {
    const own = index.rates[id] ?? 0
    rate[id]! += own
    bytesRate[id]! += index.byteRates[id] ?? 0
    if ((index.lastTs[id] ?? 0) > lastTs[id]!) lastTs[id] = index.lastTs[id]!
    const parent = index.parentOf(id)
    if (parent <= 0) continue
    descendants[parent]! += descendants[id]! + 1
    rate[parent]! += rate[id]!
    bytesRate[parent]! += bytesRate[id]!
    if (lastTs[id]! > lastTs[parent]!) lastTs[parent] = lastTs[id]!
  }
  return { descendants, rate, bytesRate, lastTs }
}

/** One entry of a "busiest" list. */
export interface BusyEntry {
  id: number
  rate: number
  /** Estimated from the last payload size: rate × size. */
  bytesRate: number
}

/** The `k` entries with the highest `score` above 0, highest first (ties: lower id first). */
function topK(
  n: number,
  k: number,
  accept: (id: number) => boolean,
  score: (id: number) => number,
): number[] {
  // A small sorted array: O(n·k) worst case, k ≤ 20, with no allocation per node.
  const best: number[] = []
  const scores: number[] = []
  for (let id = 1; id < n; id++) {
    const s = score(id)
    if (!(s > 0) || !accept(id)) continue
    if (best.length === k && s <= scores[k - 1]!) continue
    let i = best.length
    while (i > 0 && scores[i - 1]! < s) i--
    best.splice(i, 0, id)
    scores.splice(i, 0, s)
    if (best.length > k) {
      best.pop()
      scores.pop()
    }
  }
  return best
}

/** The busiest topics (own rate) and busiest subtrees (summed rate), from the index's rates. */
export function busiest(
  index: TopicIndex,
  topics = 20,
  subtrees = 10,
): { topics: BusyEntry[]; subtrees: BusyEntry[] } {
  const agg = subtreeAggregates(index)
  const n = index.size + 1
  const own = topK(
    n,
    topics,
    () => true,
    (id) => index.rates[id] ?? 0,
  ).map((id) => {
    const rate = index.rates[id] ?? 0
    return { id, rate, bytesRate: index.byteRates[id] ?? 0 }
  })
  const trees = topK(
    n,
    subtrees,
    (id) => index.hasChildren(id),
    (id) => agg.rate[id]!,
  ).map((id) => ({ id, rate: agg.rate[id]!, bytesRate: agg.bytesRate[id]! }))
  return { topics: own, subtrees: trees }
}
