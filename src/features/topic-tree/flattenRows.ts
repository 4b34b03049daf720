import { topicMatches } from '../../engine/topicFilter'
import type { TopicIndex } from '../../store/TopicIndex'

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
}

/**
 * Flattens the expanded part of the tree into rows for a virtual list. With a filter, only
 * matching topics and their ancestors are shown, expanded so every match is in view. A filter
 * with `+` or `#` is an MQTT topic filter; otherwise it is a case-insensitive substring.
 */
export function flattenRows(
  index: TopicIndex,
  expanded: ReadonlySet<number>,
  filter: string,
): FlatRows {
  const rows: FlatRows = {
    ids: [],
    depths: [],
    positions: [],
    setSizes: [],
    forcedOpen: new Set(),
    matches: 0,
  }
  const text = filter.trim()
  let visible: Set<number> | undefined
  if (text) {
    visible = new Set<number>()
    const forced = new Set<number>()
    const wildcard = /[+#]/.test(text)
    const needle = text.toLowerCase()
    for (let id = 1; id <= index.size; id++) {
      const topic = index.topicOf(id)
      const hit = wildcard ? topicMatches(text, topic) : topic.toLowerCase().includes(needle)
      if (!hit) continue
      rows.matches++
      visible.add(id)
      for (let p = index.parentOf(id); p > 0 && !forced.has(p); p = index.parentOf(p)) {
        forced.add(p)
        visible.add(p)
      }
    }
    rows.forcedOpen = forced
  }
  const walk = (parent: number, depth: number) => {
    const kids = index.childrenOf(parent)
    const shown = visible ? kids.filter((k) => visible.has(k)) : kids
    for (let i = 0; i < shown.length; i++) {
      const id = shown[i]!
      rows.ids.push(id)
      rows.depths.push(depth)
      rows.positions.push(i + 1)
      rows.setSizes.push(shown.length)
      if (rows.forcedOpen.has(id) || expanded.has(id)) walk(id, depth + 1)
    }
  }
  walk(0, 1)
  return rows
}
