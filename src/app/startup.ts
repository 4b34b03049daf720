import { createWorkerChannel } from '../mqtt/workerChannel'
import { connectionOf, setForm, useAppStore } from '../store/appStore'
import type { Connection } from '../store/connection'
import { attachChannel } from '../store/bridge'
import { addSeries, parseChartParam } from '../store/chartsStore'
import { dataStore } from '../store/dataStore'
import { applyStatus, connect } from '../store/lifecycle'
import { applyLastUsedProfile, useProfilesStore } from '../store/profilesStore'
import { adoptLegacyCharts, keepTabsSaved, restoreTabs } from '../store/savedTabs'
import { subscribe } from '../store/subscriptions'
import { selectTopic, setExpanded } from '../store/view'
// Registers the composer's reactions to each connection's status and events.
import '../store/publish/actions'
import { benchTypedKeys, runBenchCommand, statusTextForBench } from './benchStatus'
import { parseBenchReportUrl, startBenchProbe } from './benchProbe'
import { parseDeepLink } from './urlParams'
import { applyCheckLink } from '../store/brokerCheckStore'

/** The default profile `npm start` offers: its server answers this file with the local broker. */
interface LocalBroker {
  url: string
  protocolVersion?: string
}

async function fetchLocalBroker(): Promise<LocalBroker | undefined> {
  try {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), 1500)
    const res = await fetch('./local-broker.json', { signal: controller.signal, cache: 'no-store' })
    clearTimeout(timer)
    if (!res.ok || !res.headers.get('content-type')?.includes('json')) return undefined
    const data = (await res.json()) as Partial<LocalBroker>
    return typeof data.url === 'string'
      ? { url: data.url, protocolVersion: data.protocolVersion }
      : undefined
  } catch {
    return undefined // a plain static deployment has no local broker
  }
}

/**
 * Starts the session worker, restores the open tabs (or applies the deep link, or the local
 * broker's profile) and connects when asked. Runs once, before the first render.
 */
export async function startApp(location: Location): Promise<void> {
  const ch = createWorkerChannel((reason) => {
    for (const id of useAppStore.getState().order)
      applyStatus(id, { type: 'status', state: 'disconnected', reason })
  })
  attachChannel(ch)
  const link = parseDeepLink(location.search)
  const charts = new URLSearchParams(location.search).getAll('chart')
  const hasLink = link.url !== undefined || link.subs.length > 0 || charts.length > 0
  // A deep link sets up the view it describes; otherwise the tabs of the last visit come back.
  const restored = !hasLink && restoreTabs().restored
  keepTabsSaved((notice) =>
    console.warn(`mqtt-scope: the open tabs were not saved (${notice.code}).`),
  )
  const id = useAppStore.getState().shownId
  // Asked at every start, not only for the first form: the "Local broker (npm start)" preset
  // must point where this server's broker is, whatever port it was started with.
  const localBroker = fetchLocalBroker().then((local) => {
    if (local)
      useProfilesStore.getState().announceLocalBroker({
        url: local.url,
        version: local.protocolVersion === '5' ? '5' : '3.1.1',
      })
    return local
  })
  if (link.url) {
    setForm(id, { url: link.url })
  } else if (!restored) {
    // The page is already on screen while the answer comes (up to 1.5 s): what the user did with
    // the tab meanwhile (typed a URL, connected, subscribed) wins over these defaults.
    const before = connectionOf(id)
    const local = await localBroker
    if (untouched(id, before)) {
      if (local) {
        setForm(id, {
          url: local.url,
          ...(local.protocolVersion === '3.1.1' ? { version: '3.1.1' as const } : {}),
        })
      }
      applyLastUsedProfile() // the profile used last time, when there is one
    }
  }
  if (link.version) setForm(id, { version: link.version })
  if (link.clientId) setForm(id, { clientId: link.clientId })
  if (link.username) setForm(id, { username: link.username })
  for (const filter of link.subs) {
    const problem = subscribe(id, filter, link.qos)
    if (problem) console.warn(`Ignoring sub=${filter} from the link: ${problem.code}`)
  }
  const bench = parseBenchReportUrl(new URLSearchParams(location.search).get('bench'))
  if (bench) {
    startBenchProbe(
      bench,
      () => ({
        received: dataStore.totals.received,
        dropped: dataStore.totals.dropped,
        status: statusTextForBench(),
        typed: benchTypedKeys(),
      }),
      runBenchCommand,
    )
  }
  if (!restored) adoptLegacyCharts(id)
  for (const raw of charts) {
    const source = parseChartParam(raw)
    if (source) addSeries(id, source)
  }
  if (link.select) selectWhenSeen(id, link.select)
  if (link.connect) connect(id)
  // `?check=…`: a broker-check link opens the check set up (it never touches the connection).
  applyCheckLink(location.search)
}

/**
 * Whether the first tab is still as it was at `before`, shown, and its form, subscriptions and
 * status the same objects: the store replaces each on any change, the user's included.
 */
function untouched(id: string, before: Connection | undefined): boolean {
  const now = connectionOf(id)
  return (
    now !== undefined &&
    before !== undefined &&
    now.form === before.form &&
    now.subscriptions === before.subscriptions &&
    now.status === before.status &&
    useAppStore.getState().shownId === id
  )
}

/** The id of `topic` in the active connection's topic index, if it has been seen. */
function findTopicId(topic: string): number | undefined {
  const index = dataStore.index
  let id = 0
  for (const level of topic.split('/')) {
    const child = index.childrenOf(id).find((c) => index.nameOf(c) === level)
    if (child === undefined) return undefined
    id = child
  }
  return id
}

/**
 * The `select` link parameter: selects the topic (and opens its ancestors in the tree) once it
 * appears, through the store's public actions. Watches new topics only until then, and gives up
 * if the user selects something first: their choice wins over the link.
 */
function selectWhenSeen(connId: string, topic: string): void {
  const tryNow = (): boolean => {
    // The link's connection is no longer shown, or the user chose first: the link is done.
    if (dataStore.activeId !== connId) return true
    if (connectionOf(connId)?.selectedTopicId !== undefined) return true
    const id = findTopicId(topic)
    if (id === undefined) return false
    for (let p = dataStore.index.parentOf(id); p > 0; p = dataStore.index.parentOf(p)) {
      setExpanded(connId, p, true)
    }
    selectTopic(connId, id)
    return true
  }
  if (tryNow()) return
  const stop = dataStore.subscribe('structure', () => {
    if (tryNow()) stop()
  })
}
