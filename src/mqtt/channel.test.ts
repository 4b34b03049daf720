import { describe, expect, it } from 'vitest'
import type { FromHost, ToHost } from '../wire/channel'
import { CallAborted, Channel } from './channel'

/** A channel whose posts are recorded; the test answers as the host would. */
function setup() {
  const posted: ToHost[] = []
  const channel = new Channel((message) => posted.push(message))
  const hear = (message: FromHost) => channel.receive(message)
  return { channel, posted, hear }
}

describe('Channel', () => {
  it('resolves each call with its own typed reply, whatever the order of the answers', async () => {
    const { channel, posted, hear } = setup()
    const a = channel.call('c1', 'subscribe', { filter: 'a/#', qos: 1 })
    const b = channel.call('c2', 'unsubscribe', { filter: 'b' })
    expect(posted).toEqual([
      { kind: 'call', id: a.id, conn: 'c1', method: 'subscribe', args: { filter: 'a/#', qos: 1 } },
      { kind: 'call', id: b.id, conn: 'c2', method: 'unsubscribe', args: { filter: 'b' } },
    ])
    hear({ kind: 'reply', id: b.id, value: { ok: true } })
    hear({ kind: 'reply', id: a.id, value: { ok: true, grantedQos: 1 } })
    expect(await a.result).toEqual({ ok: true, grantedQos: 1 })
    expect(await b.result).toEqual({ ok: true })
    expect(channel.pendingCalls).toBe(0)
  })

  it('hands progress to its call in order, then the reply; a cancel goes to the host', async () => {
    const { channel, posted, hear } = setup()
    const seen: number[] = []
    const scan = channel.call(
      'c1',
      'retainedScan',
      { filter: '#' },
      { onProgress: (p) => seen.push(p.done) },
    )
    hear({ kind: 'progress', id: scan.id, value: { phase: 'scan', done: 1, total: 0, bytes: 1 } })
    hear({ kind: 'progress', id: scan.id, value: { phase: 'scan', done: 2, total: 0, bytes: 2 } })
    channel.cancel(scan.id)
    expect(posted.at(-1)).toEqual({ kind: 'cancel', id: scan.id })
    hear({
      kind: 'reply',
      id: scan.id,
      value: { ok: false, reason: { code: 'retained.cancelled' } },
    })
    expect(await scan.result).toEqual({ ok: false, reason: { code: 'retained.cancelled' } })
    expect(seen).toEqual([1, 2])
    // Progress of a call that has replied is dropped, not delivered late.
    hear({ kind: 'progress', id: scan.id, value: { phase: 'scan', done: 3, total: 0, bytes: 3 } })
    expect(seen).toEqual([1, 2])
    // A late answer for the settled call reaches no later call: the next one gets only its own.
    const laterSeen: number[] = []
    const later = channel.call(
      'c1',
      'retainedScan',
      { filter: 'b/#' },
      { onProgress: (p) => laterSeen.push(p.done) },
    )
    hear({ kind: 'reply', id: scan.id, value: { ok: false, reason: { code: 'late' } } })
    hear({ kind: 'progress', id: scan.id, value: { phase: 'scan', done: 9, total: 0, bytes: 9 } })
    hear({ kind: 'reply', id: later.id, value: { ok: true, messages: [], bytes: 0 } })
    expect(await later.result).toEqual({ ok: true, messages: [], bytes: 0 })
    expect(laterSeen).toEqual([])
    expect(channel.pendingCalls).toBe(0)
  })

  it('rejects only the closed connection’s calls, with a code, and forgets its listeners', async () => {
    const { channel, posted, hear } = setup()
    const heard: string[] = []
    channel.listen('c1', (e) => heard.push(`c1 ${e.type}`))
    channel.listen('c2', (e) => heard.push(`c2 ${e.type}`))
    const onC1 = channel.call('c1', 'fetchPayload', { topicId: 1 })
    const onC2 = channel.call('c2', 'fetchPayload', { topicId: 1 })
    channel.close('c1')
    expect(posted.at(-1)).toEqual({ kind: 'close', conn: 'c1' })
    await expect(onC1.result).rejects.toBeInstanceOf(CallAborted)
    await expect(onC1.result).rejects.toMatchObject({ reason: { code: 'session.closed' } })
    hear({ kind: 'event', conn: 'c1', event: { type: 'status', state: 'connected' } })
    hear({ kind: 'event', conn: 'c2', event: { type: 'status', state: 'connected' } })
    expect(heard).toEqual(['c2 status'])
    hear({ kind: 'reply', id: onC2.id, value: { payload: new Uint8Array(0), size: 0 } })
    expect(await onC2.result).toEqual({ payload: new Uint8Array(0), size: 0 })
  })

  it('returns the credit of a frame nobody takes, so the host never waits for it', () => {
    const { channel, posted, hear } = setup()
    hear({ kind: 'frames', frame: { seq: 7, parts: [] } })
    expect(posted).toEqual([{ kind: 'credit', seq: 7 }])
    const frames: number[] = []
    channel.onFrames((f) => frames.push(f.seq))
    hear({ kind: 'frames', frame: { seq: 8, parts: [] } })
    expect(frames).toEqual([8])
    expect(posted).toHaveLength(1)
  })

  it('rejects every waiting call when the host fails', async () => {
    const { channel } = setup()
    const a = channel.call('c1', 'testWill', {})
    const b = channel.call('c2', 'testWill', {})
    channel.fail({ code: 'session.workerFailed', values: { error: 'boom' } })
    await expect(a.result).rejects.toMatchObject({ reason: { code: 'session.workerFailed' } })
    await expect(b.result).rejects.toBeInstanceOf(CallAborted)
    expect(channel.pendingCalls).toBe(0)
  })
})
