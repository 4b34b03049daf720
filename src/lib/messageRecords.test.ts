import { describe, expect, it } from 'vitest'
import { CSV_HEADER, csvLine, ndjsonLine, payloadField } from './messageRecords'

const utf8 = new TextEncoder()
const ts = Date.UTC(2026, 0, 2, 3, 4, 5, 678)

describe('payloadField', () => {
  it('keeps UTF-8 text as text', () => {
    expect(payloadField(utf8.encode('héllo {"a":1}'))).toEqual({
      encoding: 'utf8',
      payload: 'héllo {"a":1}',
    })
  })

  it('writes bytes that are not UTF-8 as base64', () => {
    expect(payloadField(new Uint8Array([0xff, 0x00, 0x80]))).toEqual({
      encoding: 'base64',
      payload: '/wCA',
    })
  })

  it('leaves out a character split by a cut preview instead of switching to base64', () => {
    const bytes = utf8.encode('ab€') // € is 3 bytes
    expect(payloadField(bytes.subarray(0, 4), true)).toEqual({ encoding: 'utf8', payload: 'ab' })
    // Without the cut flag the same bytes are not valid UTF-8.
    expect(payloadField(bytes.subarray(0, 4)).encoding).toBe('base64')
  })
})

describe('ndjsonLine', () => {
  it('writes one JSON object per line with every field', () => {
    const line = ndjsonLine(
      { ts, topic: 'a/"b"\n', qos: 1, retain: true, size: 5, bytes: utf8.encode('hello') },
      true,
    )
    expect(line.endsWith('\n')).toBe(true)
    expect(line.slice(0, -1)).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.678Z',
      topic: 'a/"b"\n',
      qos: 1,
      retain: true,
      size: 5,
      encoding: 'utf8',
      payload: 'hello',
      truncated: false,
    })
  })

  it('flags a preview shorter than the payload', () => {
    const line = ndjsonLine(
      { ts, topic: 't', qos: 0, retain: false, size: 1000, bytes: utf8.encode('abc') },
      true,
    )
    expect(JSON.parse(line)).toMatchObject({ size: 1000, payload: 'abc', truncated: true })
  })

  it('leaves the flag out for whole payloads (recordings)', () => {
    const line = ndjsonLine(
      { ts, topic: 't', qos: 0, retain: false, size: 2, bytes: new Uint8Array([0xff, 2]) },
      false,
    )
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.678Z',
      topic: 't',
      qos: 0,
      retain: false,
      size: 2,
      encoding: 'base64',
      payload: '/wI=',
    })
  })
})

describe('csvLine', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const line = csvLine({
      ts,
      topic: 'a,b',
      qos: 2,
      retain: false,
      size: 9,
      bytes: utf8.encode('say "hi"\n'),
    })
    expect(line).toBe('2026-01-02T03:04:05.678Z,"a,b",2,false,9,false,utf8,"say ""hi""\n"\r\n')
    expect(CSV_HEADER).toBe('time,topic,qos,retain,size,truncated,encoding,payload\r\n')
  })

  it('writes binary previews as base64 and flags the cut', () => {
    const line = csvLine({
      ts,
      topic: 't',
      qos: 0,
      retain: true,
      size: 300,
      bytes: new Uint8Array([0xff]),
    })
    expect(line).toBe('2026-01-02T03:04:05.678Z,t,0,true,300,true,base64,/w==\r\n')
  })
})
