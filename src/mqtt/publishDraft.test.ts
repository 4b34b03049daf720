import { describe, expect, it } from 'vitest'
import {
  buildPublish,
  buildWill,
  EMPTY_DRAFT,
  EMPTY_PROPERTIES,
  EMPTY_WILL,
  validatePublishTopic,
  type PublishDraft,
} from './publishDraft'
import type { VarContext } from './templateVars'

const ctx: VarContext = { now: 1000, counter: 3, random: () => 0, uuid: () => 'u-1' }
const draft = (patch: Partial<PublishDraft>): PublishDraft => ({ ...EMPTY_DRAFT, ...patch })
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b)

describe('validatePublishTopic', () => {
  it('refuses empty topics, wildcards and topics over 65 535 bytes', () => {
    expect(validatePublishTopic('')).toEqual({ code: 'draft.topic.empty' })
    expect(validatePublishTopic('a/#')).toEqual({
      code: 'draft.topic.wildcard',
      values: { topic: 'a/#' },
    })
    expect(validatePublishTopic('a/+/b')?.code).toBe('draft.topic.wildcard')
    expect(validatePublishTopic('é'.repeat(32_768))).toEqual({
      code: 'draft.topic.tooLong',
      values: { bytes: 65_536 },
    })
    expect(validatePublishTopic('a'.repeat(65_535))).toBeUndefined()
  })
})

describe('buildPublish', () => {
  it('expands variables in topic and payload with one context', () => {
    const r = buildPublish(
      draft({ topic: 'n/{{counter}}', payload: '{"n": {{counter}}}', format: 'json' }),
      ctx,
    )
    expect(r.ok && r.message.topic).toBe('n/3')
    expect(r.ok && text(r.message.payload)).toBe('{"n": 3}')
  })

  it('warns about $ topics but still builds the message', () => {
    const r = buildPublish(draft({ topic: '$SYS/x' }), ctx)
    expect(r.ok && r.warnings[0]).toEqual({ code: 'draft.reservedTopic' })
  })

  it('says which field is wrong', () => {
    expect(buildPublish(draft({ topic: 'a/#' }), ctx)).toMatchObject({ ok: false, field: 'topic' })
    expect(buildPublish(draft({ topic: 'a', payload: '{', format: 'json' }), ctx)).toMatchObject({
      ok: false,
      field: 'payload',
    })
    const bad = { ...EMPTY_PROPERTIES, topicAlias: '0' }
    expect(buildPublish(draft({ topic: 'a', properties: bad }), ctx)).toMatchObject({
      ok: false,
      field: 'properties',
      error: {
        code: 'draft.outOfRange',
        values: { field: { code: 'field.topicAlias' }, min: 1, max: 65_535 },
      },
    })
  })

  it('converts every MQTT 5 property and keeps repeated user property keys', () => {
    const r = buildPublish(
      draft({
        topic: 'a',
        properties: {
          contentType: 'application/json',
          payloadFormatIndicator: true,
          messageExpiry: '60',
          responseTopic: 'a/reply',
          correlationData: 'id-{{uuid}}',
          userProperties: [
            { key: 'k', value: '1' },
            { key: 'k', value: '2' },
            { key: '', value: '' },
          ],
          topicAlias: '5',
        },
      }),
      ctx,
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const p = r.message.properties!
    expect(p).toMatchObject({
      contentType: 'application/json',
      payloadFormatIndicator: true,
      messageExpiryInterval: 60,
      responseTopic: 'a/reply',
      topicAlias: 5,
      userProperties: [
        { key: 'k', value: '1' },
        { key: 'k', value: '2' },
      ],
    })
    expect(text(p.correlationData)).toBe('id-u-1')
  })

  it('leaves properties out for MQTT 3.1.1 and says so', () => {
    const props = { ...EMPTY_PROPERTIES, contentType: 'text/plain' }
    const r = buildPublish(draft({ topic: 'a', properties: props }), ctx, 4)
    expect(r.ok && r.message.properties).toBeUndefined()
    expect(r.ok && r.warnings).toEqual([{ code: 'draft.noProperties311' }])
  })

  it('refuses a payload marked UTF-8 that is not', () => {
    const props = { ...EMPTY_PROPERTIES, payloadFormatIndicator: true }
    const r = buildPublish(
      draft({ topic: 'a', payload: 'ff fe', format: 'hex', properties: props }),
      ctx,
    )
    expect(r).toMatchObject({ ok: false, field: 'properties' })
  })
})

describe('buildWill', () => {
  it('is undefined while the Will is off', () => {
    expect(buildWill(EMPTY_WILL)).toEqual({ ok: true, will: undefined })
  })

  it('builds the Will with its MQTT 5 properties', () => {
    const r = buildWill({
      ...EMPTY_WILL,
      enabled: true,
      topic: 'dev/1/status',
      payload: 'offline',
      qos: 1,
      retain: true,
      delay: '2',
      expiry: '300',
      contentType: 'text/plain',
      userProperties: [{ key: 'why', value: 'test' }],
    })
    expect(r).toMatchObject({
      ok: true,
      will: {
        topic: 'dev/1/status',
        qos: 1,
        retain: true,
        properties: {
          willDelayInterval: 2,
          messageExpiryInterval: 300,
          contentType: 'text/plain',
          userProperties: [{ key: 'why', value: 'test' }],
        },
      },
    })
    expect(r.ok && text(r.will?.payload)).toBe('offline')
  })

  it('refuses a Will topic with a wildcard', () => {
    expect(buildWill({ ...EMPTY_WILL, enabled: true, topic: 'a/#' })).toMatchObject({
      ok: false,
      error: {
        code: 'will.invalid',
        values: { reason: { code: 'draft.willTopic.wildcard', values: { topic: 'a/#' } } },
      },
    })
  })
})
