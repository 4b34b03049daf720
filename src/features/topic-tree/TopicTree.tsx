import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react'
import { decodePayload, oneLine } from '../../codecs/payload'
import { formatCount, formatRate } from '../../lib/format'
import { FLAG_RETAIN } from '../../mqtt/protocol'
import {
  selectExpanded,
  selectSelectedTopicId,
  selectTreeFilter,
  useAppStore,
} from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { useDataVersion } from '../../store/useData'
import { flattenRows } from './flattenRows'

const ROW_HEIGHT = 24

/**
 * The live topic tree (UI contract: "Topic tree"). The visible part is flattened once per
 * structure change and rendered through a virtual list, so 100 000 topics cost as much as 30.
 * Keyboard follows the WAI-ARIA tree pattern with aria-activedescendant.
 */
export function TopicTree() {
  const expanded = useAppStore(selectExpanded)
  const selected = useAppStore(selectSelectedTopicId)
  const filter = useAppStore(selectTreeFilter)
  const setExpanded = useAppStore((s) => s.setExpanded)
  const selectTopic = useAppStore((s) => s.selectTopic)
  const setTreeFilter = useAppStore((s) => s.setTreeFilter)
  const structure = useDataVersion('structure')
  useDataVersion('stats')
  const [filterInput, setFilterInput] = useState(filter)
  const deferredFilter = useDeferredValue(filterInput)
  const scrollRef = useRef<HTMLDivElement>(null)
  const id = useId()

  useEffect(() => setTreeFilter(deferredFilter), [deferredFilter, setTreeFilter])

  const index = dataStore.index
  // `structure` changes whenever topics are added (or the connection resets the index).
  const rows = useMemo(
    () => flattenRows(index, expanded, filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- structure is the index's version
    [index, structure, expanded, filter],
  )

  const virtualizer = useVirtualizer({
    count: rows.ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })

  const activeRow = selected === undefined ? -1 : rows.ids.indexOf(selected)

  const move = (row: number) => {
    const target = rows.ids[Math.max(0, Math.min(rows.ids.length - 1, row))]
    if (target === undefined) return
    selectTopic(target)
    virtualizer.scrollToIndex(rows.ids.indexOf(target), { align: 'auto' })
  }

  const isOpen = (nodeId: number) => expanded.has(nodeId) || rows.forcedOpen.has(nodeId)

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = selected
    switch (e.key) {
      case 'ArrowDown':
        move(activeRow + 1)
        break
      case 'ArrowUp':
        move(activeRow < 0 ? 0 : activeRow - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(rows.ids.length - 1)
        break
      case 'ArrowRight':
        if (current === undefined) move(0)
        else if (index.hasChildren(current) && !isOpen(current)) setExpanded(current, true)
        else if (index.hasChildren(current)) move(activeRow + 1)
        break
      case 'ArrowLeft':
        if (current === undefined) break
        if (index.hasChildren(current) && isOpen(current)) setExpanded(current, false)
        else if (index.parentOf(current) > 0) move(rows.ids.indexOf(index.parentOf(current)))
        break
      case 'Enter':
      case ' ':
        if (current !== undefined && index.hasChildren(current))
          setExpanded(current, !isOpen(current))
        break
      default:
        return
    }
    e.preventDefault()
  }

  const now = Date.now()
  const empty = rows.ids.length === 0

  return (
    <section className="panel tree-panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Topics</h2>
        <input
          type="search"
          aria-label="Filter topics"
          placeholder="Filter topics (text, + or #)"
          spellCheck={false}
          value={filterInput}
          onChange={(e) => setFilterInput(e.target.value)}
        />
        {filter && (
          <span className="muted" aria-live="polite">
            {formatCount(rows.matches)} {rows.matches === 1 ? 'match' : 'matches'}
          </span>
        )}
        <button type="button" className="link" onClick={() => useAppStore.getState().collapseAll()}>
          Collapse all
        </button>
      </div>
      <div
        ref={scrollRef}
        className="tree-scroll"
        role="tree"
        aria-label="Topics"
        tabIndex={0}
        aria-activedescendant={activeRow >= 0 ? `${id}-n${selected}` : undefined}
        onKeyDown={onKeyDown}
      >
        {empty && (
          <p className="empty">
            {filter
              ? 'No topic matches this filter.'
              : 'No topics yet. Connect and subscribe (for example to #); topics appear here as messages arrive.'}
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const nodeId = rows.ids[item.index]!
            const depth = rows.depths[item.index]!
            const hasKids = index.hasChildren(nodeId)
            const open = hasKids && isOpen(nodeId)
            const own = index.counts[nodeId] ?? 0
            const total = index.subtree[nodeId] ?? 0
            const preview = own > 0 ? index.previews[nodeId] : undefined
            const size = index.sizes[nodeId] ?? 0
            const retained = own > 0 && ((index.flags[nodeId] ?? 0) & FLAG_RETAIN) !== 0
            const rate = index.rates[nodeId] ?? 0
            const fresh = own > 0 && now - (index.lastTs[nodeId] ?? 0) < 1000
            const name = index.nameOf(nodeId)
            return (
              <div
                key={nodeId}
                id={`${id}-n${nodeId}`}
                role="treeitem"
                aria-level={depth}
                aria-posinset={rows.positions[item.index]}
                aria-setsize={rows.setSizes[item.index]}
                aria-expanded={hasKids ? open : undefined}
                aria-selected={selected === nodeId}
                className={`tree-row${selected === nodeId ? ' selected' : ''}${fresh ? ' fresh' : ''}`}
                style={{
                  transform: `translateY(${item.start}px)`,
                  paddingLeft: 4 + (depth - 1) * 14,
                }}
                onClick={() => selectTopic(nodeId)}
                onDoubleClick={() => hasKids && setExpanded(nodeId, !open)}
              >
                <span
                  className="twisty"
                  aria-hidden="true"
                  onClick={(e) => {
                    e.stopPropagation()
                    if (hasKids) setExpanded(nodeId, !open)
                  }}
                >
                  {hasKids ? (open ? '▾' : '▸') : ''}
                </span>
                <span className="node-name">{name === '' ? '(empty)' : name}</span>
                {preview && (
                  <span className="node-value">
                    {oneLine(decodePayload(preview, 'auto', size).text)}
                  </span>
                )}
                {retained && (
                  <span className="badge" title="last value was retained">
                    retained
                  </span>
                )}
                <span className="node-stats">
                  {rate > 0 && <span className="node-rate">{formatRate(rate)}/s</span>}
                  <span
                    className="node-count"
                    title={`${formatCount(own)} on this topic, ${formatCount(total)} including subtopics`}
                  >
                    {formatCount(total)}
                  </span>
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
