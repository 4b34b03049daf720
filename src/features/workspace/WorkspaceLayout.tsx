import {
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type RefObject,
  type ReactNode,
} from 'react'
import {
  Group,
  Panel,
  Separator,
  type GroupImperativeHandle,
  type Layout,
  type PanelImperativeHandle,
  type PanelSize,
  useGroupRef,
  usePanelRef,
} from 'react-resizable-panels'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store/appStore'
import { PanelToggles } from './PanelToggles'
import { setRevealer, type Revealable } from './reveal'
import { useWorkspaceStore, type PanelName } from './workspaceStore'
import './workspace.css'

export interface WorkspaceSlots {
  /** Display controls, beside the panel toggles (wide) or the panel tabs (narrow). */
  toolbar: ReactNode
  /** The connection sidebar (connection, subscriptions, publish, profiles). */
  sidebar: ReactNode
  tree: ReactNode
  details: ReactNode
  /** The retained-message manager: below the details in a pane of its own (wide), or under them. */
  retained: ReactNode
  log: ReactNode
  charts: ReactNode
}

/** Below this width the panels stack as tabs (a tablet, a narrow browser window). */
export const NARROW_QUERY = '(max-width: 899.98px)'

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = globalThis.matchMedia?.(query)
      mq?.addEventListener('change', notify)
      return () => mq?.removeEventListener('change', notify)
    },
    () => globalThis.matchMedia?.(query).matches ?? false,
  )
}

/** Resizable panels on a wide window, tabs on a narrow one. */
export function WorkspaceLayout(slots: WorkspaceSlots) {
  const narrow = useMediaQuery(NARROW_QUERY)
  return narrow ? <NarrowTabs {...slots} /> : <WideLayout {...slots} />
}

const TABS = [
  { id: 'tree', label: 'Tree' },
  { id: 'details', label: 'Details' },
  { id: 'log', label: 'Log' },
  { id: 'charts', label: 'Charts' },
  { id: 'connection', label: 'Connection' },
] as const satisfies readonly { id: PanelName; label: string }[]

function NarrowTabs(slots: WorkspaceSlots) {
  const tab = useWorkspaceStore((s) => s.narrowTab)
  const setTab = useWorkspaceStore((s) => s.setNarrowTab)
  const { t } = useTranslation('workspace')
  const content: Record<PanelName, ReactNode> = {
    tree: slots.tree,
    details: (
      <div className="ws-stack">
        {slots.details}
        {slots.retained}
      </div>
    ),
    log: slots.log,
    charts: slots.charts,
    connection: slots.sidebar,
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab)
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i - 1 + TABS.length) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined
    if (!next) return
    e.preventDefault()
    setTab(next.id)
    document.getElementById(`ws-tab-${next.id}`)?.focus()
  }

  return (
    <div className="ws-narrow">
      <div className="ws-bar" role="region" aria-label={t('Workspace controls')}>
        {slots.toolbar}
      </div>
      <div role="tablist" aria-label={t('Panels')} className="ws-tabs" onKeyDown={onKeyDown}>
        {TABS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`ws-tab-${p.id}`}
            aria-selected={tab === p.id}
            aria-controls={`ws-tabpanel-${p.id}`}
            tabIndex={tab === p.id ? 0 : -1}
            onClick={() => setTab(p.id)}
          >
            {t(p.label)}
          </button>
        ))}
      </div>
      {/* Every panel stays mounted (hidden), so a tab switch keeps scroll positions and drafts. */}
      {TABS.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`ws-tabpanel-${t.id}`}
          aria-labelledby={`ws-tab-${t.id}`}
          className="ws-tabpanel"
          hidden={tab !== t.id}
        >
          {content[t.id]}
        </div>
      ))}
    </div>
  )
}

type GroupId = 'outer' | 'rows' | 'top' | 'bottom' | 'side'
type PanelId =
  'sidebar' | 'tree' | 'details' | 'log' | 'charts' | 'top' | 'bottom' | 'view' | 'retained'

/** Row and sibling of each panel inside the workspace. */
const PLACE: Record<
  Exclude<Revealable, 'sidebar' | 'retained'>,
  { row: 'top' | 'bottom'; sibling: PanelId }
> = {
  tree: { row: 'top', sibling: 'details' },
  details: { row: 'top', sibling: 'tree' },
  log: { row: 'bottom', sibling: 'charts' },
  charts: { row: 'bottom', sibling: 'log' },
}

const GROUP_OF: Record<PanelId, GroupId> = {
  sidebar: 'outer',
  top: 'rows',
  bottom: 'rows',
  tree: 'top',
  details: 'top',
  log: 'bottom',
  charts: 'bottom',
  view: 'side',
  retained: 'side',
}

function WideLayout(slots: WorkspaceSlots) {
  const { t } = useTranslation('workspace')
  // Panel sizes are kept per broker URL: the URL of the connection on screen.
  const profile = useAppStore((s) => s.connections[s.shownId]?.form.url.trim() ?? '')
  const saveLayout = useWorkspaceStore((s) => s.saveLayout)
  const outerRef = useGroupRef()
  const rowsRef = useGroupRef()
  const topRef = useGroupRef()
  const bottomRef = useGroupRef()
  const sideRef = useGroupRef()
  const groupRefs: Record<GroupId, RefObject<GroupImperativeHandle | null>> = {
    outer: outerRef,
    rows: rowsRef,
    top: topRef,
    bottom: bottomRef,
    side: sideRef,
  }
  const panelRefs: Record<PanelId, RefObject<PanelImperativeHandle | null>> = {
    sidebar: usePanelRef(),
    top: usePanelRef(),
    bottom: usePanelRef(),
    tree: usePanelRef(),
    details: usePanelRef(),
    log: usePanelRef(),
    charts: usePanelRef(),
    view: usePanelRef(),
    retained: usePanelRef(),
  }
  const groups = (id: GroupId) => groupRefs[id].current
  const panels = (id: PanelId) => panelRefs[id].current
  const [collapsed, setCollapsed] = useState<Partial<Record<PanelId, boolean>>>({})
  // Read once per mount: later profile switches apply their sizes through the groups' API.
  const [initial] = useState(() => useWorkspaceStore.getState().layouts[profile] ?? {})
  const shownProfile = useRef(profile)

  useEffect(() => {
    if (shownProfile.current === profile) return
    shownProfile.current = profile
    const saved = useWorkspaceStore.getState().layouts[profile]
    if (!saved) return
    const refs = { outer: outerRef, rows: rowsRef, top: topRef, bottom: bottomRef, side: sideRef }
    for (const id of ['outer', 'rows', 'top', 'bottom', 'side'] as const) {
      const layout = saved[id]
      if (layout) refs[id].current?.setLayout(layout)
    }
  }, [profile, outerRef, rowsRef, topRef, bottomRef, sideRef])

  const save = (id: GroupId, layout: Layout) => saveLayout(shownProfile.current, id, layout)
  const saveGroupOf = (panel: PanelId) => {
    const id = GROUP_OF[panel]
    const layout = groups(id)?.getLayout()
    if (layout) save(id, layout)
  }
  const onResize = (id: PanelId) => (size: PanelSize) => {
    const isCollapsed = size.asPercentage < 0.5
    setCollapsed((c) => (c[id] === isCollapsed ? c : { ...c, [id]: isCollapsed }))
  }
  const isShown = (id: Revealable): boolean =>
    id === 'sidebar' || id === 'retained'
      ? !collapsed[id]
      : !collapsed[id] && !collapsed[PLACE[id].row]

  // A panel collapsed before a reload has no size to go back to, and would come back at its
  // minimum: it gets its default share instead.
  const expand = (id: PanelId) => {
    const panel = panels(id)
    if (!panel) return
    panel.expand()
    if (id === 'sidebar') {
      if (panel.getSize().inPixels < 300) panel.resize('320px')
    } else if (id === 'retained') {
      if (panel.getSize().asPercentage < 20) panel.resize('30%')
    } else if (panel.getSize().asPercentage < 30) panel.resize('50%')
    saveGroupOf(id)
  }
  const show = (id: Revealable) => {
    if (id === 'sidebar') {
      expand('sidebar')
      return
    }
    // The retained manager sits in the details' pane: that comes on screen first.
    const panel = id === 'retained' ? 'details' : id
    const { row } = PLACE[panel]
    if (collapsed[row]) expand(row)
    if (collapsed[panel]) expand(panel)
    if (id === 'retained' && collapsed.retained) expand('retained')
  }
  const hide = (id: Revealable) => {
    if (id === 'sidebar' || id === 'retained') {
      panels(id)?.collapse()
      saveGroupOf(id)
      return
    }
    const { row, sibling } = PLACE[id]
    const otherRow = row === 'top' ? 'bottom' : 'top'
    // A row with one panel left hides as a whole; the last row on screen stays.
    if (collapsed[sibling]) {
      if (collapsed[otherRow]) return
      panels(row)?.collapse()
      saveGroupOf(row)
    } else {
      panels(id)?.collapse()
      saveGroupOf(id)
    }
  }

  const showRef = useRef(show)
  useEffect(() => {
    showRef.current = show
  })
  useEffect(() => setRevealer((id) => showRef.current(id)), [])

  const groupProps = (id: GroupId) => ({
    id: `ws-${id}`,
    defaultLayout: initial[id],
    onLayoutChanged: (
      layout: Layout,
      meta: { isUserInteraction: boolean; requestedLayout?: Layout },
    ) => {
      // Mounting, a window resize or a profile switch is not a choice to remember.
      if (meta.isUserInteraction) save(id, meta.requestedLayout ?? layout)
    },
  })
  const panelProps = (id: PanelId) => ({
    id,
    onResize: onResize(id),
    collapsible: true,
  })

  /**
   * Details (70 %) above the retained manager (30 %), each in its own pane: a scan's list scrolls in its pane
   * and never takes the details' room (they shared one column, and a scan left details 144 px).
   */
  const detailsCell = () => (
    <Group
      {...groupProps('side')}
      groupRef={groupRefs.side}
      orientation="vertical"
      className="ws-group"
    >
      <Panel {...panelProps('view')} panelRef={panelRefs.view} defaultSize="70%" minSize="30%">
        <div className="ws-panel">{slots.details}</div>
      </Panel>
      <Separator className="ws-separator" aria-label={t('Resize details and retained')} />
      <Panel
        {...panelProps('retained')}
        panelRef={panelRefs.retained}
        defaultSize="30%"
        minSize="80px"
      >
        <div className="ws-panel">{slots.retained}</div>
      </Panel>
    </Group>
  )

  /** One row of the main area: two panels side by side, the left one 52 % by default. */
  const row = (
    id: 'top' | 'bottom',
    left: PanelId & Revealable,
    right: PanelId & Revealable,
    resize: string,
  ) => (
    <Panel {...panelProps(id)} panelRef={panelRefs[id]} minSize="15%">
      <Group
        {...groupProps(id)}
        groupRef={groupRefs[id]}
        orientation="horizontal"
        className="ws-group"
      >
        <Panel {...panelProps(left)} panelRef={panelRefs[left]} defaultSize="52%" minSize="20%">
          <div className="ws-panel">{slots[left]}</div>
        </Panel>
        <Separator className="ws-separator" aria-label={resize} />
        <Panel {...panelProps(right)} panelRef={panelRefs[right]} minSize="20%">
          {right === 'details' ? detailsCell() : <div className="ws-panel">{slots[right]}</div>}
        </Panel>
      </Group>
    </Panel>
  )

  return (
    <div className="ws-wide">
      {/* A landmark, so every control of the page sits in one (axe's "region" rule). */}
      <div className="ws-bar" role="region" aria-label={t('Workspace controls')}>
        <PanelToggles isShown={isShown} onToggle={(id, shown) => (shown ? hide(id) : show(id))} />
        {slots.toolbar}
      </div>
      <Group
        {...groupProps('outer')}
        groupRef={groupRefs.outer}
        orientation="horizontal"
        className="ws-group"
      >
        <Panel
          {...panelProps('sidebar')}
          panelRef={panelRefs.sidebar}
          defaultSize="320px"
          minSize="240px"
          maxSize="50%"
          // A wider window gives its room to the data panels, not to the form.
          groupResizeBehavior="preserve-pixel-size"
        >
          <div className="ws-panel ws-sidebar">{slots.sidebar}</div>
        </Panel>
        <Separator className="ws-separator" aria-label={t('Resize sidebar')} />
        <Panel id="main" minSize="40%">
          <main className="ws-main">
            <Group
              {...groupProps('rows')}
              groupRef={groupRefs.rows}
              orientation="vertical"
              className="ws-group"
            >
              {row('top', 'tree', 'details', t('Resize tree and details'))}
              <Separator className="ws-separator" aria-label={t('Resize top and bottom rows')} />
              {row('bottom', 'log', 'charts', t('Resize log and charts'))}
            </Group>
          </main>
        </Panel>
      </Group>
    </div>
  )
}
