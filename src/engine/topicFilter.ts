/** MQTT topic and topic-filter rules (MQTT 3.1.1 §4.7, MQTT 5 §4.7), shared by the UI and the worker. */
import { coded, type Coded } from '../lib/coded'

const MAX_TOPIC_BYTES = 65_535
const utf8 = new TextEncoder()

/**
 * Checks a subscription filter and returns what is wrong as a code (area `filter`, worded by the
 * view), or undefined when the broker can accept it. `$share/<group>/<filter>` is accepted (MQTT 5
 * shared subscriptions).
 */
export function validateTopicFilter(filter: string): Coded | undefined {
  if (filter.length === 0) return coded('filter.empty')
  if (utf8.encode(filter).length > MAX_TOPIC_BYTES) return coded('filter.tooLong')
  if (filter.includes('\u0000')) return coded('filter.nul')
  let levels = filter.split('/')
  if (levels[0] === '$share') {
    if (levels.length < 3 || levels[1] === '' || (levels.length === 3 && levels[2] === ''))
      return coded('filter.shareShape')
    if (/[+#]/.test(levels[1] ?? '')) return coded('filter.shareGroup')
    levels = levels.slice(2)
  }
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? ''
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return coded('filter.hashLevel', { filter })
    if (level.includes('+') && level !== '+') return coded('filter.plusLevel', { filter })
  }
  return undefined
}

/**
 * True when `topic` matches `filter` with MQTT wildcard rules. Topics starting with `$` are not
 * matched by a filter starting with a wildcard (MQTT §4.7.2). `$share/group/` is stripped.
 */
export function topicMatches(filter: string, topic: string): boolean {
  let f = filter.split('/')
  if (f[0] === '$share') f = f.slice(2)
  const t = topic.split('/')
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false
  for (let i = 0; i < f.length; i++) {
    const level = f[i]
    if (level === '#') return true
    if (i >= t.length) return false
    if (level !== '+' && level !== t[i]) return false
  }
  return f.length === t.length
}
