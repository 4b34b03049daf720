/**
 * The user's MQTT.js client as the publish side needs it (`PublishTransport`), and our message
 * shapes in MQTT.js's. Framework-free: tests drive the publisher with a fake transport.
 */
import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt'
import { pubackReason, subackReason } from '../engine/reasons'
import { coded, type Coded } from '../lib/coded'
import type {
  ProtocolLevel,
  PublishMessage,
  PublishProperties,
  PublishResult,
  UserProperty,
  WillOptions,
} from '../wire/mqtt'

/** What the publisher needs of an MQTT client. */
export interface PublishTransport {
  readonly connected: boolean
  readonly protocolLevel: ProtocolLevel
  /** Publishes and reports once: sent (QoS 0), acknowledged, or refused. */
  publish(message: PublishMessage, done: (result: PublishResult) => void): void
  /** Subscribes at QoS 1; `done` gets why it failed, if it did. */
  subscribe(filter: string, done: (error?: Coded) => void): void
}

/** An error's own words (MQTT.js and the browser speak English; they are shown as data). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : 'unknown error'
}

/** The numeric `code` MQTT.js puts on errors that come from a reason code. */
export function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'number' ? code : undefined
}

function groupUserProperties(list: UserProperty[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const { key, value } of list) {
    const had = out[key]
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]
  }
  return out
}

/** Our properties in MQTT.js's shape. Byte fields stay Uint8Array: mqtt-packet writes any view. */
export function toClientProperties(
  p: PublishProperties,
): NonNullable<IClientPublishOptions['properties']> {
  const out: NonNullable<IClientPublishOptions['properties']> = {}
  if (p.contentType !== undefined) out.contentType = p.contentType
  if (p.payloadFormatIndicator) out.payloadFormatIndicator = true
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic
  if (p.correlationData !== undefined)
    out.correlationData = p.correlationData as unknown as NonNullable<typeof out.correlationData>
  if (p.userProperties?.length) out.userProperties = groupUserProperties(p.userProperties)
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias
  return out
}

/** The Will in MQTT.js's shape; properties only for MQTT 5. */
export function toClientWill(
  will: WillOptions,
  level: ProtocolLevel,
): NonNullable<IClientOptions['will']> {
  const out: NonNullable<IClientOptions['will']> = {
    topic: will.topic,
    payload: will.payload as unknown as Buffer,
    qos: will.qos,
    retain: will.retain,
  }
  const p = will.properties
  if (level === 5 && p) {
    const props: NonNullable<typeof out.properties> = {}
    if (p.willDelayInterval !== undefined) props.willDelayInterval = p.willDelayInterval
    if (p.messageExpiryInterval !== undefined) props.messageExpiryInterval = p.messageExpiryInterval
    if (p.contentType !== undefined) props.contentType = p.contentType
    if (p.payloadFormatIndicator) props.payloadFormatIndicator = true
    if (p.responseTopic !== undefined) props.responseTopic = p.responseTopic
    if (p.correlationData !== undefined)
      props.correlationData = p.correlationData as unknown as NonNullable<
        typeof props.correlationData
      >
    if (p.userProperties?.length) props.userProperties = groupUserProperties(p.userProperties)
    if (Object.keys(props).length > 0) out.properties = props
  }
  return out
}

/** Why a publish failed, from what MQTT.js reported. */
function publishFailure(err: unknown): PublishResult {
  const reasonCode = errorCode(err)
  return reasonCode !== undefined
    ? {
        ok: false,
        reason: coded('publish.refused', { code: reasonCode, reason: pubackReason(reasonCode) }),
        reasonCode,
      }
    : { ok: false, reason: coded('publish.failed', { error: errorText(err) }) }
}

/**
 * A transport over an MQTT.js client. MQTT.js reports a PUBACK reason code ≥ 0x80 as an error but
 * swallows the success codes (0 and 16 "no matching subscribers"), so acks are also read from
 * `packetreceive`, which fires before the publish callback, keyed by packet id.
 */
export function mqttTransport(client: MqttClient, protocolLevel: ProtocolLevel): PublishTransport {
  const ackCodes = new Map<number, number>()
  client.on('packetreceive', (packet) => {
    if (packet.cmd === 'puback' || packet.cmd === 'pubrec') {
      const id = packet.messageId
      if (typeof id === 'number') ackCodes.set(id, packet.reasonCode ?? 0)
    }
  })
  return {
    get connected() {
      return client.connected
    },
    protocolLevel,
    publish(message, done) {
      const options: IClientPublishOptions = { qos: message.qos, retain: message.retain }
      if (protocolLevel === 5 && message.properties)
        options.properties = toClientProperties(message.properties)
      let answered = false
      const finish = (result: PublishResult) => {
        if (answered) return
        answered = true
        done(result)
      }
      try {
        client.publish(message.topic, message.payload as unknown as Buffer, options, (err, p) => {
          const id = p?.messageId
          const acked = typeof id === 'number' ? ackCodes.get(id) : undefined
          if (typeof id === 'number') ackCodes.delete(id)
          if (err) finish(publishFailure(err))
          else
            finish({ ok: true, qos: message.qos, reasonCode: message.qos === 0 ? 0 : (acked ?? 0) })
        })
      } catch (err) {
        finish(publishFailure(err))
      }
    },
    subscribe(filter, done) {
      client.subscribe(filter, { qos: 1 }, (err, granted) => {
        const code = granted?.[0]?.qos
        if (err) done(coded('subscribe.failed', { error: errorText(err) }))
        else if (code !== undefined && code >= 0x80) done(subackReason(code))
        else done()
      })
    },
  }
}

/** Reads MQTT.js's correlation data (a Buffer, a Uint8Array subclass) off a packet. */
export function correlationOf(packet: {
  properties?: { correlationData?: unknown }
}): Uint8Array | undefined {
  const c = packet.properties?.correlationData
  return c instanceof Uint8Array ? c : undefined
}
