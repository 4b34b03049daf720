import { describe, expect, it } from 'vitest'
import { FLAG_RETAIN, QOS_SHIFT, type LogRows } from '../../wire/frame'
import { LogRing } from '../../store/LogRing'
import { exportLog } from './logExport'

const utf8 = new TextEncoder()
const topics = ['a/b', 'c,d']
const topicOf = (id: number) => topics[id]!
const T = Date.UTC(2026, 10, 22, 6, 0, 0, 5)

function ringWith(): LogRing {
  const previews = [
    utf8.encode('hello'),
    new Uint8Array([0xff, 0xfe]),
    utf8.encode('x'.repeat(256)),
  ]
  const offsets = new Uint32Array([0, 5, 7, 263])
  const bytes = new Uint8Array(263)
  previews.forEach((p, i) => bytes.set(p, offsets[i]))
  const rows: LogRows = {
    topicIds: Int32Array.from([0, 1, 0]),
    ts: Float64Array.from([T, T + 1, T + 2]),
    sizes: Uint32Array.from([5, 2, 5000]),
    flags: Uint8Array.from([(1 << QOS_SHIFT) | FLAG_RETAIN, 2 << QOS_SHIFT, 0]),
    previews: { bytes, offsets },
  }
  const ring = new LogRing(10)
  ring.append(rows)
  return ring
}

const all = (ring: LogRing) => ({ count: ring.length, at: (i: number) => ring.first + i })

describe('exportLog', () => {
  it('writes NDJSON: one object per row, text or base64, and the truncated flag', async () => {
    const ring = ringWith()
    const { blob, rows, truncated } = exportLog('ndjson', ring, all(ring), topicOf)
    expect(rows).toBe(3)
    expect(truncated).toBe(1)
    expect(blob.type).toBe('application/x-ndjson')
    const lines = (await blob.text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown)
    expect(lines).toEqual([
      {
        time: '2026-11-22T06:00:00.005Z',
        topic: 'a/b',
        qos: 1,
        retain: true,
        size: 5,
        encoding: 'utf8',
        payload: 'hello',
        truncated: false,
      },
      {
        time: '2026-11-22T06:00:00.006Z',
        topic: 'c,d',
        qos: 2,
        retain: false,
        size: 2,
        encoding: 'base64',
        payload: '//4=',
        truncated: false,
      },
      {
        time: '2026-11-22T06:00:00.007Z',
        topic: 'a/b',
        qos: 0,
        retain: false,
        size: 5000,
        encoding: 'utf8',
        payload: 'x'.repeat(256),
        truncated: true,
      },
    ])
  })

  it('writes CSV with a header and only the selected rows', async () => {
    const ring = ringWith()
    const { blob, rows } = exportLog('csv', ring, { count: 2, at: (i) => [0, 1][i]! }, topicOf)
    expect(rows).toBe(2)
    expect(await blob.text()).toBe(
      'time,topic,qos,retain,size,truncated,encoding,payload\r\n' +
        '2026-11-22T06:00:00.005Z,a/b,1,true,5,false,utf8,hello\r\n' +
        '2026-11-22T06:00:00.006Z,"c,d",2,false,2,false,base64,//4=\r\n',
    )
  })

  it('writes a header only for an empty log', async () => {
    const ring = new LogRing(10)
    const { blob, rows } = exportLog('csv', ring, all(ring), topicOf)
    expect(rows).toBe(0)
    expect(await blob.text()).toBe('time,topic,qos,retain,size,truncated,encoding,payload\r\n')
  })
})
