/** What a connection's tree and log show: open branches, selection, filter, pause. By id. */
import { connectionOf, patchConnection } from './appStore'
import { dataStore } from './dataStore'
import { channel } from './sessions'

export function setExpanded(id: string, nodeId: number, open: boolean): void {
  patchConnection(id, (c) => {
    if (c.expanded.has(nodeId) === open) return {}
    const expanded = new Set(c.expanded)
    if (open) expanded.add(nodeId)
    else expanded.delete(nodeId)
    return { expanded }
  })
}

/** Replaces the open branches (expand all, collapse all). */
export function setExpandedSet(id: string, expanded: ReadonlySet<number>): void {
  patchConnection(id, { expanded })
}

export function selectTopic(id: string, topicId: number | undefined): void {
  patchConnection(id, { selectedTopicId: topicId })
  if (dataStore.activeId === id) dataStore.clearDetail()
  channel().cast(id, { type: 'select', topicId })
}

export function setTreeFilter(id: string, treeFilter: string): void {
  patchConnection(id, { treeFilter })
}

export function setPaused(id: string, paused: boolean): void {
  if (!connectionOf(id)) return
  patchConnection(id, { paused, pausedAt: dataStore.log.total })
}
