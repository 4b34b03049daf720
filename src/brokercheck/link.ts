import { BROKER_CHECK_LINK_TARGETS } from '../engine/budgets'
import { CHECK_GROUPS, type CheckGroup, type ProtocolChoice } from './types'

/** What a broker-check link sets up: targets (URL and protocol), and optionally the profile. */
export interface CheckLink {
  targets: { url: string; protocol: ProtocolChoice }[]
  groups?: CheckGroup[]
  heavy?: boolean
}

const PROTOCOLS: readonly ProtocolChoice[] = ['auto', '5', '3.1.1']

/** The URL without a user name or password (`ws://user:pass@host` → `ws://host`), else as typed. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1')
}

function isWebSocketUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname !== ''
  } catch {
    return false
  }
}

/**
 * A link that sets up the same check: `check` (a target's URL) followed by its `checkv`
 * (protocol), repeated per target, then `checkgroups` and `checkheavy`. Never a password or a
 * user name: they are stripped from the URLs.
 */
export function buildCheckLink(base: string, link: CheckLink): string {
  const params = new URLSearchParams()
  for (const t of link.targets.slice(0, BROKER_CHECK_LINK_TARGETS)) {
    params.append('check', withoutCredentials(t.url.trim()))
    params.append('checkv', t.protocol)
  }
  if (link.groups) params.set('checkgroups', link.groups.join(','))
  if (link.heavy !== undefined) params.set('checkheavy', link.heavy ? '1' : '0')
  return `${base}?${params.toString()}`
}

/**
 * Reads a link made by buildCheckLink (or typed by hand): a `checkv` applies to the `check`
 * before it; URLs that are not ws:// or wss:// and unknown values are left out; credentials in a
 * URL are dropped; at most BROKER_CHECK_LINK_TARGETS targets.
 */
export function parseCheckLink(search: string): CheckLink {
  const params = new URLSearchParams(search)
  const link: CheckLink = { targets: [] }
  let last: CheckLink['targets'][number] | undefined
  for (const [key, value] of params) {
    if (key === 'check') {
      last = undefined
      const url = value.trim()
      if (!isWebSocketUrl(url) || link.targets.length >= BROKER_CHECK_LINK_TARGETS) continue
      last = { url: withoutCredentials(url), protocol: 'auto' }
      link.targets.push(last)
    } else if (key === 'checkv' && last && (PROTOCOLS as readonly string[]).includes(value)) {
      last.protocol = value as ProtocolChoice
    }
  }
  const groups = params.get('checkgroups')
  if (groups !== null) link.groups = CHECK_GROUPS.filter((g) => groups.split(',').includes(g))
  const heavy = params.get('checkheavy')
  if (heavy === '1' || heavy === '0') link.heavy = heavy === '1'
  return link
}
