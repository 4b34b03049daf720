import type { QoS } from '../wire/mqtt'

/** What a deep link asks for (UI contract: "URL parameters"). Never a password. */
export interface DeepLink {
  url?: string
  version?: '3.1.1' | '5'
  clientId?: string
  username?: string
  subs: string[]
  qos: QoS
  connect: boolean
  /** A topic to select (its details shown) as soon as it has received a message. */
  select?: string
}

/** Reads the contract's URL parameters; unknown or malformed values are ignored. */
export function parseDeepLink(search: string): DeepLink {
  const p = new URLSearchParams(search)
  const link: DeepLink = {
    subs: p.getAll('sub').filter((s) => s !== ''),
    qos: 0,
    connect: p.get('connect') === '1',
  }
  const url = p.get('url')
  if (url) link.url = url
  const v = p.get('v')
  if (v === '3.1.1' || v === '4') link.version = '3.1.1'
  else if (v === '5') link.version = '5'
  const clientId = p.get('clientId')
  if (clientId) link.clientId = clientId
  const username = p.get('username')
  if (username) link.username = username
  const qos = Number(p.get('qos'))
  if (qos === 1 || qos === 2) link.qos = qos
  const select = p.get('select')
  if (select) link.select = select
  return link
}
