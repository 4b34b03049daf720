import { describe, expect, it } from 'vitest'
import type { ToWorker } from '../wire/mqtt'
import { RETAINED_CLOSED_REASON, RetainedRequests } from './retainedRequests'

describe('RetainedRequests', () => {
  it('settles every waiting job when the session closes, so no panel stays busy', async () => {
    const sent: ToWorker[] = []
    let id = 0
    const requests = new RetainedRequests(
      (m) => sent.push(m),
      () => ++id,
    )
    const scan = requests.scanRetained('a/#')
    const clear = requests.clearRetained(['a/1', 'a/2'])
    expect(sent.map((m) => m.type)).toEqual(['retainedScan', 'retainedClear'])
    requests.cancelAll()
    expect(await scan).toEqual({ ok: false, reason: RETAINED_CLOSED_REASON })
    expect(await clear).toEqual({
      succeeded: 0,
      failed: 2,
      failedTopics: ['a/1', 'a/2'],
      error: RETAINED_CLOSED_REASON,
    })
    // A late answer from the worker for a settled job is ignored.
    requests.receive({
      type: 'retainedProgress',
      reqId: 1,
      phase: 'scan',
      done: 1,
      total: 0,
      bytes: 1,
    })
  })
})
