// The bench's load generator, run as its own process (`tsx bench/publisher.ts <port> <rate>
// <topics> <seconds> [jsonShare] [json|protobuf]`) so that its CPU use never counts against the bench's HTTP
// server or timers. It speaks raw MQTT 3.1.1 over TCP to Mosquitto, QoS 0, and is PACED: an
// unthrottled flood overruns Mosquitto's per-client queue and drops QoS 0 messages before they
// reach the browser, which would measure the broker, not the page.
// Messages go to `bench/t/<i % topics>` (~40-byte JSON); a share `jsonShare` of them instead to
// `bench/json/0` with four numeric fields, the busy JSON topic of the app's "full view" (details
// and a 4-series chart); with `protobuf`, to `bench/pb/0` with the same fields encoded with
// bench/bench.proto instead (reading.ts). Prints `{"started":…}` when the first message is written, then one JSON
// line: { sent, startedAt, elapsedMs }.
import net from 'node:net'
import { generate } from 'mqtt-packet'
import { PB_TOPIC, JSON_TOPIC } from './config.ts'
import { readingAt, readingEncoder, readingJson } from './reading.ts'

export interface PublisherResult {
  sent: number
  /** Wall-clock ms (Date.now) of the first message, comparable with the pages' report times. */
  startedAt: number
  elapsedMs: number
}

// A 1 ms timer tick: fine enough to keep bursts small (30 messages at 30 k msgs/s), coarse enough
// that the publisher sleeps between ticks instead of spinning a core of a 2-core machine.
const TICK_MS = 1
const CONNACK_TIMEOUT_MS = 5000
/** The longest run: a soak of 5 million messages at 20 k/s takes 250 s. */
const MAX_SECONDS = 3600

function parseArgs(argv: string[]): {
  port: number
  rate: number
  topics: number
  seconds: number
  jsonShare: number
  busy: 'json' | 'protobuf'
} {
  const [port, rate, topics, seconds, jsonShare = 0] = argv.slice(0, 5).map(Number)
  const busy = argv[5] ?? 'json'
  const ok = (n: number | undefined, max: number): n is number =>
    n !== undefined && Number.isFinite(n) && n > 0 && n <= max
  // Bounded, so a typo cannot start an endless or absurd load.
  if (
    !ok(port, 65535) ||
    !ok(rate, 200_000) ||
    !ok(topics, 100_000) ||
    !ok(seconds, MAX_SECONDS) ||
    !(jsonShare >= 0 && jsonShare <= 1) ||
    (busy !== 'json' && busy !== 'protobuf')
  ) {
    throw new Error(
      `usage: publisher.ts <port> <rate ≤ 200000> <topics ≤ 100000> <seconds ≤ ${MAX_SECONDS}> [jsonShare 0–1] [json|protobuf]`,
    )
  }
  return { port, rate, topics, seconds, jsonShare, busy }
}

/** Whether message `seq` goes to the JSON topic: exactly `share` of them, evenly spread. */
const isJson = (seq: number, share: number): boolean =>
  Math.floor((seq + 1) * share) > Math.floor(seq * share)

/** The busy topic's payload: its JSON text, or protobuf bytes when `pb` is given. */
type BusyEncoder = ((seq: number) => Buffer) | undefined

function publishPacket(seq: number, topics: number, jsonShare: number, pb: BusyEncoder): Buffer {
  if (isJson(seq, jsonShare)) {
    return generate({
      cmd: 'publish',
      topic: pb ? PB_TOPIC : JSON_TOPIC,
      payload: pb ? pb(seq) : readingJson(readingAt(seq)),
      qos: 0,
      dup: false,
      retain: false,
    })
  }
  // ~40-byte JSON payload, like a small sensor reading. Numbered among the non-JSON messages
  // only, so every one of the `topics` topics gets its share.
  const value = (20 + ((seq * 7) % 100) / 10).toFixed(2)
  const plain = seq - Math.floor(seq * jsonShare)
  return generate({
    cmd: 'publish',
    topic: `bench/t/${plain % topics}`,
    payload: `{"seq":${seq},"v":${value},"unit":"C"}`,
    qos: 0,
    dup: false,
    retain: false,
  })
}

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port })
  socket.setNoDelay(true)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no CONNACK from broker')), CONNACK_TIMEOUT_MS)
    socket.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    socket.once('connect', () => {
      socket.write(
        generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clientId: `bench-pub-${process.pid}`,
          clean: true,
          keepalive: 60,
        }),
      )
    })
    socket.once('data', (data: Buffer) => {
      clearTimeout(timer)
      // CONNACK is 0x20 0x02 <flags> <return code>; return code 0 is "accepted".
      if (data[0] === 0x20 && data[3] === 0) resolve()
      else reject(new Error(`broker refused connection: ${data.toString('hex')}`))
    })
  })
  return socket
}

async function run(): Promise<PublisherResult> {
  const { port, rate, topics, seconds, jsonShare, busy } = parseArgs(process.argv.slice(2))
  const encode = busy === 'protobuf' ? readingEncoder() : undefined
  const pb: BusyEncoder = encode ? (seq) => encode(readingAt(seq)) : undefined
  const socket = await connect(port)
  const total = Math.round(rate * seconds)
  let sent = 0
  let stopRequested = false
  process.once('SIGTERM', () => (stopRequested = true))
  const startedAt = Date.now()
  const start = performance.now()

  while (sent < total && !stopRequested) {
    const elapsed = performance.now() - start
    // Bounded in time even if the socket stalls; a short run gets 10 s of slack for a slow start.
    if (elapsed > (seconds * 2 + 10) * 1000) break
    const due = Math.min(total, Math.floor((rate * elapsed) / 1000)) - sent
    if (due > 0) {
      const packets: Buffer[] = []
      for (let i = 0; i < due; i++) packets.push(publishPacket(sent + i, topics, jsonShare, pb))
      if (sent === 0) process.stdout.write(`${JSON.stringify({ started: Date.now() })}\n`)
      sent += due
      // One write per tick; if the kernel buffer is full, wait rather than queue without bound.
      if (!socket.write(Buffer.concat(packets))) {
        await new Promise<void>((resolve) => socket.once('drain', resolve))
      }
    }
    await new Promise<void>((resolve) => setTimeout(resolve, TICK_MS))
  }
  const elapsedMs = performance.now() - start

  await new Promise<void>((resolve) => socket.end(generate({ cmd: 'disconnect' }), resolve))
  socket.destroy()
  return { sent, startedAt, elapsedMs: Math.round(elapsedMs) }
}

run().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`)
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exitCode = 1
  },
)
