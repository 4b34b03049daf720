import { describe, expect, it } from 'vitest'
import { coded } from '../lib/coded'
import type { ArgsOf, ReplyOf } from '../wire/channel'
import { previewKey, ScriptPreviews, type PreviewRequest } from './scriptPreviews'

/** A fake worker: records each batch and answers when the test says so. */
function harness(max = 100, batch = 4) {
  const calls: {
    conn: string
    args: ArgsOf<'scriptDecodeMany'>
    answer: (r: ReplyOf<'scriptDecodeMany'>) => void
    fail: () => void
  }[] = []
  const frames: (() => void)[] = []
  const previews = new ScriptPreviews(
    (conn, args) =>
      new Promise((resolve, reject) =>
        calls.push({ conn, args, answer: resolve, fail: () => reject(new Error('closed')) }),
      ),
    (run) => frames.push(run),
    max,
    batch,
  )
  const frame = () => frames.splice(0).forEach((run) => run())
  return { previews, calls, frames, frame }
}

const script = { id: 's1', name: 'meter', source: 'export function decode(b) { return b[0] }' }
const other = { id: 's2', name: 'other', source: 'export function decode() { return 0 }' }

function row(conn: string, topic: string, byte: number, s = script) {
  const request: PreviewRequest = { conn, script: s, topic, payload: new Uint8Array([byte]) }
  return { key: previewKey(conn, s.id, 'h', topic, request.payload), request }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('ScriptPreviews (values of the rows on screen)', () => {
  it('asks once per frame, in one batch per connection, each payload once', async () => {
    const { previews, calls, frames, frame } = harness()
    const a = row('c1', 'm/a', 1)
    const b = row('c1', 'm/b', 2)
    previews.want(a.key, a.request)
    previews.want(a.key, a.request) // the same message in the tree and in the log
    previews.want(b.key, b.request)
    expect(calls).toHaveLength(0) // nothing during render or effects: at the frame
    expect(frames).toHaveLength(1)
    frame()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args.items.map((i) => [i.topic, [...i.payload]])).toEqual([
      ['m/a', [1]],
      ['m/b', [2]],
    ])
    let heard = 0
    previews.subscribe(a.key, () => heard++)
    calls[0]!.answer({
      results: [
        { ok: true, text: '1' },
        { ok: false, error: coded('script.threw', { script: 'meter' }) },
      ],
    })
    await settle()
    expect(heard).toBe(1)
    expect(previews.peek(a.key)).toEqual({ ok: true, text: '1' })
    expect(previews.peek(b.key)).toMatchObject({ ok: false, error: { code: 'script.threw' } })
    // Kept: a row that scrolls back in asks nothing.
    previews.want(a.key, a.request)
    frame()
    expect(calls).toHaveLength(1)
  })

  it('keys by connection and topic: the same bytes elsewhere are asked of their own connection', async () => {
    const { previews, calls, frame } = harness()
    const one = row('c1', 'm/a', 7)
    const two = row('c2', 'm/a', 7)
    const three = row('c1', 'm/b', 7)
    expect(new Set([one.key, two.key, three.key]).size).toBe(3)
    for (const r of [one, two, three]) previews.want(r.key, r.request)
    frame()
    expect(calls.map((c) => [c.conn, c.args.items.map((i) => i.topic)])).toEqual([
      ['c1', ['m/a', 'm/b']],
      ['c2', ['m/a']],
    ])
    calls[1]!.answer({ results: [{ ok: true, text: 'from c2' }] })
    await settle()
    expect(previews.peek(two.key)).toEqual({ ok: true, text: 'from c2' })
    expect(previews.peek(one.key)).toBeUndefined()
  })

  it('sends one batch per connection at a time, of one script, at most the batch size', async () => {
    const { previews, calls, frame } = harness(100, 2)
    const rows = [row('c1', 'a', 1), row('c1', 'b', 2), row('c1', 'c', 3), row('c1', 'd', 4, other)]
    for (const r of rows) previews.want(r.key, r.request)
    frame()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args.items).toHaveLength(2)
    frame() // still in flight: nothing more is sent
    expect(calls).toHaveLength(1)
    calls[0]!.answer({
      results: [
        { ok: true, text: '1' },
        { ok: true, text: '2' },
      ],
    })
    await settle()
    frame()
    expect(calls).toHaveLength(2)
    expect(calls[1]!.args.script).toBe(script)
    expect(calls[1]!.args.items.map((i) => i.topic)).toEqual(['c'])
    calls[1]!.answer({ results: [{ ok: true, text: '3' }] })
    await settle()
    frame()
    expect(calls[2]!.args.script).toBe(other)
  })

  it('does not send rows that left the screen before the frame', () => {
    const { previews, calls, frame } = harness()
    const a = row('c1', 'a', 1)
    const b = row('c1', 'b', 2)
    const leave = previews.want(a.key, a.request)
    previews.want(b.key, b.request)
    leave()
    frame()
    expect(calls[0]!.args.items.map((i) => i.topic)).toEqual(['b'])
  })

  it('keeps at most its bound, the least recently used going first', async () => {
    const { previews, calls, frame } = harness(2, 10)
    const [a, b, c] = [row('c1', 'a', 1), row('c1', 'b', 2), row('c1', 'c', 3)]
    previews.want(a.key, a.request)
    previews.want(b.key, b.request)
    frame()
    calls[0]!.answer({
      results: [
        { ok: true, text: 'a' },
        { ok: true, text: 'b' },
      ],
    })
    await settle()
    previews.want(a.key, a.request) // a used again: b is now the oldest
    previews.want(c.key, c.request)
    frame()
    calls[1]!.answer({ results: [{ ok: true, text: 'c' }] })
    await settle()
    expect(previews.size).toBe(2)
    expect(previews.peek(a.key)).toBeDefined()
    expect(previews.peek(b.key)).toBeUndefined()
    expect(previews.peek(c.key)).toBeDefined()
  })

  it('forgets a connection that closed, and one whose call failed asks no more', async () => {
    const { previews, calls, frame } = harness()
    const a = row('c1', 'a', 1)
    const b = row('c2', 'a', 1)
    previews.want(a.key, a.request)
    previews.want(b.key, b.request)
    frame()
    calls[0]!.fail()
    calls[1]!.answer({ results: [{ ok: true, text: 'b' }] })
    await settle()
    expect(previews.peek(a.key)).toBeUndefined()
    previews.forget('c2')
    expect(previews.peek(b.key)).toBeUndefined()
    frame()
    expect(calls).toHaveLength(2)
  })
})
