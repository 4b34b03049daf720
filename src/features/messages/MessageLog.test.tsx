import { act, render, screen, within } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LOG_FLOOD_EVERY_MS, TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { setFrameClock } from '../../lib/pacer'
import { useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { FrameMaker } from '../../test/frames'
import { ManualFrameClock } from '../../test/frameClock'
import { MessageLog } from './MessageLog'
import { useLogViewStore } from './logViewStore'
import { fullText } from '../../test/fullText'

const initialApp = useAppStore.getState()
let clock: ManualFrameClock
let restore: () => void
/** Every way script can scroll an element; the log must use none of them while following. */
let scrolls: string[]

beforeEach(() => {
  useAppStore.setState(initialApp, true)
  clock = new ManualFrameClock()
  restore = setFrameClock(clock)
  scrolls = []
  const record = (name: string) => () => void scrolls.push(name)
  vi.spyOn(Element.prototype, 'scrollTop', 'set').mockImplementation(record('scrollTop'))
  Element.prototype.scrollTo = record('scrollTo')
  Element.prototype.scrollBy = record('scrollBy')
  Element.prototype.scrollIntoView = record('scrollIntoView')
})

afterEach(() => {
  restore()
  vi.restoreAllMocks()
})

const rows = () => within(screen.getByRole('log', { name: 'Messages' })).queryAllByText(/^t\//)

function mount() {
  const renders: string[] = []
  render(
    <Profiler id="log" onRender={(_id, phase) => renders.push(phase)}>
      <MessageLog />
    </Profiler>,
  )
  return renders
}

describe('MessageLog cadence', () => {
  it('mounts the first rows in a deferred render, then renders rows in the paced frame', () => {
    const shown: number[] = []
    render(
      <Profiler id="log" onRender={() => shown.push(rows().length)}>
        <MessageLog />
      </Profiler>,
    )
    const maker = new FrameMaker(dataStore.generation + 1)
    let before = shown.length
    act(() => {
      dataStore.applyFrame(maker.frame(['t/1', 't/2']))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    // The frame's commit has no row yet; React builds them in slices and commits them after.
    expect(shown.slice(before)[0]).toBe(0)
    expect(shown.at(-1)).toBe(2)
    before = shown.length
    act(() => {
      dataStore.applyFrame(maker.frame(['t/3']))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    // Once the log has rows, a new one comes in the frame's own commit.
    expect(shown.slice(before)[0]).toBe(3)
  })

  it(
    `repaints at most every ${TEXT_ROWS_EVERY_MS} ms under a burst of frames, and shows the newest rows`,
    { timeout: 30_000 },
    () => {
      const renders = mount()
      const maker = new FrameMaker(dataStore.generation + 1)
      let sent = 0
      // One second of frames at 60 a second, 17 messages each (about 1 000 messages a second).
      for (let f = 0; f < 60; f++) {
        act(() => {
          dataStore.applyFrame(maker.frame(Array.from({ length: 17 }, () => `t/${sent++ % 50}`)))
          clock.tick(1000 / 60)
        })
      }
      act(() => clock.tick(TEXT_ROWS_EVERY_MS))
      const updates = renders.filter((p) => p === 'update').length
      // 60 frames in 1 s: the first at once, then one per interval on the grid, not 60 (and one
      // commit more: the first rows mount in a deferred render of their own).
      expect(updates).toBeGreaterThanOrEqual(4)
      expect(updates).toBeLessThanOrEqual(Math.ceil(1000 / TEXT_ROWS_EVERY_MS) + 2)
      expect(screen.getByText(fullText('last 1,020 of 1,020'))).toBeInTheDocument()
      // The newest row is rendered (the window follows the end); the oldest is not.
      const shown = rows().map((r) => r.textContent)
      expect(shown).toContain(`t/${(sent - 1) % 50}`)
      expect(rows().length).toBeLessThan(100)
      // Following the end took no scroll from script (CSS snapping does it, in layout).
      expect(scrolls).toEqual([])
      expect(screen.getByRole('log', { name: 'Messages' })).toHaveAttribute('data-follow')
    },
  )

  it(
    `repaints once every ${LOG_FLOOD_EVERY_MS} ms and says so while flooded, and not once traffic stops`,
    { timeout: 30_000 },
    () => {
      const renders = mount()
      const maker = new FrameMaker(dataStore.generation + 1)
      let sent = 0
      // About 1 000 messages a second: 25 screens of 40 rows a second.
      const second = () => {
        const before = renders.filter((p) => p === 'update').length
        for (let f = 0; f < 60; f++) {
          act(() => {
            dataStore.applyFrame(maker.frame(Array.from({ length: 17 }, () => `t/${sent++ % 50}`)))
            clock.tick(1000 / 60)
          })
        }
        return renders.filter((p) => p === 'update').length - before
      }
      const note = () => screen.queryByRole('note')
      expect(second()).toBeGreaterThanOrEqual(4)
      second()
      expect(note()).toHaveTextContent('Too fast to read: the newest rows, once a second')
      // Three more seconds: a repaint on each whole second (15 at the usual pace).
      const flooded = second() + second() + second()
      expect(flooded).toBeGreaterThanOrEqual(2)
      expect(flooded).toBeLessThanOrEqual(4)
      // The rows shown are still the newest (at the latest a second old).
      act(() => clock.tick(LOG_FLOOD_EVERY_MS))
      expect(rows().map((r) => r.textContent)).toContain(`t/${(sent - 1) % 50}`)
      // Traffic stops: the next judgement, with no new row, ends the flood and its note.
      for (let f = 0; f < 150 && note(); f++) act(() => clock.tick(20))
      expect(note()).toBeNull()
      // A row now and then repaints at the usual pace again.
      const before = renders.length
      act(() => {
        dataStore.applyFrame(maker.frame([`t/${sent++}`]))
        clock.tick(TEXT_ROWS_EVERY_MS)
      })
      expect(renders.length).toBe(before + 1)
      expect(rows().map((r) => r.textContent)).toContain(`t/${sent - 1}`)
    },
  )

  it('judges a filtered log by its matches: a match a second is no flood at 1 000 msgs/s', () => {
    const initialView = useLogViewStore.getState()
    useLogViewStore.getState().setTopicFilter('rare')
    try {
      const renders = mount()
      const maker = new FrameMaker(dataStore.generation + 1)
      let sent = 0
      for (let s = 0; s < 4; s++) {
        for (let f = 0; f < 60; f++) {
          act(() => {
            const topics = Array.from({ length: 17 }, () => `t/${sent++ % 50}`)
            // One matching row a second.
            if (f === 30) topics.push(`rare/${s}`)
            dataStore.applyFrame(maker.frame(topics))
            clock.tick(1000 / 60)
          })
        }
      }
      expect(screen.queryByRole('note')).toBeNull()
      // Each match still shows at the usual pace.
      const before = renders.length
      act(() => {
        dataStore.applyFrame(maker.frame(['rare/new']))
        clock.tick(TEXT_ROWS_EVERY_MS)
      })
      expect(renders.length).toBe(before + 1)
      expect(screen.getByText('rare/new')).toBeInTheDocument()
    } finally {
      useLogViewStore.setState(initialView, true)
    }
  })

  it('does not render, scroll or schedule anything when frames bring no log rows', () => {
    const renders = mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      dataStore.applyFrame(maker.frame(['t/a', 't/b']))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    const before = renders.length
    // A connected, quiet broker: frames may still come (a chart's scroll, a rate decaying).
    for (let f = 0; f < 60; f++) {
      act(() => {
        dataStore.applyFrame({ ...maker.frame([], 20), totals: { ...dataStore.totals, rate: f } })
        clock.tick(20)
      })
    }
    expect(renders.length).toBe(before)
    expect(clock.queuedFrames).toBe(0)
    expect(scrolls).toEqual([])
  })

  it('reuses the rows that left the screen for the rows that came (no row element added)', () => {
    mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    let sent = 0
    const send = (n: number) =>
      act(() => {
        dataStore.applyFrame(maker.frame(Array.from({ length: n }, () => `t/${sent++}`)))
        clock.tick(TEXT_ROWS_EVERY_MS)
      })
    send(300)
    const log = screen.getByRole('log', { name: 'Messages' })
    const before = new Set(log.querySelectorAll('.log-row'))
    expect(before.size).toBeGreaterThan(5)
    const added: Node[] = []
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof Element && n.matches('.log-row')) added.push(n)
    })
    observer.observe(log, { childList: true, subtree: true })
    // Fewer new rows than the window holds, then more: the window's rows are reused either way.
    send(3)
    send(before.size + 7)
    observer.takeRecords()
    observer.disconnect()
    expect(added).toEqual([])
    expect(new Set(log.querySelectorAll('.log-row'))).toEqual(before)
    // … and show the newest messages.
    expect(rows().map((r) => r.textContent)).toContain(`t/${sent - 1}`)
  })
})
