import { describe, expect, it } from 'vitest'
import { QUICK_DROP_MS, ReconnectPolicy, SESSION_TAKEN_OVER } from './reconnectPolicy'

const lost = (lastedMs = 60_000, reason?: { code: string }, serverCode?: number) => ({
  reason,
  serverCode,
  lastedMs,
})

/** A reconnect attempt that got no CONNACK. */
const neverUp = { reason: undefined, serverCode: undefined, lastedMs: undefined }

describe('ReconnectPolicy', () => {
  it('doubles the pause after each failed attempt, up to the maximum', () => {
    const policy = new ReconnectPolicy({ periodMs: 1000, maxMs: 5000 })
    const delays = [1, 2, 3, 4].map(() => {
      const d = policy.lost(lost())
      return d.retry ? d.delayMs : -1
    })
    expect(delays).toEqual([1000, 2000, 4000, 5000])
    expect(policy.attempts).toBe(4)
  })

  it('starts counting again after a CONNACK', () => {
    const policy = new ReconnectPolicy({ periodMs: 1000, maxMs: 8000 })
    policy.lost(lost())
    policy.lost(lost())
    policy.connected()
    expect(policy.lost(lost())).toMatchObject({ retry: true, attempt: 1, delayMs: 1000 })
  })

  it('gives up after the attempt limit and says how many were made', () => {
    const policy = new ReconnectPolicy({ periodMs: 100, maxAttempts: 2 })
    expect(policy.lost(lost())).toMatchObject({ retry: true, attempt: 1 })
    expect(policy.lost(lost())).toMatchObject({ retry: true, attempt: 2 })
    expect(policy.lost(lost())).toEqual({
      retry: false,
      reason: { code: 'session.gaveUp', values: { reason: { code: 'session.lost' }, count: 2 } },
    })
  })

  it('never reconnects after "session taken over", which would push the other client off', () => {
    const policy = new ReconnectPolicy({ periodMs: 100 })
    expect(policy.lost(lost(60_000, { code: 'disconnect.142' }, SESSION_TAKEN_OVER))).toEqual({
      retry: false,
      reason: { code: 'disconnect.142' },
    })
  })

  it('names a likely take-over when the broker keeps closing right after CONNACK without a word', () => {
    const policy = new ReconnectPolicy({ periodMs: 100 })
    expect(policy.lost(lost(QUICK_DROP_MS - 1))).toMatchObject({ reason: { code: 'session.lost' } })
    expect(policy.lost(lost(QUICK_DROP_MS - 1))).toMatchObject({
      reason: { code: 'session.likelyTakeover' },
    })
    // A connection that lasted breaks the streak.
    expect(policy.lost(lost(QUICK_DROP_MS + 1))).toMatchObject({ reason: { code: 'session.lost' } })
  })

  it('takes failed attempts (no CONNACK: the broker is away) for no take-over', () => {
    const policy = new ReconnectPolicy({ periodMs: 100 })
    // The broker went down a moment after the connection came up, then refuses the attempts.
    expect(policy.lost(lost(QUICK_DROP_MS - 1))).toMatchObject({ reason: { code: 'session.lost' } })
    expect(policy.lost(neverUp)).toMatchObject({ reason: { code: 'session.lost' } })
    expect(policy.lost(neverUp)).toMatchObject({ reason: { code: 'session.lost' } })
    // …nor do they break a run of quick drops.
    expect(policy.lost(lost(QUICK_DROP_MS - 1))).toMatchObject({
      reason: { code: 'session.likelyTakeover' },
    })
  })

  it('keeps the reason it was given, and never retries with no reconnect period', () => {
    const policy = new ReconnectPolicy({ periodMs: 0 })
    expect(policy.lost(lost(60_000, { code: 'session.keepaliveTimeout' }))).toEqual({
      retry: false,
      reason: { code: 'session.keepaliveTimeout' },
    })
  })
})
