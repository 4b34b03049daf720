import type { TFunction } from 'i18next'
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
import { useTranslation } from 'react-i18next'
import { previewLine } from '../../codecs/payload'
import { ageParts, formatCount, formatRate } from '../../lib/format'
import { FLAG_RETAIN } from '../../wire/frame'
import {
  selectExpanded,
  selectSelectedTopicId,
  selectTreeFilter,
  selectShownId,
  useAppStore,
} from '../../store/appStore'
import * as view from '../../store/view'
import { dataStore } from '../../store/dataStore'
import { effectiveFormat, useDecoderStore, type DecoderBinding } from '../../store/decoderStore'
import {
  selectBusiest,
  selectSearchValues,
  selectTreeSort,
  TREE_SORTS,
  useTreeViewStore,
  type TreeSort,
} from '../../store/treeViewStore'
import { useDataVersion } from '../../store/useData'
import { BusiestTopics } from './BusiestTopics'
import { EXPAND_ALL_LIMIT, expandAllIds, flattenRows } from './flattenRows'
import './tree.css'
import { typeAheadTarget, typeAheadText } from './typeAhead'

const ROW_HEIGHT = 24
/**
 * With a sort by messages, rate or last update (or a search of values), rows are re-flattened
 * when stats change, but at most this often, so they do not jump on every frame.
 */
const RESORT_MS = 250

/** How long the spoken match count stays in its live region before it is cleared. */
const ANNOUNCE_MS = 3000

/**
 * The live topic tree (UI contract: "Topic tree"). The visible part is flattened once per
 * structure change and rendered through a virtual list, so 100 000 topics cost as much as 30.
 * Keyboard follows the WAI-ARIA tree pattern with aria-activedescendant.
 */
export function TopicTree() {
  const expanded = useAppStore(selectExpanded)
  const selected = useAppStore(selectSelectedTopicId)
  const bindings = useDecoderStore((s) => s.bindings)
  // The filter text belongs to the connection; the rows follow it deferred, so typing stays
  // responsive while a large tree is filtered.
  const typedFilter = useAppStore(selectTreeFilter)
  const filter = useDeferredValue(typedFilter)
  const connId = useAppStore(selectShownId)
  const setExpanded = (nodeId: number, open: boolean) => view.setExpanded(connId, nodeId, open)
  const selectTopic = (topicId: number | undefined) => view.selectTopic(connId, topicId)
  const setTreeFilter = (text: string) => view.setTreeFilter(connId, text)
  const sort = useTreeViewStore(selectTreeSort)
  const searchValues = useTreeViewStore(selectSearchValues)
  const showBusiest = useTreeViewStore(selectBusiest)
  const structure = useDataVersion('structure')
  useDataVersion('stats')
  const scrollRef = useRef<HTMLDivElement>(null)
  const typed = useRef({ text: '', at: 0 })
  const [expandNote, setExpandNote] = useState<string | undefined>()
  const [statsTick, setStatsTick] = useState(0)
  const [, setClock] = useState(0)
  const { t } = useTranslation('topicTree')
  const id = useId()

  // Rows depend on stats only with a stats sort or a value search: throttle those re-flattens.
  const statsOrdered = sort !== 'name' || (searchValues && filter.trim() !== '')
  useEffect(() => {
    if (!statsOrdered) return
    let seen = dataStore.events.version('stats')
    const timer = setInterval(() => {
      const now = dataStore.events.version('stats')
      if (now !== seen) {
        seen = now
        setStatsTick(now)
      }
    }, RESORT_MS)
    return () => clearInterval(timer)
  }, [statsOrdered])

  // "3 s ago" moves on while no frame arrives.
  useEffect(() => {
    const timer = setInterval(() => setClock((c) => c + 1), 1000)
    return () => clearInterval(timer)
  }, [])

  const index = dataStore.index
  // `structure` changes whenever topics are added (or the connection resets the index).
  const rows = useMemo(
    () => flattenRows(index, expanded, filter, { sort, searchValues }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- structure and statsTick are versions
    [index, structure, expanded, filter, sort, searchValues, statsOrdered ? statsTick : 0],
  )

  const virtualizer = useVirtualizer({
    count: rows.ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })

  const activeRow = selected === undefined ? -1 : rows.ids.indexOf(selected)
  // aria-activedescendant may only name a row that exists: the virtual list drops rows scrolled
  // far away, and focusing the tree brings the selected one back (onFocus below).
  const activeRendered =
    activeRow >= 0 && virtualizer.getVirtualItems().some((item) => item.index === activeRow)

  const move = (row: number) => {
    const target = rows.ids[Math.max(0, Math.min(rows.ids.length - 1, row))]
    if (target === undefined) return
    selectTopic(target)
    virtualizer.scrollToIndex(rows.ids.indexOf(target), { align: 'auto' })
  }

  const isOpen = (nodeId: number) => expanded.has(nodeId) || rows.forcedOpen.has(nodeId)

  const expandAll = () => {
    const { ids, capped, branches } = expandAllIds(index)
    view.setExpandedSet(connId, ids)
    setExpandNote(
      capped
        ? t('Expanded the first {{shown}} of {{branches}} branches', {
            shown: formatCount(EXPAND_ALL_LIMIT),
            branches: formatCount(branches),
          })
        : undefined,
    )
  }

  /** `*`: opens every sibling of the current node that has children. */
  const expandSiblings = (current: number | undefined) => {
    const parent = current === undefined ? 0 : Math.max(0, index.parentOf(current))
    const next = new Set(expanded)
    for (const sibling of index.childrenOf(parent)) {
      if (index.hasChildren(sibling)) next.add(sibling)
    }
    view.setExpandedSet(connId, next)
  }

  const typeAhead = (key: string, at: number) => {
    const text = typeAheadText(typed.current.text, typed.current.at, at, key)
    typed.current = { text, at }
    const row = typeAheadTarget(rows.ids.length, (r) => index.nameOf(rows.ids[r]!), activeRow, text)
    if (row >= 0) move(row)
  }

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
      case '*':
        expandSiblings(current)
        break
      default:
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return
        typeAhead(e.key, e.timeStamp)
    }
    e.preventDefault()
  }

  const sortLabels: Record<TreeSort, string> = {
    name: t('Name'),
    messages: t('Messages'),
    rate: t('Rate'),
    recent: t('Last update'),
  }
  const now = Date.now()
  const empty = rows.ids.length === 0
  const matchesText = t('{{n}} matches', { count: rows.matches, n: formatCount(rows.matches) })
  // The count is spoken when the filter (or its scope) changes, not when new topics change it:
  // on a busy broker that happens every frame and would flood a screen reader. Cleared after a
  // while, so browsing reads the count once.
  const query = `${searchValues ? 'v' : 't'}:${filter}`
  const [spoken, setSpoken] = useState({ query, text: '' })
  if (spoken.query !== query)
    setSpoken({
      query,
      // Worded unlike the shown count, so finding that text on the page finds one element.
      text: filter ? t('Topics matching the filter: {{n}}', { n: formatCount(rows.matches) }) : '',
    })
  useEffect(() => {
    if (spoken.text === '') return
    const timer = setTimeout(() => setSpoken((s) => ({ ...s, text: '' })), ANNOUNCE_MS)
    return () => clearTimeout(timer)
  }, [spoken])

  return (
    <section className="panel tree-panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>{t('Topics')}</h2>
        <input
          type="search"
          aria-label={t('Filter topics')}
          placeholder={t('Filter topics (text, + or #)')}
          spellCheck={false}
          value={typedFilter}
          onChange={(e) => setTreeFilter(e.target.value)}
        />
        {filter && <span className="muted">{matchesText}</span>}
        <span className="visually-hidden" aria-live="polite">
          {spoken.text}
        </span>
        <label
          className="tree-option"
          title={t(
            'Also match the last value preview of each topic (its last 256 bytes at most), not the message history',
          )}
        >
          <input
            type="checkbox"
            checked={searchValues}
            onChange={(e) => useTreeViewStore.getState().setSearchValues(e.target.checked)}
          />
          {t('Search values too')}
        </label>
        {searchValues && <span className="muted">{t('(last value preview only)')}</span>}
      </div>
      <div className="panel-head tree-tools">
        <label className="tree-option">
          {t('Sort')}
          <select
            aria-label={t('Sort topics')}
            value={sort}
            onChange={(e) => useTreeViewStore.getState().setSort(e.target.value as TreeSort)}
          >
            {TREE_SORTS.map((o) => (
              <option key={o.value} value={o.value}>
                {sortLabels[o.value]}
              </option>
            ))}
          </select>
        </label>
        {sort !== 'name' && (
          <span className="muted" title={t('Rows are re-sorted at most 4 times a second')}>
            {t('(re-sorted every ¼ s)')}
          </span>
        )}
        <button type="button" className="link" onClick={expandAll}>
          {t('Expand all')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setExpandNote(undefined)
            view.setExpandedSet(connId, new Set<number>())
          }}
        >
          {t('Collapse all')}
        </button>
        {expandNote && <span className="muted">{expandNote}</span>}
        <button
          type="button"
          className="tree-toggle"
          aria-pressed={showBusiest}
          onClick={() => useTreeViewStore.getState().setBusiest(!showBusiest)}
        >
          {t('Busiest topics')}
        </button>
      </div>
      {showBusiest && <BusiestTopics />}
      {/* Outside the tree: a tree may own only treeitems and groups. It describes the empty tree,
          so focusing it still says why nothing is there. */}
      {empty && (
        <p className="empty" id={`${id}-empty`}>
          {filter
            ? t('No topic matches this filter.')
            : t(
                'No topics yet. Connect and subscribe (for example to #); topics appear here as messages arrive.',
              )}
        </p>
      )}
      <div
        ref={scrollRef}
        className="tree-scroll"
        role="tree"
        aria-label={t('Topics')}
        aria-describedby={empty ? `${id}-empty` : undefined}
        tabIndex={0}
        aria-activedescendant={activeRendered ? `${id}-n${selected}` : undefined}
        onFocus={(e) => {
          if (e.target === e.currentTarget && activeRow >= 0 && !activeRendered)
            virtualizer.scrollToIndex(activeRow, { align: 'auto' })
        }}
        onKeyDown={onKeyDown}
      >
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
            const last = index.lastTs[nodeId] ?? 0
            const fresh = own > 0 && now - last < 1000
            const below = rows.descendants[nodeId] ?? 0
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
                <span className="node-name">{name === '' ? t('(empty)') : name}</span>
                {preview && (
                  <span className="node-value">
                    {treePreview(preview, size, bindings, index.topicOf(nodeId), t)}
                  </span>
                )}
                {retained && (
                  <span className="badge" title={t('last value was retained')}>
                    {t('retained')}
                  </span>
                )}
                <span className="node-stats">
                  {own > 0 && <span className="node-age">{age(Math.max(0, now - last), t)}</span>}
                  {hasKids && (
                    <span className="node-below" title={t('topics below this level')}>
                      {t('{{n}} topics', { count: below, n: formatCount(below) })}
                    </span>
                  )}
                  {rate > 0 && <span className="node-rate">{formatRate(rate)}/s</span>}
                  <span
                    className="node-count"
                    title={t('{{own}} on this topic, {{total}} including subtopics', {
                      own: formatCount(own),
                      total: formatCount(total),
                    })}
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

/** A row's one-line value: Auto-detected, or the decoder bound to the topic (as in the log). */
function treePreview(
  preview: Uint8Array,
  size: number,
  bindings: readonly DecoderBinding[],
  topic: string,
  t: TFunction<'topicTree'>,
): string {
  return (
    previewLine(preview, size, effectiveFormat('auto', bindings, topic), topic)?.text ??
    t('Sparkplug B, {{n}} bytes', { n: formatCount(size) })
  )
}

/** "3 s ago" in the UI language. */
function age(ms: number, t: TFunction<'topicTree'>): string {
  const { n, unit } = ageParts(ms)
  if (unit === 'now') return t('now')
  if (unit === 's') return t('{{n}} s ago', { n })
  return unit === 'min' ? t('{{n}} min ago', { n }) : t('{{n}} h ago', { n })
}
