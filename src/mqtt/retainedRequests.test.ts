import { describe, expect, it } from 'vitest'
import type { ToWorker } from './protocol'
import { RETAINED_CLOSED_REASON, RetainedRequests, type RetainedProgress } from './retainedRequests'

describe('RetainedRequests', () => {
  it('settles every waiting job when the session closes, so no panel stays busy', async () => {
    const sent: ToWorker[] = []
    let id = 0
    const requests = new RetainedRequests(
      (m) => sent.push(m),
      () => ++id,
    )
    const scanProgress: RetainedProgress[] = []
    const scan = requests.scanRetained('a/#', (p) => scanProgress.push(p))
    const clear = requests.clearRetained(['a/1', 'a/2'])
    expect(sent.map((m) => m.type)).toEqual(['retainedScan', 'retainedClear'])
    // The control for the last step: while the scan waits, its progress reaches the panel.
    requests.receive({
      type: 'retainedProgress',
      reqId: 1,
      phase: 'scan',
      done: 1,
      total: 0,
      bytes: 3,
    })
    expect(scanProgress).toEqual([{ phase: 'scan', done: 1, total: 0, bytes: 3 }])

    requests.cancelAll()
    expect(await scan).toEqual({ ok: false, reason: RETAINED_CLOSED_REASON })
    expect(await clear).toEqual({
      succeeded: 0,
      failed: 2,
      failedTopics: ['a/1', 'a/2'],
      error: RETAINED_CLOSED_REASON,
    })

    // A late answer from the worker for a settled job is ignored: no progress for the closed
    // panel, and a job started after the close gets only its own answer.
    const laterProgress: RetainedProgress[] = []
    const later = requests.scanRetained('b/#', (p) => laterProgress.push(p))
    requests.receive({
      type: 'retainedProgress',
      reqId: 1,
      phase: 'scan',
      done: 2,
      total: 0,
      bytes: 6,
    })
    requests.receive({
      type: 'retainedScanned',
      reqId: 1,
      result: { ok: false, reason: 'late answer of the closed scan' },
    })
    expect(scanProgress).toHaveLength(1)
    expect(laterProgress).toEqual([])
    requests.receive({
      type: 'retainedScanned',
      reqId: 3,
      result: { ok: true, messages: [], bytes: 0 },
    })
    expect(await later).toEqual({ ok: true, messages: [], bytes: 0 })
  })
})
