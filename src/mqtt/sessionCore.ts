import { ProtoRegistry } from '../codecs/protobufRegistry'
import type { IClientOptions, MqttClient } from 'mqtt'
import { Ingestor, type InboundMessage } from '../engine/Ingestor'
import { keepProperties } from '../engine/messageProperties'
import { OwnEchoes } from '../engine/ownEchoes'
import { coded, type Coded } from '../lib/coded'
import type { ConnCast, ConnEvent, ConnMethod, ToHost } from '../wire/channel'
import type { ChartView, Frame } from '../wire/frame'
import type { ConnectOptions, ProtocolLevel, StatusMessage } from '../wire/mqtt'
import { BrokerCheckJob } from './brokerCheckJob'
import type { CallContext } from './callContext'
import { ClientLifecycle } from './clientLifecycle'
import { BrokerDrops } from './brokerDrops'
import { Outbox } from './outbox'
import { Recorder } from './recorder'
import { Repeats } from './repeats'
import { ResponderJob } from './responderJob'
import type { ScriptHost } from '../scripting/host'
import type { DecodeScripts } from './decodeScripts'
import { Requests } from './requests'
import { UserSubscriptions } from './userSubscriptions'
import { RetainedJobs } from './retainedJobs'
import { correlationOf, mqttTransport } from './transport'
const NO_BYTES = new Uint8Array(0)

/** Opens an MQTT.js client; the worker passes `mqtt.connect`, tests may pass the same in Node. */
export type ConnectFn = (url: string, options: IClientOptions) => MqttClient

/** What a session core says to the UI unasked. */
export type EmitFn = (event: ConnEvent) => void

type CallMessage = Extract<ToHost, { kind: 'call' }>

/**
 * One connection in the worker: its MQTT.js client (through ClientLifecycle), its ingest engine
 * and its publish side (outbox, requests, repeats), its retained jobs and its recording. The
 * SessionHost runs one per connection and takes their frames (`takeFrame`) when the UI has
 * returned its credit. The connection's data (the Ingestor) outlives its clients: a Disconnect
 * and Connect to the same broker keeps the tree, the log, the histories and the chart points;
 * only another broker or "Clear data" starts a new generation.
 */
export class SessionCore {
  readonly #emit: EmitFn
  readonly #lifecycle: ClientLifecycle
  readonly #outbox = new Outbox()
  /** Single publishes whose echo gets the "sent by you" mark in the log. */
  readonly #echoes = new OwnEchoes()
  readonly #requests: Requests
  readonly #repeats: Repeats
  readonly #retained: RetainedJobs
  readonly #check: BrokerCheckJob
  readonly #schedule: () => void
  #ingestor: Ingestor | undefined
  /** The broker URL the Ingestor's data came from. */
  #dataUrl: string | undefined
  #generation = 0
  #seq = 0
  #options: ConnectOptions | undefined
  #level: ProtocolLevel = 5
  #selected: number | undefined
  #chartViews: ChartView[] = []
  /** The user's .proto schema sets: charted protobuf fields decode with them. */
  readonly #protobuf = new ProtoRegistry()
  /** The user's filters, sent again after a reconnect without a kept session. */
  readonly #subscriptions = new UserSubscriptions()
  /** The record each received message is passed to the Ingestor in (see `message`). */
  readonly #inbound: InboundMessage = {
    topic: '',
    payload: NO_BYTES,
    qos: 0,
    retain: false,
    dup: false,
  }
  /** "Record" is on: every message goes to the UI as NDJSON (across reconnects). */
  #recorder: Recorder | undefined
  /** The broker's own drop count, asked for by the app (not the user); rides in the totals. */
  readonly #brokerDrops = new BrokerDrops((figures) => this.#ingestor?.setBrokerFigures(figures))
  /** The user's responder on this connection: it publishes through this connection only. */
  readonly #responder: ResponderJob
  readonly #decoders: DecodeScripts

  /** @param requestFrame asks the host for a frame soon (it sends one when the UI has its credit). */
  constructor(
    emit: EmitFn,
    connect: ConnectFn,
    requestFrame: () => void,
    scripts: { host: ScriptHost; engineId: string; decoders: DecodeScripts },
  ) {
    this.#emit = emit
    this.#decoders = scripts.decoders
    this.#schedule = requestFrame
    this.#responder = new ResponderJob(
      scripts.host,
      scripts.engineId,
      (message, done) => this.#outbox.publish(message, done),
      emit,
    )
    this.#requests = new Requests(this.#outbox, emit)
    this.#repeats = new Repeats(this.#outbox)
    this.#repeats.protobuf = this.#protobuf
    this.#retained = new RetainedJobs(connect)
    this.#check = new BrokerCheckJob(connect)
    this.#lifecycle = new ClientLifecycle(connect, {
      status: (status) => this.#status(status),
      attached: (client, level) => {
        this.#level = level
        this.#outbox.attach(mqttTransport(client, level))
        this.#brokerDrops.attach(client, this.#options?.url ?? '')
        // A new client starts with no subscription at the broker (a clean start) or with what
        // its session kept: CONNACK's session-present flag says which (see `connected`).
        this.#requests.sessionLost()
      },
      connected: (client, level, info, reconnected) => {
        this.#subscriptions.connected(info)
        if (info.sessionPresent) return
        this.#requests.sessionLost()
        if (reconnected && (this.#options?.resubscribe ?? true))
          this.#subscriptions.resubscribe(client, level, (event) => {
            if (this.#lifecycle.client === client)
              this.#status({ state: 'connected', protocolLevel: level, event })
          })
      },
      message: (topic, payload, packet) => {
        const ingestor = this.#ingestor
        if (!ingestor) return
        const now = Date.now()
        // The broker's drop count the app asked for itself is no message of the user's.
        if (
          this.#brokerDrops.take(
            topic,
            payload,
            ingestor.received,
            now,
            this.#subscriptions.filters,
          )
        ) {
          this.#schedule()
          return
        }
        const properties = keepProperties(packet.properties)
        // One reused record (ingest keeps none of it): no object per message for the GC.
        const msg = this.#inbound
        msg.topic = topic
        msg.payload = payload
        msg.qos = packet.qos
        msg.retain = packet.retain
        msg.dup = packet.dup
        msg.properties = properties
        msg.own = this.#echoes.waiting > 0 && this.#echoes.take(topic, payload, now)
        ingestor.ingest(msg, now)
        msg.payload = NO_BYTES
        if (this.#responder.active) {
          const { qos, retain } = packet
          this.#responder.onMessage({
            topic,
            payload,
            qos,
            retain,
            ...(properties && { properties }),
          })
        }
        this.#recorder?.add(now, topic, payload, packet.qos, packet.retain)
        this.#requests.onMessage(topic, payload, correlationOf(packet))
        this.#schedule()
      },
      detached: (reason) => {
        this.#outbox.detach(reason)
        this.#repeats.stopAll()
        this.#retained.cancelAll(coded('retained.connectionEnded'))
      },
    })
  }

  /** Everything that changed since the last frame, or undefined when nothing did. */
  takeFrame(now: number): Frame | undefined {
    const ingestor = this.#ingestor
    if (!ingestor) return undefined
    ingestor.tickRates(now)
    if (!ingestor.hasChanges(now)) return undefined
    return ingestor.buildFrame(now, ++this.#seq)
  }

  /** Handles a command from the UI. */
  cast(command: ConnCast): void {
    switch (command.type) {
      case 'connect':
        this.#start(command.options)
        break
      case 'disconnect':
        this.#lifecycle.stop()
        break
      case 'clearData':
        if (this.#ingestor) this.#newData(this.#dataUrl ?? '')
        break
      case 'select':
        this.#selected = command.topicId
        this.#ingestor?.select(command.topicId)
        this.#schedule()
        break
      case 'schemas':
        this.#protobuf.setSets(command.sets)
        break
      case 'responder':
        this.#responder.configure(command.config)
        break
      case 'decodeScripts':
        this.#decoders.setScripts(command.scripts)
        break
      case 'charts':
        this.#chartViews = command.views
        this.#ingestor?.setChartViews(command.views, Date.now())
        this.#schedule()
        break
    }
  }

  /** Handles a call from the UI; `ctx` carries its progress and its one reply. */
  call(msg: CallMessage, ctx: CallContext<ConnMethod>): void {
    // Each case hands on the context typed for its method (one assertion per method: the
    // mapped union of calls cannot narrow a shared context by itself).
    switch (msg.method) {
      case 'subscribe':
        return this.#subscriptions.subscribe(this.#lifecycle.client, this.#level, msg.args, (r) =>
          ctx.reply(r),
        )
      case 'unsubscribe':
        return this.#subscriptions.unsubscribe(this.#lifecycle.client, msg.args.filter, (r) =>
          ctx.reply(r),
        )
      case 'publish': {
        const c = ctx as CallContext<'publish'>
        const { message } = msg.args
        this.#echoes.expect(message.topic, message.payload, Date.now())
        return this.#outbox.publish(message, (result) => c.reply(result))
      }
      case 'request': {
        const c = ctx as CallContext<'request'>
        const { message, timeoutMs } = msg.args
        return this.#requests.request(ctx.id, message, timeoutMs, (r) => c.reply(r))
      }
      case 'repeat': {
        const c = ctx as CallContext<'repeat'>
        c.onCancel(() => this.#repeats.stop(ctx.id))
        return this.#repeats.start(
          ctx.id,
          msg.args,
          (p) => c.progress(p),
          (p) => c.reply(p),
        )
      }
      case 'testWill':
        return this.#testWill(ctx)
      case 'fetchPayload': {
        const { payload, size } = this.#ingestor?.payloadOf(msg.args.topicId) ?? {
          payload: new Uint8Array(0),
          size: 0,
        }
        return (ctx as CallContext<'fetchPayload'>).reply({ payload, size }, [payload.buffer])
      }
      case 'exportSeries': {
        const { ts, vs } = this.#ingestor?.exportSeries(msg.args.key) ?? {
          ts: new Float64Array(0),
          vs: new Float64Array(0),
        }
        return (ctx as CallContext<'exportSeries'>).reply({ ts, values: vs }, [
          ts.buffer,
          vs.buffer,
        ])
      }
      case 'record':
        return this.#record(ctx)
      case 'retainedScan':
        return this.#retained.scan(msg.args.filter, this.#link(), ctx)
      case 'retainedClear':
        return this.#retained.publish('clear', msg.args.topics, this.#link(), ctx)
      case 'retainedRestore': {
        const { messages } = msg.args
        const topics = messages.map((m) => m.topic)
        return this.#retained.publish('restore', topics, this.#link(), ctx, messages)
      }
      case 'brokerCheck':
        return this.#check.run(msg.args, ctx)
      case 'scriptDecode':
      case 'scriptDecodeMany':
      case 'scriptEncode':
        return this.#decoders.call(msg, ctx)
    }
  }

  /** Ends the client, its jobs and timers; the core cannot be used afterwards. */
  dispose(): void {
    this.#check.cancel()
    this.#lifecycle.dispose()
    this.#requests.dispose()
    this.#recorder?.stop()
    this.#recorder = undefined
    this.#responder.dispose()
  }

  #status(status: Omit<StatusMessage, 'type'>): void {
    this.#emit({ type: 'status', ...status })
  }

  #link() {
    const transport = this.#outbox.transport
    return this.#options && transport ? { options: this.#options, transport } : undefined
  }

  #start(options: ConnectOptions): void {
    this.#options = options
    this.#subscriptions.clear()
    // The same broker keeps the connection's data (and so the UI's expansion and selection);
    // another broker's topics would mix with it, so they start a new generation.
    if (!this.#ingestor || this.#dataUrl !== options.url) this.#newData(options.url)
    this.#lifecycle.start(options)
  }

  #newData(url: string): void {
    this.#dataUrl = url
    this.#generation++
    this.#ingestor = new Ingestor(this.#generation, Date.now(), this.#protobuf, this.#decoders)
    this.#ingestor.select(this.#selected)
    this.#ingestor.setChartViews(this.#chartViews, Date.now())
    this.#schedule()
  }

  #testWill(ctx: CallContext<'testWill'>): void {
    const answer = (ok: boolean, reason: Coded, willDelaySeconds = 0) =>
      ctx.reply({ ok, reason, willDelaySeconds })
    const client = this.#lifecycle.client
    const will = this.#options?.will
    if (!client?.connected) return answer(false, coded('will.notConnected'))
    if (!will) return answer(false, coded('will.none'))
    const level = this.#level
    const delay = level === 5 ? (will.properties?.willDelayInterval ?? 0) : 0
    this.#lifecycle.endForWill(level)
    const values = { topic: will.topic, seconds: delay }
    const reason =
      level === 5
        ? delay > 0
          ? coded('will.testedDisconnectDelayed', values)
          : coded('will.testedDisconnect', values)
        : delay > 0
          ? coded('will.testedCloseDelayed', values)
          : coded('will.testedClose', values)
    this.#status({ state: 'disconnected', reason })
    answer(true, reason, delay)
  }

  #record(ctx: CallContext<'record'>): void {
    // One recording per connection: a second start replaces the first, which ends first.
    this.#recorder?.stop()
    const recorder = new Recorder((chunk, transfer) => {
      if (chunk.final) {
        if (this.#recorder === recorder) this.#recorder = undefined
        ctx.reply(chunk, transfer)
      } else ctx.progress(chunk, transfer)
    })
    this.#recorder = recorder
    ctx.onCancel(() => recorder.stop())
  }
}
