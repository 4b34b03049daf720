import { randomBytes } from 'node:crypto'
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, Server as HttpServer } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo, Server as TcpServer, Socket } from 'node:net'
import type { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { Aedes } from 'aedes'
import type { AedesPublishPacket, Client } from 'aedes'
import { WebSocketServer, createWebSocketStream } from 'ws'
import type { WebSocket } from 'ws'
import { topicMatches } from '../src/engine/topicFilter'

/** Which listener of the embedded broker a port belongs to. */
export type BrokerListener = 'tcp' | 'ws'

/** Options of {@link startBroker}; a port of 0 picks a free one. */
export interface BrokerOptions {
  host?: string
  tcpPort: number
  wsPort: number
  /** How often the $SYS summary is published, in ms (default 5000). */
  sysIntervalMs?: number
}

/** A running embedded broker with the ports it actually bound. */
export interface EmbeddedBroker {
  host: string
  tcpPort: number
  wsPort: number
  aedes: Aedes
  close(): Promise<void>
}

/** Rejection of {@link startBroker} when a port is taken; says which port and which listener. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE'
  readonly port: number
  readonly listener: BrokerListener

  constructor(port: number, listener: BrokerListener, host: string) {
    super(`Port ${port} on ${host} is already in use (broker ${listener} listener)`)
    this.name = 'PortInUseError'
    this.port = port
    this.listener = listener
  }
}

/** Version string published on $SYS/broker/version. */
export const BROKER_VERSION = 'mqtt-scope embedded aedes 1.2.0'

const SYS_PREFIX = '$SYS/'
const LOAD_WINDOW_MS = 60_000

/** Bytes seen on one connection so far; read at $SYS time, folded into totals at close. */
interface ByteMeter {
  read(): number
  written(): number
}

/** True when one of the client's filters matches a $-topic per the spec (not through + or #). */
function matchesDollarTopic(client: Client | null, topic: string): boolean {
  // aedes records a client's filters in `client.subscriptions` before it sends retained messages.
  const subs = (client as unknown as { subscriptions?: Record<string, unknown> } | null)
    ?.subscriptions
  return subs !== undefined && Object.keys(subs).some((filter) => topicMatches(filter, topic))
}

/** Start aedes with an MQTT 3.1.1 listener over TCP and one over WebSocket (any URL path). */
export async function startBroker(opts: BrokerOptions): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1'
  const sysIntervalMs = opts.sysIntervalMs ?? 5000
  const stats = new BrokerStats()

  const id = `mqtt-scope-${randomBytes(4).toString('hex')}`
  // aedes publishes its cluster bookkeeping under $SYS/<broker id>/ (new/clients, new/subscribes,
  // heartbeat, ...). Mosquitto has nothing like it, and in the dashboard it is noise that also
  // reveals client ids, so it is never forwarded to clients; aedes' own listeners still get it.
  const internalPrefix = `${SYS_PREFIX}${id}/`

  const aedes = await Aedes.createBroker({
    id,
    // Called once per packet and subscriber just before delivery, which makes it the one place
    // that sees every outgoing message (aedes has no "delivered" event).
    authorizeForward: (client, packet) => {
      if (packet.topic.startsWith(internalPrefix)) return null
      // MQTT-4.7.2-1: a filter starting with a wildcard must not match a topic starting with $.
      // aedes delivers $SYS/... to '#' subscribers anyway, so forward a $-topic only to a client
      // holding a filter that matches it under the spec's rule.
      if (packet.topic.startsWith('$') && !matchesDollarTopic(client, packet.topic)) return null
      if (!packet.topic.startsWith(SYS_PREFIX)) stats.messagesSent++
      return packet
    },
  })
  // Without a listener an 'error' (e.g. from persistence) would crash the whole `npm start`.
  // aedes' typings omit the 'error' event, hence the upcast to its EventEmitter base.
  ;(aedes as EventEmitter).on('error', (err: Error) =>
    console.error(`embedded broker: ${err.message}`),
  )
  aedes.on('publish', (packet: AedesPublishPacket, client: Client | null) => {
    // client is null for the broker's own publishes ($SYS, heartbeats, wills): not client traffic.
    if (client !== null && !packet.topic.startsWith(SYS_PREFIX)) stats.messagesReceived++
  })
  aedes.on('subscribe', (subs, client) => {
    const topics = stats.subscriptions.get(client.id) ?? new Set<string>()
    // 128 is the SUBACK failure code: a refused filter is no subscription.
    for (const sub of subs) if ((sub.qos as number) !== 128) topics.add(sub.topic)
    stats.subscriptions.set(client.id, topics)
  })
  aedes.on('unsubscribe', (topics, client) => {
    const own = stats.subscriptions.get(client.id)
    if (own === undefined) return
    for (const topic of topics) own.delete(topic)
    if (own.size === 0) stats.subscriptions.delete(client.id)
  })
  aedes.on('clientDisconnect', (client) => {
    // A persistent session keeps its subscriptions (as in mosquitto); a clean one loses them.
    if (client.clean) stats.subscriptions.delete(client.id)
  })

  const sockets = new Set<Socket>()
  const tcpServer = createTcpServer({ noDelay: true }, (socket) => {
    sockets.add(socket)
    const meter: ByteMeter = { read: () => socket.bytesRead, written: () => socket.bytesWritten }
    stats.meters.add(meter)
    socket.once('close', () => {
      sockets.delete(socket)
      stats.retire(meter)
    })
    aedes.handle(socket)
  })

  const httpServer = createHttpServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' })
    res.end('This is an MQTT over WebSocket endpoint of the mqtt-scope embedded broker.\n')
  })
  // No `path` option: like mosquitto, accept the upgrade on any URL path (/, /mqtt, /ws, ...).
  // permessage-deflate off: compressing tiny MQTT frames costs CPU on both ends for nothing.
  const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false })
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const { stream, meter } = coalescingStream(ws)
    stats.meters.add(meter)
    ws.once('close', () => stats.retire(meter))
    aedes.handle(stream, req)
  })
  // ws re-emits the HTTP server's errors; a failed listen() is already reported by listen(),
  // and without a listener any of them would be thrown as an unhandled 'error'.
  wss.on('error', (err: Error) => {
    if (httpServer.listening) console.error(`embedded broker (ws): ${err.message}`)
  })

  const closeAedes = () => new Promise<void>((resolve) => aedes.close(() => resolve()))

  let tcpPort: number
  let wsPort: number
  try {
    tcpPort = await listen(tcpServer, opts.tcpPort, host, 'tcp')
  } catch (err) {
    await closeAedes()
    throw err
  }
  try {
    wsPort = await listen(httpServer, opts.wsPort, host, 'ws')
  } catch (err) {
    await closeServer(tcpServer)
    await closeAedes()
    throw err
  }

  const publishSys = () => {
    for (const [topic, value] of stats.summary(aedes.connectedClients)) {
      aedes.publish(
        {
          cmd: 'publish',
          topic,
          payload: Buffer.from(value, 'utf8'),
          qos: 0,
          retain: true,
          dup: false,
        },
        () => undefined,
      )
    }
  }
  // Publish once at once so a fresh subscriber to $SYS/# sees the summary without waiting.
  publishSys()
  const sysTimer = setInterval(publishSys, sysIntervalMs)
  sysTimer.unref()

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sysTimer)
      // Since ws 8 the server no longer closes its connections, and net/http servers only
      // call back once every connection is gone, so everything open is torn down explicitly.
      for (const client of wss.clients) client.terminate()
      for (const socket of sockets) socket.destroy()
      await closeAedes()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      httpServer.closeAllConnections()
      await Promise.all([closeServer(tcpServer), closeServer(httpServer)])
    })()
    return closing
  }

  return { host, tcpPort, wsPort, aedes, close }
}

/**
 * Wrap a WebSocket in a duplex stream for aedes whose writes are coalesced.
 *
 * mqtt-packet writes every packet in several pieces (header, length, topic, payload, ...)
 * inside a cork()/nextTick(uncork) pair. `createWebSocketStream` has no `_writev`, so on
 * uncork each piece is sent on its own: ~5 WebSocket frames per PUBLISH, and a browser pays
 * per frame (measured: ~7.8 k vs ~19–20 k msgs/s in a worker page). With `_writev` the
 * corked pieces arrive together and go out as one frame; under backpressure several packets
 * share one frame, which MQTT over WebSocket allows.
 */
function coalescingStream(ws: WebSocket): { stream: Duplex; meter: ByteMeter } {
  const stream = createWebSocketStream(ws)
  let bytesRead = 0
  let bytesWritten = 0
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    bytesRead += Array.isArray(data)
      ? data.reduce((n, b) => n + b.length, 0)
      : data instanceof ArrayBuffer
        ? data.byteLength
        : data.length
  })
  const write = stream._write.bind(stream)
  stream._write = (chunk: Buffer, encoding, callback) => {
    bytesWritten += chunk.length
    write(chunk, encoding, callback)
  }
  stream._writev = (chunks: { chunk: Buffer | string; encoding: BufferEncoding }[], callback) => {
    const buffers = chunks.map(({ chunk, encoding }) =>
      typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk,
    )
    const joined = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers)
    bytesWritten += joined.length
    // Writable itself labels Buffer chunks 'buffer', a value @types/node leaves out.
    write(joined, 'buffer' as BufferEncoding, callback)
  }
  return { stream, meter: { read: () => bytesRead, written: () => bytesWritten } }
}

/** Listen on host:port; turn EADDRINUSE into a {@link PortInUseError} naming the listener. */
function listen(
  server: TcpServer | HttpServer,
  port: number,
  host: string,
  listener: BrokerListener,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(port, listener, host) : err)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

function closeServer(server: TcpServer | HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
  })
}

/** Counters behind the Mosquitto-style $SYS summary. */
class BrokerStats {
  readonly startedAt = Date.now()
  messagesReceived = 0
  messagesSent = 0
  /** Subscription filters per client id. */
  readonly subscriptions = new Map<string, Set<string>>()
  /** Live connections; closed ones are folded into the two totals below. */
  readonly meters = new Set<ByteMeter>()
  private closedBytesRead = 0
  private closedBytesWritten = 0
  /** (time, messagesReceived) samples covering the last minute, for the load figure. */
  private readonly samples: { at: number; received: number }[] = [{ at: Date.now(), received: 0 }]

  retire(meter: ByteMeter): void {
    if (!this.meters.delete(meter)) return
    this.closedBytesRead += meter.read()
    this.closedBytesWritten += meter.written()
  }

  /** The $SYS topics and their values right now. */
  summary(connectedClients: number): [string, string][] {
    const now = Date.now()
    let bytesRead = this.closedBytesRead
    let bytesWritten = this.closedBytesWritten
    for (const meter of this.meters) {
      bytesRead += meter.read()
      bytesWritten += meter.written()
    }
    let subscriptionCount = 0
    for (const topics of this.subscriptions.values()) subscriptionCount += topics.size
    return [
      ['$SYS/broker/version', BROKER_VERSION],
      ['$SYS/broker/uptime', `${Math.floor((now - this.startedAt) / 1000)} seconds`],
      ['$SYS/broker/clients/connected', String(connectedClients)],
      ['$SYS/broker/messages/received', String(this.messagesReceived)],
      ['$SYS/broker/messages/sent', String(this.messagesSent)],
      ['$SYS/broker/bytes/received', String(bytesRead)],
      ['$SYS/broker/bytes/sent', String(bytesWritten)],
      ['$SYS/broker/load/messages/received/1min', this.loadPerMinute(now).toFixed(2)],
      ['$SYS/broker/subscriptions/count', String(subscriptionCount)],
    ]
  }

  /**
   * Messages received per minute over the last minute (or since start, scaled, when younger).
   * A sliding window rather than mosquitto's exponential average: it reads right at once on a
   * fresh start instead of creeping up over several minutes.
   */
  private loadPerMinute(now: number): number {
    this.samples.push({ at: now, received: this.messagesReceived })
    while (this.samples.length > 2 && this.samples[1]!.at <= now - LOAD_WINDOW_MS) {
      this.samples.shift()
    }
    const oldest = this.samples[0]!
    const elapsed = now - oldest.at
    if (elapsed <= 0) return 0
    return ((this.messagesReceived - oldest.received) * 60_000) / elapsed
  }
}
