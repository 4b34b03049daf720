import type { QoS } from '../../wire/mqtt'
import type { SeriesSource } from '../../wire/frame'
import type { ConnectionForm } from '../../store/appStore'
import { chartParam } from '../../store/chartsStore'

/** What a shareable link carries: never a password, and no client id (two tabs with one id push each other off). */
export interface LinkState {
  form: Pick<ConnectionForm, 'url' | 'version' | 'username'>
  subscriptions: readonly { filter: string; qos: QoS }[]
  series: readonly SeriesSource[]
}

/**
 * The deep link for the current view (UI contract: URL parameters): broker URL, version,
 * username, subscriptions with their QoS, charted topics, and connect=1.
 */
export function buildDeepLink(base: string, state: LinkState): string {
  const params = new URLSearchParams()
  params.set('url', state.form.url.trim())
  params.set('v', state.form.version)
  if (state.form.username) params.set('username', state.form.username)
  for (const sub of state.subscriptions) params.append('sub', sub.filter)
  // One `qos` applies to every `sub`: the highest asked for, so no subscription gets less.
  const qos = Math.max(0, ...state.subscriptions.map((s) => s.qos))
  if (qos > 0) params.set('qos', String(qos))
  const charted = new Set<string>()
  for (const source of state.series) {
    const param = chartParam(source)
    if (param && !charted.has(param)) {
      charted.add(param)
      params.append('chart', param)
    }
  }
  params.set('connect', '1')
  return `${base}?${params.toString()}`
}
