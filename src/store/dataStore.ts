import { LOG_RING_ROWS } from '../engine/budgets'
import { KeyedEmitter } from '../lib/KeyedEmitter'
import {
  FLAG_HAS_VALUE,
  type ChartData,
  type Frame,
  type TopicDetail,
  type Totals,
} from '../mqtt/protocol'
import { LogRing } from './LogRing'
import { TopicIndex } from './TopicIndex'

/** What a view can listen to: each frame emits only the keys it changed. */
export type DataKey = 'totals' | 'structure' | 'stats' | 'log' | 'detail' | 'charts'

const ZERO_TOTALS: Totals = { received: 0, bytes: 0, dropped: 0, rate: 0, topics: 0, untracked: 0 }

/**
 * The data plane on the main thread, outside React: the topic index, the message log, the totals
 * and the selected topic's detail. Written once per frame by `applyFrame`; views subscribe to
 * the keys they show and read the fields directly.
 */
export class DataStore {
  readonly events = new KeyedEmitter<DataKey>()
  index = new TopicIndex()
  log = new LogRing(LOG_RING_ROWS)
  totals: Totals = ZERO_TOTALS
  detail: TopicDetail | undefined
  /** The latest downsampled data of each chart on screen, by chart id. */
  charts = new Map<string, ChartData>()
  generation = 0

  subscribe = (key: DataKey, listener: () => void): (() => void) =>
    this.events.subscribe(key, listener)

  /** Applies one frame from the session: one synchronous pass, then the changed keys are emitted. */
  applyFrame(frame: Frame): void {
    if (frame.generation < this.generation) return
    const changed = new Set<DataKey>(['totals'])
    if (frame.reset || frame.generation > this.generation) {
      this.generation = frame.generation
      this.index = new TopicIndex()
      this.log = new LogRing(LOG_RING_ROWS)
      this.detail = undefined
      for (const key of ['structure', 'stats', 'log', 'detail'] as const) changed.add(key)
    }
    this.totals = frame.totals
    if (frame.inserts.ids.length > 0) {
      this.index.insert(frame.inserts)
      changed.add('structure')
    }
    if (frame.stats.ids.length > 0) {
      this.index.applyStats(frame.stats, FLAG_HAS_VALUE)
      changed.add('stats')
    }
    if (frame.log.topicIds.length > 0) {
      this.log.append(frame.log)
      changed.add('log')
    }
    if (frame.detail) {
      this.detail = frame.detail
      changed.add('detail')
    }
    if (frame.charts) {
      const charts = new Map<string, ChartData>()
      for (const chart of frame.charts) charts.set(chart.chartId, chart)
      this.charts = charts
      changed.add('charts')
    }
    for (const key of changed) this.events.emit(key)
  }

  /** Forgets the selected topic's detail (a new selection is on its way). */
  clearDetail(): void {
    this.detail = undefined
    this.events.emit('detail')
  }
}

/** The app's one data store. */
export const dataStore = new DataStore()
