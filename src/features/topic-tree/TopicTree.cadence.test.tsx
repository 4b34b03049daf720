import { act, render, screen, within } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { i18n } from '../../i18n'
import { setFrameClock } from '../../lib/pacer'
import { useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { setChannel } from '../../store/sessions'
import { useTreeViewStore } from '../../store/treeViewStore'
import { FakeHost } from '../../test/fakeHost'
import { FrameMaker } from '../../test/frames'
import { ManualFrameClock } from '../../test/frameClock'
import { TopicTree } from './TopicTree'

const initialApp = useAppStore.getState()
const initialView = useTreeViewStore.getState()
let clock: ManualFrameClock
let restoreClock: () => void

beforeEach(() => {
  clock = new ManualFrameClock()
  restoreClock = setFrameClock(clock)
  useAppStore.setState(initialApp, true)
  useTreeViewStore.setState(initialView, true)
  setChannel(new FakeHost().channel)
  // jsdom lays nothing out: a 600 px tall list shows 25 rows (plus the virtual list's overscan).
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(400)
})

afterEach(() => {
  restoreClock()
  vi.restoreAllMocks()
  setChannel(undefined)
})

function mount() {
  const renders: string[] = []
  render(
    <Profiler id="tree" onRender={(_id, phase) => renders.push(phase)}>
      <TopicTree />
    </Profiler>,
  )
  return renders
}

const rowCount = (name: string) =>
  within(screen.getByRole('tree', { name: 'Topics' }))
    .getAllByRole('treeitem')
    .find((r) => r.querySelector('.node-name')?.textContent === name)
    ?.querySelector('.node-count')?.textContent

/** 200 top-level topics t000…t199, one message each; the list shows the first few dozen. */
function fill(maker: FrameMaker) {
  const topics = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(3, '0')}`)
  act(() => {
    dataStore.applyFrame(maker.frame(topics, 1000))
    clock.tick(TEXT_ROWS_EVERY_MS)
  })
}

describe('TopicTree cadence', () => {
  it('mounts the first rows in a deferred render, then renders rows in the paced frame', () => {
    const shown: number[] = []
    const treeRows = () => screen.queryAllByRole('treeitem').length
    render(
      <Profiler id="tree" onRender={() => shown.push(treeRows())}>
        <TopicTree />
      </Profiler>,
    )
    const maker = new FrameMaker(dataStore.generation + 1)
    let before = shown.length
    act(() => {
      dataStore.applyFrame(maker.frame(['a', 'b'], 1000))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    // The frame's commit has no row yet; React builds them in slices and commits them after.
    expect(shown.slice(before)[0]).toBe(0)
    expect(shown.at(-1)).toBe(2)
    before = shown.length
    act(() => {
      dataStore.applyFrame(maker.frame(['c'], 1000))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    // Once the tree has rows, a new top-level topic comes in the frame's own commit.
    expect(shown.slice(before)[0]).toBe(3)
  })

  it(`repaints at most every ${TEXT_ROWS_EVERY_MS} ms under a burst of frames, with exact counts`, () => {
    const renders = mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    fill(maker)
    const before = renders.length
    // One second at 60 frames a second, every frame changing a topic on screen.
    for (let f = 0; f < 60; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame(['t000', 't001']))
        clock.tick(1000 / 60)
      })
    }
    act(() => clock.tick(TEXT_ROWS_EVERY_MS))
    const repaints = renders.length - before
    expect(repaints).toBeGreaterThanOrEqual(5)
    // The first at once, then one per interval on the grid, in the second and the tick after it.
    expect(repaints).toBeLessThanOrEqual(Math.ceil(1000 / TEXT_ROWS_EVERY_MS) + 1)
    expect(rowCount('t000')).toBe('61')
  })

  it('words neither the head nor a row’s fixed texts again when rows repaint', () => {
    mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => dataStore.applyFrame(maker.frame(['a/x', 'a/y'], 1000)))
    fill(maker)
    expect(screen.getByText('2 topics')).toBeTruthy() // a row with topics below
    // i18next's t() is the cost (#12): count the keys it is asked for while rows change.
    // (react-i18next's t calls the instance's t, which a spy passes through.)
    const t = vi.spyOn(i18n, 't')
    for (let f = 0; f < 3; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame(['a/x', 't000']))
        clock.tick(TEXT_ROWS_EVERY_MS)
      })
    }
    expect(rowCount('a')).toBe('5')
    const asked = t.mock.calls.map((call) => String(call[0]))
    expect(asked).not.toContain('Filter topics')
    expect(asked).not.toContain('Search values too')
    expect(asked).not.toContain('{{n}} topics')
    expect(asked).not.toContain('topics below this level')
  })

  it('does not render when the frames change only topics off screen', () => {
    const renders = mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    fill(maker)
    expect(rowCount('t000')).toBe('1')
    expect(rowCount('t190')).toBeUndefined() // far below the rows on screen
    const before = renders.length
    for (let f = 0; f < 30; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame(['t190', 't199'], 20))
        clock.tick(20)
      })
    }
    expect(renders.length).toBe(before)
    // A change on screen repaints within an interval (on the pacers' grid), frames coming at
    // 60 a second as in a browser (one long tick would run a beat due inside it a frame late).
    act(() => dataStore.applyFrame(maker.frame(['t002'], 20)))
    for (let f = 0; f < Math.ceil(TEXT_ROWS_EVERY_MS / (1000 / 60)) + 1; f++) {
      act(() => clock.tick(1000 / 60))
    }
    expect(renders.length).toBe(before + 1)
    expect(rowCount('t002')).toBe('2')
  })

  it('adds a topic created where it shows (the top level) at the next tick', () => {
    mount()
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      dataStore.applyFrame(maker.frame(['b'], 1000))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    act(() => {
      dataStore.applyFrame(maker.frame(['a'], 1000))
      clock.tick(TEXT_ROWS_EVERY_MS)
    })
    expect(rowCount('a')).toBe('1')
  })

  it('steps the ages on with the clock without rendering, and writes nothing between steps', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const renders = mount()
      const maker = new FrameMaker(dataStore.generation + 1)
      vi.setSystemTime(maker.now) // the message's own time
      act(() => {
        dataStore.applyFrame(maker.frame(['a'], 1000))
        clock.tick(TEXT_ROWS_EVERY_MS)
      })
      const ageOf = () =>
        within(screen.getByRole('tree', { name: 'Topics' }))
          .getByRole('treeitem')
          .querySelector('.node-age')?.textContent
      expect(ageOf()).toBe('now')
      const before = renders.length
      // Frames of the page's clock go by with no data; wall-clock time moves with them.
      const pass = (ms: number) => {
        for (let t = 0; t < ms; t += 50) {
          vi.setSystemTime(Date.now() + 50)
          act(() => clock.tick(50))
        }
      }
      pass(3000)
      expect(ageOf()).toBe('< 1 min ago')
      // Between steps a tick writes nothing into the page: no text, no class (#12, idle).
      const tree = screen.getByRole('tree', { name: 'Topics' })
      const writes = new MutationObserver(() => undefined)
      writes.observe(tree, {
        subtree: true,
        characterData: true,
        childList: true,
        attributes: true,
      })
      pass(50_000)
      expect(writes.takeRecords()).toEqual([])
      writes.disconnect()
      expect(ageOf()).toBe('< 1 min ago')
      pass(10_000)
      expect(ageOf()).toBe('1 min ago')
      expect(renders.length).toBe(before)
    } finally {
      vi.useRealTimers()
    }
  })
})
