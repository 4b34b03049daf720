/** Our connection and subscription settings in MQTT.js's shape, and its CONNACK in ours. */
import type { IClientOptions, IClientSubscribeOptions, IConnackPacket, MqttClient } from 'mqtt'
import type { ConnackInfo, ConnectOptions, ProtocolLevel, QoS, SubscribeV5 } from '../wire/mqtt'
import { toClientWill } from './transport'

/** MQTT.js's CONNECT properties from ours (only the ones set). */
function connectProperties(
  p: NonNullable<ConnectOptions['properties']>,
): IClientOptions['properties'] {
  const out: NonNullable<IClientOptions['properties']> = {}
  if (p.sessionExpiryInterval !== undefined) out.sessionExpiryInterval = p.sessionExpiryInterval
  if (p.receiveMaximum !== undefined) out.receiveMaximum = p.receiveMaximum
  if (p.maximumPacketSize !== undefined) out.maximumPacketSize = p.maximumPacketSize
  if (p.topicAliasMaximum !== undefined) out.topicAliasMaximum = p.topicAliasMaximum
  if (p.requestResponseInformation !== undefined)
    out.requestResponseInformation = p.requestResponseInformation
  if (p.requestProblemInformation !== undefined)
    out.requestProblemInformation = p.requestProblemInformation
  if (p.userProperties?.length) {
    // MQTT.js takes a key → value or values map; repeated keys become arrays.
    const props: Record<string, string | string[]> = {}
    for (const { key, value } of p.userProperties) {
      const prev = props[key]
      props[key] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
    }
    out.userProperties = props
  }
  return out
}

/** Takes no rest parameter, so a call allocates nothing. */
const ignoreLog = (): void => {}

/** The MQTT.js options of one connection attempt at protocol `level`. */
export function clientOptions(options: ConnectOptions, level: ProtocolLevel): IClientOptions {
  return {
    clientId: options.clientId,
    username: options.username || undefined,
    password: options.password || undefined,
    protocolVersion: level,
    keepalive: options.keepalive,
    clean: options.clean,
    connectTimeout: options.connectTimeoutMs,
    // Reconnects are scheduled by the session (with backoff and a limit), not MQTT.js's timer.
    reconnectPeriod: 0,
    // MQTT.js records filters for resubscribing only while its own reconnect timer is on; the
    // session resubscribes itself when the broker kept no session.
    resubscribe: false,
    queueQoSZero: false,
    // MQTT.js's default logger is `debug`, whose `(...args)` makes an array on every call even
    // when logging is off: several calls per received message, a fifth of the worker's garbage
    // at 12 k msgs/s (a sampled heap profile), which keeps its heap large under load.
    log: ignoreLog,
    ...(options.will ? { will: toClientWill(options.will, level) } : {}),
    ...(level === 5 && options.properties
      ? { properties: connectProperties(options.properties) }
      : {}),
  }
}

/** The CONNACK as the UI shows it. */
export function connackInfo(connack: IConnackPacket): ConnackInfo {
  const p = connack.properties
  const info: ConnackInfo = { sessionPresent: connack.sessionPresent }
  if (!p) return info
  const set = <K extends keyof ConnackInfo>(key: K, value: ConnackInfo[K] | undefined) => {
    if (value !== undefined) info[key] = value
  }
  set('assignedClientId', p.assignedClientIdentifier)
  set('serverKeepAlive', p.serverKeepAlive)
  set('maximumQoS', p.maximumQoS)
  set('retainAvailable', p.retainAvailable)
  set('maximumPacketSize', p.maximumPacketSize)
  set('topicAliasMaximum', p.topicAliasMaximum)
  set('receiveMaximum', p.receiveMaximum)
  set('wildcardSubscriptionAvailable', p.wildcardSubscriptionAvailable)
  set('sharedSubscriptionAvailable', p.sharedSubscriptionAvailable)
  set('subscriptionIdentifiersAvailable', p.subscriptionIdentifiersAvailable)
  set('sessionExpiryInterval', p.sessionExpiryInterval)
  set('serverReference', p.serverReference)
  set('responseInformation', p.responseInformation)
  set('reasonString', p.reasonString)
  return info
}

/**
 * A subscription's options in MQTT.js's shape: on MQTT 5 the user's No Local, Retain Handling and
 * Subscription Identifier, and always Retain As Published: the broker passes on the publisher's
 * retain flag, so the tree's `retained` marker also shows a retained message that arrived live
 * (without it, every live delivery has retain 0 and the marker would only show the copies sent on
 * subscribing). MQTT 3.1.1 has only the QoS.
 */
export function subscribeOptions(
  client: MqttClient,
  qos: QoS,
  v5?: SubscribeV5,
): IClientSubscribeOptions {
  if (client.options.protocolVersion !== 5) return { qos }
  const options: IClientSubscribeOptions = {
    qos,
    rap: true,
    nl: v5?.noLocal ?? false,
    rh: v5?.retainHandling ?? 0,
  }
  // MQTT.js sends the properties of its options argument with the whole SUBSCRIBE packet.
  if (v5?.id !== undefined) options.properties = { subscriptionIdentifier: v5.id }
  return options
}

/** The refusing SUBACK code: MQTT.js rewraps the error and keeps the SUBACK on `err.packet`. */
export function subackCode(err: unknown): number | undefined {
  const granted = (err as { packet?: { granted?: unknown } } | undefined)?.packet?.granted
  if (Array.isArray(granted)) {
    const code: unknown = granted.find((c) => typeof c === 'number' && c >= 0x80)
    if (typeof code === 'number') return code
  }
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'number' ? code : undefined
}
