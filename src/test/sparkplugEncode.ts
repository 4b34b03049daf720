/**
 * A Sparkplug B encoder for tests (unit and e2e), written against the Tahu .proto field numbers
 * with protobufjs' Writer, independently of the decoder under test.
 */
import { Writer } from 'protobufjs/minimal.js'

export interface TestMetric {
  name?: string
  alias?: number
  timestamp?: number
  datatype: number
  int?: number
  long?: number | bigint
  float?: number
  double?: number
  boolean?: boolean
  string?: string
}

export function encodeSparkplug(p: {
  timestamp?: number
  seq?: number
  metrics: TestMetric[]
}): Uint8Array {
  const w = Writer.create()
  if (p.timestamp !== undefined) w.uint32((1 << 3) | 0).uint64(p.timestamp)
  for (const m of p.metrics) {
    w.uint32((2 << 3) | 2).fork()
    if (m.name !== undefined) w.uint32((1 << 3) | 2).string(m.name)
    if (m.alias !== undefined) w.uint32((2 << 3) | 0).uint64(m.alias)
    if (m.timestamp !== undefined) w.uint32((3 << 3) | 0).uint64(m.timestamp)
    w.uint32((4 << 3) | 0).uint32(m.datatype)
    if (m.int !== undefined) w.uint32((10 << 3) | 0).uint32(m.int)
    if (m.long !== undefined) w.uint32((11 << 3) | 0).uint64(m.long.toString())
    if (m.float !== undefined) w.uint32((12 << 3) | 5).float(m.float)
    if (m.double !== undefined) w.uint32((13 << 3) | 1).double(m.double)
    if (m.boolean !== undefined) w.uint32((14 << 3) | 0).bool(m.boolean)
    if (m.string !== undefined) w.uint32((15 << 3) | 2).string(m.string)
    w.ldelim()
  }
  if (p.seq !== undefined) w.uint32((3 << 3) | 0).uint64(p.seq)
  // A plain Uint8Array: on Node the writer returns a Buffer.
  return new Uint8Array(w.finish())
}
