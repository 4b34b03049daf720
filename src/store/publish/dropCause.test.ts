import { describe, expect, it } from 'vitest'
import { PUBLISH_DROP_WINDOW_MS } from '../../engine/budgets'
import { coded } from '../../lib/coded'
import type { StatusMessage } from '../../wire/mqtt'
import { closedAfterPublish, likelyCause, shortTopic, type SentRecord } from './dropCause'

const sent = (patch: Partial<SentRecord> = {}): SentRecord => ({
  topic: 'a/b',
  size: 10,
  qos: 0,
  retain: false,
  at: 1_000,
  connack: undefined,
  ...patch,
})

const lost: StatusMessage = {
  type: 'status',
  state: 'reconnecting',
  reason: coded('session.retrying', {
    reason: coded('session.lost'),
    attempt: 1,
    seconds: 1,
  }),
}

describe('likelyCause', () => {
  it('names a $ topic, too many levels, a packet over the maximum, QoS and retain', () => {
    expect(likelyCause(sent({ topic: '$SYS/test' })).code).toBe('publish.likely.reserved')
    const deep = Array.from({ length: 120 }, () => 'x').join('/')
    expect(likelyCause(sent({ topic: deep }))).toEqual(
      coded('publish.likely.levels', { levels: 120, max: 100 }),
    )
    const connack = { sessionPresent: false, maximumPacketSize: 100, maximumQoS: 1 }
    expect(likelyCause(sent({ size: 200, connack }))).toEqual(
      coded('publish.likely.size', { size: 203, max: 100 }),
    )
    expect(likelyCause(sent({ qos: 2, connack })).code).toBe('publish.likely.qos')
    const noRetain = { sessionPresent: false, retainAvailable: false }
    expect(likelyCause(sent({ retain: true, connack: noRetain })).code).toBe(
      'publish.likely.retain',
    )
    expect(likelyCause(sent()).code).toBe('publish.likely.refused')
  })
})

describe('closedAfterPublish', () => {
  it('blames a loss within the window on the publish, with the broker reason inside the retry', () => {
    const note = closedAfterPublish(sent({ topic: '$SYS/test' }), lost, 1_150)
    expect(note).toEqual(
      coded('publish.closedAfter', {
        topic: '$SYS/test',
        seconds: '0.2',
        likely: coded('publish.likely.reserved'),
        reason: coded('session.lost'),
      }),
    )
  })

  it('says nothing after the window, for a Disconnect the user asked for, or while up', () => {
    expect(closedAfterPublish(sent(), lost, 1_000 + PUBLISH_DROP_WINDOW_MS + 1)).toBeUndefined()
    expect(closedAfterPublish(sent(), { state: 'disconnected' }, 1_010)).toBe(undefined)
    expect(closedAfterPublish(sent(), { ...lost, state: 'connected' }, 1_010)).toBeUndefined()
    expect(closedAfterPublish(undefined, lost, 1_010)).toBeUndefined()
  })

  it('keeps a final reason that is not a retry as it is', () => {
    const failed: StatusMessage = {
      type: 'status',
      state: 'disconnected',
      reason: coded('disconnect.144'),
    }
    expect(closedAfterPublish(sent(), failed, 1_000)?.values?.['reason']).toEqual(
      coded('disconnect.144'),
    )
  })
})

describe('shortTopic', () => {
  it('cuts long topics in the middle so the leaf stays', () => {
    const long = `${'a/'.repeat(100)}leaf`
    const s = shortTopic(long)
    expect(s.length).toBeLessThanOrEqual(60)
    expect(s.endsWith('leaf')).toBe(true)
    expect(shortTopic('short')).toBe('short')
  })
})
