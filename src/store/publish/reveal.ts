/**
 * "Show in topic details" after a publish: finds the topic in the shown connection's tree, opens
 * its branches and selects it, so the details show the message just sent (marked "sent by you").
 */
import type { TopicIndex } from '../TopicIndex'
import { dataStore } from '../dataStore'
import { selectTopic, setExpanded } from '../view'

/** The node of `topic` in `index`, or undefined when no subscription delivered it yet. */
export function findTopic(index: TopicIndex, topic: string): number | undefined {
  let node = 0
  for (const level of topic.split('/')) {
    const next = index.childrenOf(node).find((child) => index.nameOf(child) === level)
    if (next === undefined) return undefined
    node = next
  }
  return node > 0 ? node : undefined
}

/** Selects `topic` in connection `connId`'s tree; false when it is not (yet) in the tree. */
export function revealTopic(connId: string, topic: string): boolean {
  if (dataStore.activeId !== connId) return false
  const index = dataStore.index
  const node = findTopic(index, topic)
  if (node === undefined) return false
  for (let p = index.parentOf(node); p > 0; p = index.parentOf(p)) setExpanded(connId, p, true)
  selectTopic(connId, node)
  return true
}
