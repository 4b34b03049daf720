import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react'
import { useTranslation } from 'react-i18next'
import { AGE_TICK_MS, FILTER_SLICE_MS, TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { pacedClock } from '../../lib/pacer'
import { formatCount } from '../../lib/format'
import { FLAG_OWN, FLAG_RETAIN } from '../../wire/frame'
import {
  selectExpanded,
  selectSelectedTopicId,
  selectTreeFilter,
  selectShownId,
  useAppStore,
} from '../../store/appStore'
import * as view from '../../store/view'
import { dataStore } from '../../store/dataStore'
import { useDecoderStore } from '../../store/decoderStore'
import {
  selectBusiest,
  selectSearchValues,
  selectTreeSort,
  useTreeViewStore,
} from '../../store/treeViewStore'
import { usePacedData } from '../../store/useData'
import { BusiestTopics } from './BusiestTopics'
import { flattenRows, RowFlattener, RowsMemo, type RowsDeps } from './flattenRows'
import './tree.css'
import { TreeFilter } from './treeFilter'
import { FilterJob, TreePaint } from './treePaint'
import { TreeHead } from './TreeHead'
import { TreeTools } from './TreeTools'
import { age, TreeRow } from './TreeRow'
import { typeAheadTarget, typeAheadText } from './typeAhead'

const ROW_HEIGHT = 24
/**
 * With a sort by messages, rate or last update (or a search of values), rows are re-flattened
 * when stats change, but at most this often, so they do not jump on every frame.
 */
const RESORT_MS = 250

/** How long the spoken match count stays in its live region before it is cleared. */
const ANNOUNCE_MS = 3000

const TREE_KEYS = ['structure', 'stats'] as const

/**
 * The live topic tree (UI contract: "Topic tree"). The visible part is flattened once per
 * structure change and rendered through a virtual list, so 100 000 topics cost as much as 30.
 * It repaints at most every TEXT_ROWS_EVERY_MS, and only when a row on screen changed
 * (TreePaint); rows are memoised, so a repaint renders the changed rows only. The filter runs in
 * slices (TreeFilter, FilterJob), so typing with 100 000 topics never blocks the page.
 * Keyboard follows the WAI-ARIA tree pattern with aria-activedescendant.
 */
export function TopicTree() {
  const expanded = useAppStore(selectExpanded)
  const selected = useAppStore(selectSelectedTopicId)
  const bindings = useDecoderStore((s) => s.bindings)
  // The filter text belongs to the connection; the rows follow it deferred (and the scan runs in
  // slices), so typing stays responsive while a large tree is filtered.
  const typedFilter = useAppStore(selectTreeFilter)
  const filter = useDeferredValue(typedFilter)
  const connId = useAppStore(selectShownId)
  // Stable per connection: the memoised rows take them as props.
  const setExpanded = useCallback(
    (nodeId: number, open: boolean) => view.setExpanded(connId, nodeId, open),
    [connId],
  )
  const selectTopic = useCallback(
    (topicId: number | undefined) => view.selectTopic(connId, topicId),
    [connId],
  )
  const sort = useTreeViewStore(selectTreeSort)
  const searchValues = useTreeViewStore(selectSearchValues)
  const showBusiest = useTreeViewStore(selectBusiest)
  const [paint] = useState(() => new TreePaint())
  const [job] = useState(() => new FilterJob())
  const [growJob] = useState(() => new FilterJob())
  const [rowsMemo] = useState(() => new RowsMemo())
  const [scan, setScan] = useState<TreeFilter | undefined>()
  const [, setGrown] = useState(0)
  const index = dataStore.index
  // The filter's last complete result: until a new filter's scan is done, the previous rows stay.
  const activeScan = filter.trim() !== '' && scan?.index === index ? scan : undefined
  usePacedData(TREE_KEYS, TEXT_ROWS_EVERY_MS, () => {
    const now = dataStore.index
    // New topics are tested against the filter as they come, a slice at a time.
    if (activeScan && activeScan.index === now && !activeScan.done) {
      activeScan.advance(performance.now() + FILTER_SLICE_MS)
      if (!activeScan.done) growJob.run(activeScan, () => setGrown((g) => g + 1))
    }
    return paint.changed(now, expanded, activeScan)
  })
  const scrollRef = useRef<HTMLDivElement>(null)
  const typed = useRef({ text: '', at: 0 })
  const [statsTick, setStatsTick] = useState(0)
  const valueTick = searchValues && filter.trim() !== '' ? statsTick : 0
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

  // `structure` changes whenever topics are added (or the connection resets the index); the
  // resort tick with a stats sort. With the filter, the rows' inputs (RowsMemo).
  const structure = dataStore.events.version('structure')
  const resortTick = statsOrdered ? statsTick : 0
  const rowsDeps: RowsDeps = [index, structure, expanded, sort, searchValues, resortTick]
  // The job reads the inputs of the moment it flattens, not of the moment the filter changed.
  const latest = useRef({ deps: rowsDeps, expanded, sort })
  useEffect(() => {
    latest.current = { deps: rowsDeps, expanded, sort }
  })

  // The filter runs in slices, then its rows are flattened in slices; they show once it is all
  // done (no long task inside the render). A value search runs again as values change (at most
  // every RESORT_MS).
  useEffect(() => {
    if (filter.trim() === '') return
    let ahead: { deps: RowsDeps; flattener: RowFlattener } | undefined
    job.run(
      new TreeFilter(index, filter, searchValues),
      (done) => {
        if (ahead) rowsMemo.prime(ahead.deps, done, ahead.flattener.rows())
        setScan(done)
      },
      (done) => {
        const now = latest.current
        // Rows of a filter that shows the same topics are reused as they are: nothing to do.
        if (now.deps[0] !== index || rowsMemo.lookup(now.deps, done)) return undefined
        ahead = { deps: now.deps, flattener: new RowFlattener(index, now.expanded, done, now.sort) }
        return ahead.flattener
      },
    )
    return () => job.cancel()
  }, [job, rowsMemo, index, filter, searchValues, valueTick])
  useEffect(() => () => growJob.cancel(), [growJob])

  // The ages ("now", "< 1 min ago", "2 min ago") and fresh marks move on while no frame arrives:
  // checked once a second and written straight into the rows on screen, no render. A tick writes
  // nothing unless a row's age steps (at 1 s, 1 min, then each minute), so an idle page lays out
  // nothing in between.
  useEffect(
    () =>
      pacedClock(AGE_TICK_MS, () => {
        const root = scrollRef.current
        if (root) TreePaint.tickClock(root, dataStore.index, Date.now(), (ms) => age(ms, t))
      }),
    [t],
  )

  // New rows when an input changed or the scan found more (its version); flattened ahead by the
  // filter job when the filter changed.
  const scanVersion = activeScan?.version ?? -1
  const rows = rowsMemo.rows(rowsDeps, activeScan, () =>
    flattenRows(index, expanded, activeScan ?? '', { sort, searchValues }),
  )

  const virtualizer = useVirtualizer({
    count: rows.ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows beyond the view on each side: each is laid out and committed in every repaint, seen
    // or not, so few (was 12, twice the rows on screen); enough for a wheel step.
    overscan: 4,
  })

  const activeRow = selected === undefined ? -1 : rows.ids.indexOf(selected)
  // aria-activedescendant may only name a row that exists: the virtual list drops rows scrolled
  // far away, and focusing the tree brings the selected one back (onFocus below).
  const activeRendered =
    activeRow >= 0 && virtualizer.getVirtualItems().some((item) => item.index === activeRow)

  // A topic selected from outside the tree ("Show in topic details", the busiest view, a link)
  // scrolls its row into view: once per selection change, not per render (a scroll write forces
  // a layout). A row already in view does not move.
  useEffect(() => {
    if (activeRow >= 0) virtualizer.scrollToIndex(activeRow, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the selection changes
  }, [selected])

  const move = (row: number) => {
    const target = rows.ids[Math.max(0, Math.min(rows.ids.length - 1, row))]
    if (target === undefined) return
    selectTopic(target)
    virtualizer.scrollToIndex(rows.ids.indexOf(target), { align: 'auto' })
  }

  const isOpen = (nodeId: number) => expanded.has(nodeId) || rows.forcedOpen.has(nodeId)
  const onToggle = setExpanded

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

  const now = Date.now()
  const items = virtualizer.getVirtualItems()
  const visibleIds = items.map((item) => rows.ids[item.index]!)
  paint.drawn(index, visibleIds, scanVersion)
  const empty = rows.ids.length === 0
  // The first rows (a connection's first topics, the first after Clear data) mount in a deferred
  // render, in slices that yield to the browser, as the log's do (#12); later rows render in the
  // paced frame.
  const mounted = useDeferredValue(!empty)
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
      <TreeHead
        headingId={`${id}-h`}
        connId={connId}
        typedFilter={typedFilter}
        filter={filter}
        matches={filter ? rows.matches : 0}
        spoken={spoken.text}
        searchValues={searchValues}
        t={t}
      />
      <TreeTools />
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
      {/* The box that gives the scroller its size (app.css, .scroll-box: a layout root). */}
      <div className="scroll-box">
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
          <div className="tree-rows" style={{ height: virtualizer.getTotalSize() }}>
            {mounted &&
              items.map((item) => {
                const nodeId = rows.ids[item.index]!
                const hasKids = index.hasChildren(nodeId)
                const own = index.counts[nodeId] ?? 0
                const last = index.lastTs[nodeId] ?? 0
                return (
                  <TreeRow
                    key={nodeId}
                    domId={`${id}-n${nodeId}`}
                    nodeId={nodeId}
                    topic={index.topicOf(nodeId)}
                    name={index.nameOf(nodeId)}
                    depth={rows.depths[item.index]!}
                    top={item.start}
                    position={rows.positions[item.index]!}
                    setSize={rows.setSizes[item.index]!}
                    hasKids={hasKids}
                    open={hasKids && isOpen(nodeId)}
                    selected={selected === nodeId}
                    fresh={own > 0 && now - last < 1000}
                    retained={own > 0 && ((index.flags[nodeId] ?? 0) & FLAG_RETAIN) !== 0}
                    mine={own > 0 && ((index.flags[nodeId] ?? 0) & FLAG_OWN) !== 0}
                    preview={own > 0 ? index.previews[nodeId] : undefined}
                    size={index.sizes[nodeId] ?? 0}
                    own={own}
                    total={index.subtree[nodeId] ?? 0}
                    rate={index.rates[nodeId] ?? 0}
                    age={own > 0 ? age(Math.max(0, now - last), t) : ''}
                    lastAt={last}
                    below={rows.topicsBelow[nodeId] ?? 0}
                    bindings={bindings}
                    onSelect={selectTopic}
                    onToggle={onToggle}
                    t={t}
                  />
                )
              })}
          </div>
        </div>
      </div>
    </section>
  )
}
