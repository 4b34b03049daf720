import { LOG_RING_ROWS } from '../engine/budgets'
import { KeyedEmitter } from '../lib/KeyedEmitter'
import {
  FLAG_HAS_VALUE,
  type ChartData,
  type Frame,
  type TopicDetail,
  type Totals,
} from '../wire/frame'
import { LogRing } from './LogRing'
import { TopicIndex } from './TopicIndex'

/** What a view can listen to: each frame emits only the keys it changed. */
export type DataKey =
  | 'totals'
  | 'structure'
  | 'stats'
  | 'log'
  | 'detail'
  | 'charts'
  /** A connection that is not shown received a frame (its tab's counters changed). */
  | 'background'

const ZERO_TOTALS: Totals = {
  received: 0,
  bytes: 0,
  dropped: 0,
  rate: 0,
  topics: 0,
  nodes: 0,
  untracked: 0,
}

/** One connection's data plane. */
class DataState {
  index = new TopicIndex()
  log = new LogRing(LOG_RING_ROWS)
  totals: Totals = ZERO_TOTALS
  detail: TopicDetail | undefined
  charts = new Map<string, ChartData>()
  generation = 0
}

/** The connection frames without a connection id belong to (single-connection tests). */
export const DEFAULT_CONN = 'c1'

/**
 * The data plane on the main thread, outside React: per connection the topic index, the message
 * log, the totals, the selected topic's detail and the chart data. Written once per frame by
 * `applyFrame`; views read the ACTIVE connection's fields and subscribe to the keys they show.
 * Frames of background connections are applied too (switching is instant) but wake no view.
 */
export class DataStore {
  readonly events = new KeyedEmitter<DataKey>()
  #states = new Map<string, DataState>([[DEFAULT_CONN, new DataState()]])
  #activeId = DEFAULT_CONN
  #active: DataState = this.#states.get(DEFAULT_CONN)!

  get index(): TopicIndex {
    return this.#active.index
  }
  get log(): LogRing {
    return this.#active.log
  }
  get totals(): Totals {
    return this.#active.totals
  }
  get detail(): TopicDetail | undefined {
    return this.#active.detail
  }
  /** The latest downsampled data of each chart on screen, by chart id. */
  get charts(): Map<string, ChartData> {
    return this.#active.charts
  }
  get generation(): number {
    return this.#active.generation
  }
  get activeId(): string {
    return this.#activeId
  }

  /** Totals of any connection (for its tab). */
  totalsOf(connId: string): Totals {
    return this.#states.get(connId)?.totals ?? ZERO_TOTALS
  }

  subscribe = (key: DataKey, listener: () => void): (() => void) =>
    this.events.subscribe(key, listener)

  #state(connId: string): DataState {
    let state = this.#states.get(connId)
    if (!state) {
      state = new DataState()
      this.#states.set(connId, state)
    }
    return state
  }

  /** Shows connection `connId`: every view re-reads its data at once. */
  setActive(connId: string): void {
    this.#activeId = connId
    this.#active = this.#state(connId)
    for (const key of ALL_KEYS) this.events.emit(key)
  }

  /** Forgets a closed connection's data. */
  drop(connId: string): void {
    if (connId !== this.#activeId) this.#states.delete(connId)
  }

  /** Applies one frame from the session: one synchronous pass, then the changed keys are emitted. */
  applyFrame(frame: Frame): void {
    const connId = frame.connId ?? this.#activeId
    const state = this.#state(connId)
    if (frame.generation < state.generation) return
    const changed = new Set<DataKey>()
    if (!sameTotals(state.totals, frame.totals)) changed.add('totals')
    if (frame.reset || frame.generation > state.generation) {
      state.generation = frame.generation
      state.index = new TopicIndex()
      state.log = new LogRing(LOG_RING_ROWS)
      state.detail = undefined
      for (const key of ['structure', 'stats', 'log', 'detail'] as const) changed.add(key)
    }
    state.totals = frame.totals
    state.index.nextFrame()
    if (frame.inserts.ids.length > 0) {
      state.index.insert(frame.inserts)
      changed.add('structure')
    }
    if (frame.stats.ids.length > 0) {
      state.index.applyStats(frame.stats, FLAG_HAS_VALUE)
      changed.add('stats')
    }
    if (frame.log.topicIds.length > 0) {
      state.log.append(frame.log)
      changed.add('log')
    }
    if (frame.detail) {
      state.detail = frame.detail
      changed.add('detail')
    }
    if (frame.charts) {
      const charts = new Map<string, ChartData>()
      for (const chart of frame.charts) charts.set(chart.chartId, chart)
      state.charts = charts
      changed.add('charts')
    }
    // Tabs show every connection's totals; the other keys concern the active connection only.
    if (connId !== this.#activeId) {
      if (changed.has('totals')) this.events.emit('background')
      return
    }
    for (const key of changed) this.events.emit(key)
  }

  /** Forgets the selected topic's detail (a new selection is on its way). */
  clearDetail(): void {
    this.#active.detail = undefined
    this.events.emit('detail')
  }
}

/** True when two totals read the same (a frame that changed only charts wakes no counter). */
function sameTotals(a: Totals, b: Totals): boolean {
  return (
    a.received === b.received &&
    a.rate === b.rate &&
    a.dropped === b.dropped &&
    a.topics === b.topics &&
    a.nodes === b.nodes &&
    a.bytes === b.bytes &&
    a.untracked === b.untracked &&
    a.brokerDropped === b.brokerDropped &&
    a.limitRate === b.limitRate
  )
}

const ALL_KEYS: readonly DataKey[] = ['totals', 'structure', 'stats', 'log', 'detail', 'charts']

/** The app's one data store. */
export const dataStore = new DataStore()
