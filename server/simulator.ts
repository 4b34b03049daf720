import { randomBytes } from 'node:crypto'
import mqtt from 'mqtt'
import type { MqttClient } from 'mqtt'

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** e.g. mqtt://127.0.0.1:1883 */
  brokerUrl: string
  /** Total messages per second across all topics (default 40). */
  rate?: number
  /** First topic level (default 'demo'). */
  prefix?: string
}

/** A running simulator. */
export interface Simulator {
  stop(): Promise<void>
  /** Messages published so far, retained ones included. */
  sent(): number
}

/** Timer tick of the pacer in ms. */
const TICK_MS = 10
/** At most this much time's worth of messages per tick: a stalled loop skips, never bursts. */
const MAX_CATCH_UP_MS = 50
/** Skip ticks while this many bytes wait in the socket: a slow broker gets no unbounded queue. */
const MAX_BUFFERED_BYTES = 1 << 20

/** Magic bytes that open the meter's binary frame; 0xFF never occurs in UTF-8. */
export const METER_MAGIC = [0xff, 0xfe] as const

const FLOORS = [
  { floor: 1, rooms: ['101', '102', '103'] },
  { floor: 2, rooms: ['201', '202', '203'] },
]

/** Publish a small simulated building (2 floors × 3 rooms and an energy meter) over MQTT. */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const rate = opts.rate ?? 40
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`rate must be > 0, got ${rate}`)
  const root = `${opts.prefix ?? 'demo'}/building`
  const building = new Building(root)
  const gatewayStatus = `${root}/gateway/status`

  const client = await mqtt.connectAsync(
    opts.brokerUrl,
    {
      protocolVersion: 4,
      clientId: `mqtt-scope-sim-${randomBytes(4).toString('hex')}`,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      // While disconnected MQTT.js would otherwise queue every QoS 0 message without limit.
      queueQoSZero: false,
      will: { topic: gatewayStatus, payload: Buffer.from('offline'), qos: 0, retain: true },
    },
    false,
  )

  // MQTT.js emits socket errors (ECONNREFUSED on each reconnect attempt...) as 'error', which
  // would throw without a listener; report each kind once per outage instead of every second.
  let lastError: string | undefined
  client.on('error', (err) => {
    if (err.message === lastError) return
    lastError = err.message
    console.error(`simulator: ${err.message}`)
  })
  client.on('connect', () => (lastError = undefined))

  let sent = 0
  const publish = (topic: string, payload: string | Buffer, retain = false) => {
    sent++
    client.publish(topic, payload, { qos: 0, retain })
  }

  // Retained topics describe the building to a late subscriber. Sent again on every
  // (re)connect, since a restarted broker has forgotten them.
  const publishRetained = () => {
    publish(gatewayStatus, 'online', true)
    publish(`${root}/devices`, JSON.stringify(building.deviceList()), true)
    for (const device of building.deviceList()) publish(`${device.topic}/status`, 'online', true)
  }
  publishRetained()
  client.on('connect', publishRetained)

  const channels = building.channels()
  const pick = smoothWeightedRoundRobin(channels.map((c) => c.weight))
  const startedAt = performance.now()
  let scheduled = 0

  const tick = () => {
    const now = performance.now()
    const due = Math.floor(((now - startedAt) * rate) / 1000)
    let count = due - scheduled
    const maxPerTick = Math.max(1, Math.ceil((rate * MAX_CATCH_UP_MS) / 1000))
    if (count > maxPerTick) count = maxPerTick
    // Whatever is not published now is skipped, not owed: the rate is a ceiling, not a debt.
    scheduled = due
    if (!client.connected || client.stream.writableLength > MAX_BUFFERED_BYTES) return
    const wallClock = Date.now()
    for (let i = 0; i < count; i++) {
      const channel = channels[pick()]!
      publish(channel.topic, channel.payload(wallClock))
    }
  }
  const timer = setInterval(tick, TICK_MS)

  let stopping: Promise<void> | undefined
  return {
    sent: () => sent,
    stop: () => {
      stopping ??= (async () => {
        clearInterval(timer)
        client.off('connect', publishRetained)
        // A clean DISCONNECT suppresses the will, so say "offline" ourselves.
        if (client.connected) publish(gatewayStatus, 'offline', true)
        await endClient(client)
      })()
      return stopping
    },
  }
}

async function endClient(client: MqttClient): Promise<void> {
  // end() waits for the socket to flush; force it if the broker has gone away meanwhile.
  let timeout: NodeJS.Timeout | undefined
  await Promise.race([
    client.endAsync(),
    new Promise<void>((resolve) => {
      timeout = setTimeout(() => {
        client.end(true)
        resolve()
      }, 1000)
    }),
  ])
  clearTimeout(timeout)
}

/**
 * Index picker that interleaves by weight (nginx's smooth weighted round-robin): a topic of
 * weight 3 comes up 3 times as often as one of weight 1, spread out rather than in runs.
 */
function smoothWeightedRoundRobin(weights: number[]): () => number {
  const total = weights.reduce((a, b) => a + b, 0)
  const current = weights.map(() => 0)
  return () => {
    let best = 0
    for (let i = 0; i < weights.length; i++) {
      current[i]! += weights[i]!
      if (current[i]! > current[best]!) best = i
    }
    current[best]! -= total
    return best
  }
}

interface Channel {
  topic: string
  /** Relative share of the total rate. */
  weight: number
  payload(now: number): string | Buffer
}

interface Device {
  id: string
  type: 'room-sensor' | 'energy-meter'
  topic: string
  floor?: number
  room?: string
  measurements: string[]
}

/** Gaussian noise (Box–Muller). */
function gauss(): number {
  const u = 1 - Math.random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random())
}

/** Position in the local day as a sine: -1 at 03:00, +1 at 15:00. */
function dailyCycle(now: number): number {
  const d = new Date(now)
  const hours = d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600
  return Math.sin((2 * Math.PI * (hours - 9)) / 24)
}

/** One room's physical state, advanced lazily by the time since it was last read. */
class Room {
  readonly topic: string
  readonly floor: number
  readonly room: string
  private readonly baseTemperature: number
  private readonly basePower: number
  private temperature: number
  private humidity: number
  private power: number
  private co2 = 450
  private voc = 0.1
  private doorOpen = false
  private occupied = false
  private updatedAt = Date.now()

  constructor(
    root: string,
    floor: number,
    room: string,
    baseTemperature: number,
    basePower: number,
  ) {
    this.floor = floor
    this.room = room
    this.baseTemperature = baseTemperature
    this.basePower = basePower
    this.topic = `${root}/floor${floor}/room${room}`
    this.temperature = baseTemperature
    this.humidity = 42 + 6 * Math.random()
    this.power = basePower
  }

  /** Mean-reverting random walks towards targets set by the time of day and occupancy. */
  advance(now: number): void {
    const dt = Math.min(10, Math.max(0, (now - this.updatedAt) / 1000))
    this.updatedAt = now
    if (dt === 0) return
    // Occupancy and the door are Markov chains with expected dwell times of ~40 s and ~15 s.
    if (Math.random() < dt / 40) this.occupied = !this.occupied
    if (Math.random() < dt / (this.doorOpen ? 5 : 25)) this.doorOpen = !this.doorOpen

    const revert = (value: number, target: number, tau: number, sigma: number) =>
      value + (target - value) * Math.min(1, dt / tau) + sigma * Math.sqrt(dt) * gauss()

    const day = dailyCycle(now)
    const tTarget = this.baseTemperature + 1.5 * day + (this.occupied ? 0.8 : 0)
    this.temperature = revert(this.temperature, tTarget, 60, 0.03)
    const hTarget = 45 - 2.5 * (this.temperature - 21) + (this.occupied ? 3 : 0)
    this.humidity = Math.min(95, Math.max(10, revert(this.humidity, hTarget, 90, 0.1)))
    const pTarget = this.basePower + (this.occupied ? 240 : 0) + 40 * Math.max(0, day)
    this.power = Math.max(0, revert(this.power, pTarget, 8, 6))
    const cTarget = this.occupied ? 950 : 430
    this.co2 = Math.max(400, revert(this.co2, cTarget, 120, 4))
    this.voc = Math.max(0, revert(this.voc, this.occupied ? 0.35 : 0.08, 120, 0.005))
  }

  get watts(): number {
    return this.power
  }

  get isOccupied(): boolean {
    return this.occupied
  }

  channels(): Channel[] {
    const read = <T>(f: () => T) => {
      return (now: number) => {
        this.advance(now)
        return f()
      }
    }
    return [
      {
        topic: `${this.topic}/temperature`,
        weight: 2,
        payload: read(() => this.temperature.toFixed(2)),
      },
      { topic: `${this.topic}/humidity`, weight: 1, payload: read(() => this.humidity.toFixed(1)) },
      { topic: `${this.topic}/power`, weight: 3, payload: read(() => this.power.toFixed(1)) },
      {
        topic: `${this.topic}/env`,
        weight: 1,
        payload: (now) => {
          this.advance(now)
          return JSON.stringify({
            temperature: round(this.temperature, 2),
            humidity: round(this.humidity, 1),
            air: { co2: Math.round(this.co2), voc: round(this.voc, 3) },
            ts: now,
          })
        },
      },
      {
        topic: `${this.topic}/door`,
        weight: 0.5,
        payload: read(() => (this.doorOpen ? 'open' : 'closed')),
      },
      { topic: `${this.topic}/occupied`, weight: 0.5, payload: read(() => String(this.occupied)) },
    ]
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** The rooms plus one energy meter that reports a packed binary frame. */
class Building {
  private readonly rooms: Room[]
  private readonly meterTopic: string
  private sequence = 0
  private energyKwh = 12_345.678
  private meterReadAt = Date.now()

  constructor(root: string) {
    this.meterTopic = `${root}/meter`
    this.rooms = FLOORS.flatMap(({ floor, rooms }) =>
      rooms.map(
        (room, i) => new Room(root, floor, room, 20.5 + 0.6 * i + 0.4 * floor, 40 + 35 * i),
      ),
    )
  }

  deviceList(): Device[] {
    return [
      ...this.rooms.map((r): Device => ({
        id: `floor${r.floor}-room${r.room}`,
        type: 'room-sensor',
        topic: r.topic,
        floor: r.floor,
        room: r.room,
        measurements: ['temperature', 'humidity', 'power', 'env', 'door', 'occupied'],
      })),
      { id: 'meter', type: 'energy-meter', topic: this.meterTopic, measurements: ['raw'] },
    ]
  }

  channels(): Channel[] {
    return [
      ...this.rooms.flatMap((r) => r.channels()),
      { topic: `${this.meterTopic}/raw`, weight: 2, payload: (now) => this.meterFrame(now) },
    ]
  }

  /**
   * The meter's frame, 28 bytes little-endian: magic FF FE, u8 version (1), u8 flags (bit 0:
   * some room occupied), u32 sequence, u32 unix seconds, f32 total power W, f64 energy kWh,
   * u16 voltage in 0.1 V, u16 frequency in 0.01 Hz. Deliberately not UTF-8, so the dashboard
   * has one topic that must be shown as bytes.
   */
  private meterFrame(now: number): Buffer {
    let watts = 0
    for (const room of this.rooms) {
      room.advance(now)
      watts += room.watts
    }
    this.energyKwh += (watts * Math.max(0, now - this.meterReadAt)) / 3_600_000_000
    this.meterReadAt = now
    const buf = Buffer.alloc(28)
    buf[0] = METER_MAGIC[0]
    buf[1] = METER_MAGIC[1]
    buf.writeUInt8(1, 2)
    buf.writeUInt8(this.rooms.some((r) => r.isOccupied) ? 1 : 0, 3)
    buf.writeUInt32LE(this.sequence, 4)
    this.sequence = (this.sequence + 1) >>> 0
    buf.writeUInt32LE(Math.floor(now / 1000), 8)
    buf.writeFloatLE(watts, 12)
    buf.writeDoubleLE(this.energyKwh, 16)
    buf.writeUInt16LE(Math.round(2300 + 20 * gauss()), 24)
    buf.writeUInt16LE(Math.round(5000 + 3 * gauss()), 26)
    return buf
  }
}
