/**
 * Example scripts shipped with the app (the script editor offers them; the tests run them).
 */

/** The simulator's binary meter (server/simulator.ts, `meterFrame`). */
export const METER_TOPIC = 'demo/building/meter/raw'

/**
 * Decodes the simulator's meter frame: 28 bytes little-endian, magic FF FE, u8 version, u8 flags
 * (bit 0: some room occupied), u32 sequence, u32 unix seconds, f32 total power W, f64 energy
 * kWh, u16 voltage in 0.1 V, u16 frequency in 0.01 Hz.
 */
export const METER_DECODE_SCRIPT = `// Decodes the simulator's energy meter (${METER_TOPIC}).
// 28 bytes, little-endian: FF FE magic, version, flags, sequence, unix time,
// power (float32 W), energy (float64 kWh), voltage (0.1 V), frequency (0.01 Hz).
export function decode(bytes, topic) {
  if (bytes.length < 28 || bytes[0] !== 0xff || bytes[1] !== 0xfe)
    throw new Error('not a meter frame (' + bytes.length + ' bytes)')
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {
    version: v.getUint8(2),
    occupied: (v.getUint8(3) & 1) === 1,
    sequence: v.getUint32(4, true),
    time: new Date(v.getUint32(8, true) * 1000).toISOString(),
    powerW: Math.round(v.getFloat32(12, true) * 10) / 10,
    energyKWh: v.getFloat64(16, true),
    voltageV: v.getUint16(24, true) / 10,
    frequencyHz: v.getUint16(26, true) / 100,
  }
}
`

/** Encodes JSON in the meter's layout, e.g. to test a decoder from the composer. */
export const METER_ENCODE_SCRIPT = `// Encodes {"powerW": 1200, "energyKWh": 12345.6, ...} as a meter frame.
export function encode(input) {
  const m = typeof input === 'object' && input !== null ? input : {}
  const bytes = new Uint8Array(28)
  const v = new DataView(bytes.buffer)
  bytes[0] = 0xff
  bytes[1] = 0xfe
  v.setUint8(2, 1)
  v.setUint8(3, m.occupied ? 1 : 0)
  v.setUint32(4, m.sequence ?? 0, true)
  v.setUint32(8, Math.floor((m.time ? Date.parse(m.time) : Date.now()) / 1000), true)
  v.setFloat32(12, m.powerW ?? 0, true)
  v.setFloat64(16, m.energyKWh ?? 0, true)
  v.setUint16(24, Math.round((m.voltageV ?? 230) * 10), true)
  v.setUint16(26, Math.round((m.frequencyHz ?? 50) * 100), true)
  return bytes
}
`

/** The request topics the mock device answers. */
export const MOCK_DEVICE_FILTER = 'demo/device/+/request'

/**
 * A mock device: answers JSON commands on `demo/device/<id>/request` with its state. MQTT 5
 * requests are answered on their response topic with their correlation data; MQTT 3.1.1 ones
 * (which have neither) on `demo/device/<id>/response`.
 */
export const MOCK_DEVICE_RESPONDER_SCRIPT = `// A mock device: {"cmd":"get"} or {"cmd":"set","on":true,"level":40}
// on demo/device/<id>/request. Answers on the request's response topic
// (MQTT 5) with its correlation data, else on demo/device/<id>/response.
const devices = {}

export function respond(message) {
  const id = message.topic.split('/')[2]
  const state = (devices[id] ??= { on: false, level: 0, changes: 0 })
  const request = message.json
  let reply
  if (!request || typeof request.cmd !== 'string') {
    reply = { ok: false, error: 'expected JSON like {"cmd":"get"}' }
  } else if (request.cmd === 'get') {
    reply = { ok: true, device: id, ...state }
  } else if (request.cmd === 'set') {
    if (typeof request.on === 'boolean') state.on = request.on
    if (Number.isFinite(request.level)) state.level = Math.max(0, Math.min(100, request.level))
    state.changes++
    reply = { ok: true, device: id, ...state }
  } else {
    reply = { ok: false, error: 'unknown command ' + request.cmd }
  }
  const props = message.properties
  return {
    topic: props.responseTopic ?? message.topic.replace(/\\/request$/, '/response'),
    payload: reply,
    qos: 1,
    properties: {
      contentType: 'application/json',
      ...(props.correlationData ? { correlationData: props.correlationData } : {}),
    },
  }
}
`
