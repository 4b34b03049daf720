import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { countTraceEvents, layoutRootsText } from './trace'

const PID = 4242
let dir: string | undefined

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

/** A trace file as Chromium writes it: a JSON array with one event per line. */
async function traceOf(events: object[]): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bench-trace-'))
  const file = path.join(dir, 'trace.json')
  await writeFile(
    file,
    `{"traceEvents":[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`,
  )
  return file
}

const layout = (tsMs: number, roots: string[], pid = PID) => ({
  name: 'Layout',
  cat: 'devtools.timeline',
  ph: 'X',
  pid,
  tid: pid,
  ts: tsMs * 1000,
  dur: 300,
  args: {
    beginData: { dirtyObjects: 5 },
    endData: { layoutRoots: roots.map((nodeName, i) => ({ nodeId: i, nodeName })) },
  },
})

describe('countTraceEvents', () => {
  it("counts the window's layouts and what each laid out, on the page's main thread only", async () => {
    const file = await traceOf([
      layout(500, ["DIV class='tree-rows'"]), // before the window
      layout(1000, ["svg class='chart-surface'", "DIV class='tree-rows'"]),
      layout(2000, ["svg class='chart-surface'", "DIV class='tree-rows'"]),
      layout(3000, ["DIV class='tree-rows'"]),
      layout(3000, ["DIV class='other-renderer'"], PID + 1), // another process
      { name: 'UpdateLayoutTree', ph: 'X', pid: PID, tid: PID, ts: 2_000_000, dur: 100 },
      { name: 'Paint', ph: 'X', pid: PID, tid: PID, ts: 4_000_000, dur: 100 },
    ])
    const counts = await countTraceEvents(file, PID, 1000, 4000)
    expect(counts.layouts).toBe(3)
    expect(counts.styleRecalcs).toBe(1)
    expect(counts.paints).toBe(1)
    expect(counts.layoutRoots).toEqual({
      "DIV class='tree-rows'": 3,
      "svg class='chart-surface'": 2,
    })
    expect(layoutRootsText(counts.layoutRoots)).toBe(
      "DIV class='tree-rows' ×3, svg class='chart-surface' ×2",
    )
  })

  it('says nothing when no layout named its roots', () => {
    expect(layoutRootsText({})).toBe('')
  })
})
