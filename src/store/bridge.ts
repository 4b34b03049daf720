import { afterPaint } from '../lib/afterPaint'
import type { Channel } from '../mqtt/channel'
import type { ConnEvent } from '../wire/channel'
import { useAppStore } from './appStore'
import { dataStore } from './dataStore'
import { applyStatus } from './lifecycle'
import { setChannel } from './sessions'

const eventListeners = new Set<(id: string, event: ConnEvent) => void>()

/** Hears every connection's events other than statuses (request replies, timeouts). */
export function onConnectionEvent(listener: (id: string, event: ConnEvent) => void): () => void {
  eventListeners.add(listener)
  return () => eventListeners.delete(listener)
}

/**
 * Wires the channel to the stores: frames go to the data plane (each part to its connection) and
 * the credit goes back once the frame is applied; every open connection's statuses go to the
 * control plane. One frame is in flight at a time, so a main thread busy painting still holds
 * the worker back (its next frame waits for this task to run), and the worker spaces frames by
 * FRAME_MIN_INTERVAL_MS. A hidden page holds the credit until it paints again (no animation
 * frames while hidden): the session keeps counting into bounded buffers meanwhile. (The credit
 * went back at an animation frame of its own before: about ten frames a second that painted
 * nothing, the pacers draw on their own beat.)
 * Connections opened later are wired as they appear. Returns the unwiring.
 */
export function attachChannel(ch: Channel): () => void {
  setChannel(ch)
  ch.onFrames((frame) => {
    for (const part of frame.parts) dataStore.applyFrame(part)
    if (document.visibilityState === 'hidden') afterPaint(() => ch.credit(frame.seq))
    else ch.credit(frame.seq)
  })
  const wired = new Map<string, () => void>()
  const wire = (ids: readonly string[]) => {
    for (const id of ids) {
      if (wired.has(id)) continue
      wired.set(
        id,
        ch.listen(id, (event) => {
          if (event.type === 'status') applyStatus(id, event)
          else for (const listener of [...eventListeners]) listener(id, event)
        }),
      )
    }
    for (const [id, off] of wired)
      if (!ids.includes(id)) {
        off()
        wired.delete(id)
      }
  }
  wire(useAppStore.getState().order)
  const stop = useAppStore.subscribe((s, prev) => {
    if (s.order !== prev.order) wire(s.order)
  })
  return () => {
    stop()
    for (const off of wired.values()) off()
    wired.clear()
    ch.onFrames(undefined)
    setChannel(undefined)
  }
}
