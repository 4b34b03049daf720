import { WorkerHub } from '../mqtt/workerSession'
import { useAppStore } from '../store/appStore'
import { parseChartParam, useChartsStore } from '../store/chartsStore'
import { attachHub } from '../store/bridge'
import { dataStore } from '../store/dataStore'
import { applyLastUsedProfile } from '../store/profilesStore'
import { benchTypedKeys, runBenchCommand, statusTextForBench } from './benchStatus'
import { parseBenchReportUrl, startBenchProbe } from './benchProbe'
import { parseDeepLink } from './urlParams'

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
 * Starts the session worker, applies the deep link (or the local broker's profile) and connects
 * when asked. Runs once, before the first render.
 */
export async function startApp(location: Location): Promise<void> {
  const hub = new WorkerHub()
  hub.onWorkerError = (reason) => {
    for (const connId of useAppStore.getState().connectionIds)
      useAppStore.getState().applyStatus({ type: 'status', state: 'disconnected', reason }, connId)
  }
  attachHub(hub)
  const link = parseDeepLink(location.search)
  const store = useAppStore.getState()
  if (link.url) {
    store.setForm({ url: link.url })
  } else {
    const local = await fetchLocalBroker()
    if (local) {
      store.setForm({
        url: local.url,
        ...(local.protocolVersion === '3.1.1' ? { version: '3.1.1' as const } : {}),
      })
    }
    applyLastUsedProfile() // the profile used last time, when there is one
  }
  if (link.version) store.setForm({ version: link.version })
  if (link.clientId) store.setForm({ clientId: link.clientId })
  if (link.username) store.setForm({ username: link.username })
  for (const filter of link.subs) {
    const problem = store.subscribe(filter, link.qos)
    if (problem) console.warn(`Ignoring sub=${filter} from the link: ${problem}`)
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
  // Chart layouts are kept per profile (the broker URL until saved profiles exist).
  useChartsStore.getState().setProfile(useAppStore.getState().form.url)
  for (const raw of new URLSearchParams(location.search).getAll('chart')) {
    const source = parseChartParam(raw)
    if (source) useChartsStore.getState().addSeries(source)
  }
  if (link.select) selectWhenSeen(link.select)
  if (link.connect) useAppStore.getState().connect()
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
function selectWhenSeen(topic: string): void {
  const tryNow = (): boolean => {
    if (useAppStore.getState().selectedTopicId !== undefined) return true
    const id = findTopicId(topic)
    if (id === undefined) return false
    const { setExpanded, selectTopic } = useAppStore.getState()
    for (let p = dataStore.index.parentOf(id); p > 0; p = dataStore.index.parentOf(p)) {
      setExpanded(p, true)
    }
    selectTopic(id)
    return true
  }
  if (tryNow()) return
  const stop = dataStore.subscribe('structure', () => {
    if (tryNow()) stop()
  })
}
