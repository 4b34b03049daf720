import { afterEach, describe, expect, it, vi } from 'vitest'
import { Channel } from '../mqtt/channel'
import type { ToHost } from '../wire/channel'
import { attachChannel } from './bridge'

/** A channel whose host is this test: what the page posts is kept in `posted`. */
function channel() {
  const posted: ToHost[] = []
  const ch = new Channel((message) => posted.push(message))
  const credits = () => posted.filter((m) => m.kind === 'credit').map((m) => m.seq)
  return { ch, credits }
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
}

describe('attachChannel: the frame credit', () => {
  afterEach(() => {
    setVisibility('visible')
    vi.unstubAllGlobals()
  })

  it('goes back as soon as a frame is applied on a page that is shown, without waiting for a frame', () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (fn: FrameRequestCallback) => frames.push(fn))
    const { ch, credits } = channel()
    const detach = attachChannel(ch)
    ch.receive({ kind: 'frames', frame: { seq: 7, parts: [] } })
    expect(credits()).toEqual([7])
    // No animation frame was asked for the credit (it would paint nothing).
    expect(frames).toHaveLength(0)
    detach()
  })

  it('is held by a hidden page until it paints again', () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (fn: FrameRequestCallback) => frames.push(fn))
    setVisibility('hidden')
    const { ch, credits } = channel()
    const detach = attachChannel(ch)
    ch.receive({ kind: 'frames', frame: { seq: 3, parts: [] } })
    expect(credits()).toEqual([])
    // The browser runs no animation frame while hidden; the first one after it is shown again
    // returns the credit.
    setVisibility('visible')
    for (const fn of frames.splice(0)) fn(0)
    expect(credits()).toEqual([3])
    detach()
  })
})
