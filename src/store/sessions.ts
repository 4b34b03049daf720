import type { Channel } from '../mqtt/channel'

/**
 * The one channel to the session worker, set once at start (or per test). Connections are
 * reached through it by id (`channel().call(id, …)`); there is no "current" connection here.
 */
let current: Channel | undefined

export function setChannel(next: Channel | undefined): void {
  current = next
}

/** The channel; throws if the app was not wired (a programming error, not a user's). */
export function channel(): Channel {
  if (!current) throw new Error('No session channel: call setChannel() at start-up.')
  return current
}
