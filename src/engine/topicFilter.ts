/** MQTT topic and topic-filter rules (MQTT 3.1.1 §4.7, MQTT 5 §4.7), shared by the UI and the worker. */

const MAX_TOPIC_BYTES = 65_535
const utf8 = new TextEncoder()

/**
 * Checks a subscription filter and returns a sentence saying what is wrong, or undefined when the
 * broker can accept it. `$share/<group>/<filter>` is accepted (MQTT 5 shared subscriptions).
 */
export function validateTopicFilter(filter: string): string | undefined {
  if (filter.length === 0) return 'Enter a topic filter, for example sensors/# or #.'
  if (utf8.encode(filter).length > MAX_TOPIC_BYTES)
    return 'A topic filter may be at most 65,535 bytes of UTF-8.'
  if (filter.includes('\u0000')) return 'A topic filter may not contain the NUL character.'
  let levels = filter.split('/')
  if (levels[0] === '$share') {
    if (levels.length < 3 || levels[1] === '' || (levels.length === 3 && levels[2] === ''))
      return 'A shared subscription needs a group and a filter: $share/<group>/<filter>.'
    if (/[+#]/.test(levels[1] ?? '')) return 'A shared subscription group may not contain + or #.'
    levels = levels.slice(2)
  }
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? ''
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return `"#" must be a whole level and the last one (like sensors/#), so "${filter}" is not a valid filter.`
    if (level.includes('+') && level !== '+')
      return `"+" must be a whole level (like sensors/+/temperature), so "${filter}" is not a valid filter.`
  }
  return undefined
}

/** Checks a topic name for publishing: no wildcards, not empty, at most 65,535 bytes. */
export function validateTopicName(topic: string): string | undefined {
  if (topic.length === 0) return 'Enter a topic to publish to.'
  if (/[+#]/.test(topic)) return 'A publish topic may not contain the wildcards + or #.'
  if (topic.includes('\u0000')) return 'A topic may not contain the NUL character.'
  if (utf8.encode(topic).length > MAX_TOPIC_BYTES)
    return 'A topic may be at most 65,535 bytes of UTF-8.'
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
