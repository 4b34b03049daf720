import type { IClientSubscribeOptions, MqttClient } from 'mqtt'
import { subackReason } from '../engine/reasons'
import { coded, type Coded } from '../lib/coded'
import type { ConnackInfo, ProtocolLevel, QoS, SubscribeResult, SubscribeV5 } from '../wire/mqtt'
import { subackCode, subscribeOptions } from './clientOptions'
import { errorText } from './transport'

/**
 * The user's subscriptions on one connection, worker side: sent with their options, remembered
 * once granted, and sent again after a reconnect on which the broker kept no session.
 */
export class UserSubscriptions {
  readonly #granted = new Map<string, { qos: QoS; v5: SubscribeV5 | undefined }>()
  /** The last CONNACK did not say Subscription Identifiers are unavailable. */
  #ids = true

  /** The granted filters (the broker's own drop count tells a user's copy apart by them). */
  readonly filters = (): Iterable<string> => this.#granted.keys()

  /** A new connection (options) starts with none. */
  clear(): void {
    this.#granted.clear()
  }

  connected(info: ConnackInfo): void {
    this.#ids = info.subscriptionIdentifiersAvailable !== false
  }

  subscribe(
    client: MqttClient | undefined,
    level: ProtocolLevel,
    args: { filter: string; qos: QoS; v5?: SubscribeV5 | undefined },
    reply: (result: SubscribeResult) => void,
  ): void {
    const { filter, qos, v5 } = args
    if (!client?.connected) return reply({ ok: false, reason: coded('subscribe.notConnected') })
    // A broker that said it takes no identifiers closes the connection on one (MQTT 5 3.8.3.1).
    if (v5?.id !== undefined && level === 5 && !this.#ids)
      return reply({ ok: false, reason: coded('subscribe.noIds', { id: v5.id }) })
    client.subscribe(filter, subscribeOptions(client, qos, v5), (err, granted) => {
      const grantedQos = err ? undefined : granted?.[0]?.qos
      if (err || grantedQos === undefined || grantedQos >= 0x80) {
        const code = subackCode(err) ?? grantedQos
        const reason =
          code !== undefined && code >= 0x80
            ? subackReason(code)
            : coded('subscribe.failed', { error: errorText(err) })
        reply({ ok: false, reason })
        return
      }
      this.#granted.set(filter, { qos, v5 })
      reply({ ok: true, grantedQos: grantedQos as QoS })
    })
  }

  /**
   * Sends every granted filter again (the broker kept no session); `done` gets the connection
   * log's line once the broker answered them all.
   */
  resubscribe(client: MqttClient, level: ProtocolLevel, done: (event: Coded) => void): void {
    if (this.#granted.size === 0) return
    // One SUBSCRIBE per Subscription Identifier: it is a property of the packet, not of a filter
    // (MQTT 5 3.8.2.1.2), and MQTT.js takes it from the options argument, not the map. Should
    // the broker now say it takes none, the filters go without theirs rather than close it.
    const packets = new Map<number | undefined, Record<string, IClientSubscribeOptions>>()
    for (const [filter, { qos, v5 }] of this.#granted) {
      const id = level === 5 && this.#ids ? v5?.id : undefined
      const map = packets.get(id) ?? {}
      map[filter] = subscribeOptions(client, qos, v5 && { ...v5, id })
      packets.set(id, map)
    }
    const count = this.#granted.size
    let waiting = packets.size
    let failure: unknown
    for (const [id, map] of packets) {
      const options = id === undefined ? {} : { properties: { subscriptionIdentifier: id } }
      client.subscribe(map, options, (err) => {
        failure ??= err ?? undefined
        if (--waiting > 0) return
        done(
          failure
            ? coded('event.resubscribeFailed', { error: errorText(failure) })
            : coded('event.resubscribed', { count }),
        )
      })
    }
  }

  unsubscribe(
    client: MqttClient | undefined,
    filter: string,
    reply: (result: { ok: true } | { ok: false; reason: Coded }) => void,
  ): void {
    this.#granted.delete(filter)
    if (!client?.connected) return reply({ ok: true })
    client.unsubscribe(filter, {}, (err) => {
      reply(
        err
          ? { ok: false, reason: coded('unsubscribe.failed', { error: errorText(err) }) }
          : { ok: true },
      )
    })
  }
}
