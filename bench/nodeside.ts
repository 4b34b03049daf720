// The quick Node-side figures, printed before the browser steps (they used to be timed unit
// tests; a test must not assert wall-clock speed): the message log filter's throughput and the
// simulator's achieved rate against its configured rate. The simulator publishes retained topics,
// so it runs against its own embedded broker, not the Mosquitto the pages use.
import mqtt from 'mqtt'
import { compileLogFilter, LogMatches } from '../src/features/messages/logFilter.ts'
import type { LogRows } from '../src/wire/frame.ts'
import { LogRing } from '../src/store/LogRing.ts'
import { startBroker } from '../server/broker.ts'
import { startSimulator } from '../server/simulator.ts'
import { addCleanup, sleep } from './processes.ts'

const RING_ROWS = 10_000
const ROWS_PER_FRAME = 500
const FILTER_MS = 1000
const SIM_SECONDS = 2

const TOPICS = ['sensors/room1/temp', 'sensors/room2/temp', 'sensors/room1/hum', '$SYS/uptime']

function batch(n: number, offset: number): LogRows {
  const utf8 = new TextEncoder()
  const bytes = Array.from({ length: n }, (_, i) => utf8.encode(`{"t":${(offset + i) % 30}}`))
  const offsets = new Uint32Array(n + 1)
  bytes.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length))
  const packed = new Uint8Array(offsets[n]!)
  bytes.forEach((b, i) => packed.set(b, offsets[i]))
  return {
    topicIds: Int32Array.from({ length: n }, (_, i) => (offset + i) % TOPICS.length),
    ts: Float64Array.from({ length: n }, (_, i) => offset + i),
    sizes: Uint32Array.from(bytes.map((b) => b.length)),
    flags: new Uint8Array(n),
    previews: { bytes: packed, offsets },
  }
}

/** Rows per ms that LogMatches.update scans over a full ring, new rows every "frame". */
function logFilterRowsPerMs(): { rowsPerMs: number; frames: number } {
  const ring = new LogRing(RING_ROWS)
  const filter = compileLogFilter({ topic: 'sensors/+/temp', text: '21' })
  if (!filter) throw new Error('filter did not compile')
  const topicOf = (id: number): string => TOPICS[id] ?? ''
  const m = new LogMatches()
  // Fill the ring first, so every frame also evicts: the steady state of a busy log.
  ring.append(batch(RING_ROWS, 0))
  m.update(ring, filter, topicOf, ring.total)
  const frames = Array.from({ length: 20 }, (_, i) => batch(ROWS_PER_FRAME, i * ROWS_PER_FRAME))
  let rows = 0
  let n = 0
  const started = performance.now()
  while (performance.now() - started < FILTER_MS) {
    ring.append(frames[n % frames.length]!)
    m.update(ring, filter, topicOf, ring.total)
    rows += ROWS_PER_FRAME
    n++
  }
  return { rowsPerMs: rows / (performance.now() - started), frames: n }
}

/** What the simulator publishes and what a subscriber receives per second, at `rate`. */
async function simulatorRate(
  tcpPort: number,
  rate: number,
): Promise<{ published: number; received: number }> {
  const url = `mqtt://127.0.0.1:${tcpPort}`
  const prefix = `benchsim${rate}`
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0 })
  const forgetSub = addCleanup(() => sub.endAsync(true))
  let received = 0
  sub.on('message', () => received++)
  await sub.subscribeAsync(`${prefix}/#`)
  const sim = await startSimulator({ brokerUrl: url, rate, prefix })
  const forgetSim = addCleanup(() => sim.stop())
  try {
    // Past the retained burst at start: count over a window that begins after a moment.
    await sleep(300)
    const sent0 = sim.sent()
    const received0 = received
    const t0 = performance.now()
    await sleep(SIM_SECONDS * 1000)
    const seconds = (performance.now() - t0) / 1000
    return {
      published: (sim.sent() - sent0) / seconds,
      received: (received - received0) / seconds,
    }
  } finally {
    await sim.stop()
    forgetSim()
    await sub.endAsync(true)
    forgetSub()
  }
}

export async function runNodeSection(simRates: number[]): Promise<unknown> {
  console.log('\nNode side')
  const filter = logFilterRowsPerMs()
  console.log(
    `  message log filter: ${filter.rowsPerMs.toFixed(0)} rows/ms (LogMatches.update, ` +
      `${RING_ROWS}-row ring, ${ROWS_PER_FRAME} new rows per frame, topic wildcard + text)`,
  )
  const sims: { rate: number; published: number; received: number }[] = []
  const broker = await startBroker({ host: '127.0.0.1', tcpPort: 0, wsPort: 0 })
  const forget = addCleanup(() => broker.close())
  for (const rate of simRates) {
    const r = await simulatorRate(broker.tcpPort, rate)
    sims.push({ rate, ...r })
    console.log(
      `  simulator at ${rate} msgs/s: published ${r.published.toFixed(0)}/s, ` +
        `a subscriber received ${r.received.toFixed(0)}/s (${SIM_SECONDS} s, embedded broker)`,
    )
  }
  await broker.close()
  forget()
  return { logFilter: filter, simulator: sims }
}
