import { afterEach, describe, expect, it } from 'vitest'
import {
  connackReason,
  disconnectReason,
  subackReason,
  transportFailureReason,
} from '../engine/reasons'
import {
  buildPublish,
  buildWill,
  EMPTY_DRAFT,
  EMPTY_PROPERTIES,
  EMPTY_WILL,
} from '../mqtt/publishDraft'
import { connectPropertiesOf, DEFAULT_FORM } from '../store/appStore'
import { i18n } from '.'
import { translateReason } from './reasons'

const CODES = Array.from({ length: 256 }, (_, i) => i)
const hasLatinSentence = (text: string) => /[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}/.test(text)

describe('translateReason', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en')
  })

  it('leaves English as the worker wrote it', () => {
    const text = `${disconnectReason(142)} Trying again in 2 s (attempt 1 of 3).`
    expect(translateReason(text)).toBe(text)
  })

  it('translates every CONNACK, DISCONNECT and SUBACK reason the engine can give', async () => {
    await i18n.changeLanguage('zh')
    for (const reason of [
      ...CODES.map(connackReason),
      ...CODES.map(disconnectReason),
      ...CODES.map(subackReason),
    ]) {
      const zh = translateReason(reason)
      expect(hasLatinSentence(zh), `untranslated: ${reason} → ${zh}`).toBe(false)
    }
  })

  it('translates a composed reconnect reason sentence by sentence, keeping the values', async () => {
    await i18n.changeLanguage('zh')
    expect(
      translateReason(
        'The connection to the broker was lost. Trying again in 4 s (attempt 2 of 5).',
      ),
    ).toBe('与服务器的连接已断开。 4 秒后重试（第 2 / 5 次）。')
    expect(translateReason('Refused by the broker (reason code 133)')).toBe(
      '被服务器拒绝（原因码 133）',
    )
  })

  it('translates a transport failure and keeps the certificate link clickable', async () => {
    await i18n.changeLanguage('zh')
    const zh = translateReason(
      `${transportFailureReason('wss://broker.example:8084/mqtt')} (closed)`,
    )
    expect(zh).toContain('wss://broker.example:8084/mqtt 上的 MQTT WebSocket 端点')
    expect(zh).toContain('https://broker.example:8084 查看')
    expect(zh).toContain('已尝试 /mqtt')
    expect(hasLatinSentence(zh)).toBe(false)
  })

  it('translates composed store messages: a publish acknowledgement', async () => {
    await i18n.changeLanguage('zh')
    expect(translateReason('acknowledged (PUBACK): Not authorized')).toBe(
      '已确认（PUBACK）: Not authorized',
    )
  })

  it('keeps a sentence it does not know, and a topic value with dots whole', async () => {
    await i18n.changeLanguage('zh')
    expect(translateReason('Something new happened.')).toBe('Something new happened.')
    expect(
      translateReason(
        'Last Will test: the connection was closed without a DISCONNECT, so the broker publishes the Will to a.b/c.',
      ),
    ).toBe('遗嘱测试：连接未发送 DISCONNECT 即关闭，服务器将把遗嘱发布到 a.b/c。')
  })

  // Topic filter and broker URL checks are codes now (src/i18n/codes.test.ts).
  it('translates the form checks of the connection, the Will and the composer', async () => {
    await i18n.changeLanguage('zh')
    const ctx = { now: 0, counter: 0, random: () => 0, uuid: () => 'u' }
    const draft = (patch: object) => buildPublish({ ...EMPTY_DRAFT, topic: 't', ...patch }, ctx)
    const props = (patch: object) => draft({ properties: { ...EMPTY_PROPERTIES, ...patch } })
    const errors = [
      ...[
        { receiveMaximum: '0' },
        { maximumPacketSize: 'x' },
        { topicAliasMaximum: '-1' },
        { userProperties: 'novalue' },
      ].map((p) => {
        const r = connectPropertiesOf({ ...DEFAULT_FORM, ...p })
        return r.ok ? undefined : r.error
      }),
      ...[{ topic: '' }, { topic: 'a/+' }, { topic: 'a\u0000' }, { topic: 'x'.repeat(70_000) }].map(
        (p) => {
          const r = draft(p)
          return r.ok ? undefined : r.error
        },
      ),
      ...[
        { messageExpiry: 'x' },
        { topicAlias: '0' },
        { responseTopic: 'r/#' },
        { userProperties: [{ key: '', value: 'v' }] },
      ].map((p) => {
        const r = props(p)
        return r.ok ? undefined : r.error
      }),
      ...[
        { format: 'hex', payload: 'f' },
        { format: 'base64', payload: 'a=b' },
      ].map((p) => {
        const r = draft(p)
        return r.ok ? undefined : r.error
      }),
      ...[
        { topic: '' },
        { topic: 'w', delay: 'x' },
        { topic: 'w', expiry: '-1' },
        { topic: 'w', responseTopic: '#' },
        { topic: 'w', userProperties: [{ key: '', value: 'v' }] },
      ].map((p) => {
        const r = buildWill({ ...EMPTY_WILL, enabled: true, ...p })
        return r.ok ? undefined : r.error
      }),
    ]
    for (const error of errors) {
      expect(error, 'each case is refused').toBeTypeOf('string')
      const zh = translateReason(error!)
      expect(hasLatinSentence(zh), `untranslated: ${error} → ${zh}`).toBe(false)
    }
  })

  it('translates worker units and connection log sentences', async () => {
    await i18n.changeLanguage('zh')
    expect(
      translateReason('The connection to the broker was lost. Attempt 3 of 5 in 500 ms.'),
    ).toBe('与服务器的连接已断开。 500 毫秒后进行第 3 / 5 次尝试。')
    expect(translateReason('reconnected after 2 attempts; the broker kept the session')).toBe(
      '经过 2 次尝试后已重新连接；服务器保留了会话',
    )
  })
})
