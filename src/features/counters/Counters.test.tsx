import { act, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { COUNTERS_EVERY_MS } from '../../engine/budgets'
import { dataStore } from '../../store/dataStore'
import { useDataVersion } from '../../store/useData'
import { FrameMaker } from '../../test/frames'
import { manualFrameClockPerTest } from '../../test/frameClock'
import { Counters } from './Counters'

const clockOf = manualFrameClockPerTest()

const value = (name: string) => screen.getByRole('status', { name }).textContent

describe('Counters', () => {
  it('shows the exact total after 1 000 frames while rendering only once', () => {
    const renders: string[] = []
    render(
      <Profiler id="counters" onRender={(_id, phase) => renders.push(phase)}>
        <Counters />
      </Profiler>,
    )
    expect(renders).toEqual(['mount'])

    const maker = new FrameMaker(dataStore.generation + 1)
    let sent = 0
    act(() => {
      for (let f = 0; f < 1000; f++) {
        const burst = Array.from({ length: 1 + (f % 3) }, () => `s/${sent++ % 40}`)
        dataStore.applyFrame(maker.frame(burst))
      }
    })
    act(() => clockOf().tick(16))

    expect(sent).toBeGreaterThan(1000)
    expect(value('Messages received')).toBe(new Intl.NumberFormat('en-US').format(sent))
    // 40 topics received messages; the level `s` above them is not a topic.
    expect(value('Topics')).toBe('40')
    expect(value('Messages dropped')).toBe('0')
    expect(renders).toEqual(['mount'])
  })

  it(`writes at most once every ${COUNTERS_EVERY_MS} ms however many frames arrive`, () => {
    render(<Counters />)
    const maker = new FrameMaker(dataStore.generation + 1)
    const seen: (string | null)[] = []
    // One second at 60 frames a second, a data frame before every animation frame.
    for (let f = 0; f < 60; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame(['a']))
        clockOf().tick(1000 / 60)
      })
      if (seen.at(-1) !== value('Messages received')) seen.push(value('Messages received'))
    }
    act(() => clockOf().tick(COUNTERS_EVERY_MS)) // the last frame's count, written late but written
    expect(seen.length).toBeGreaterThanOrEqual(1000 / COUNTERS_EVERY_MS - 1)
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(1000 / COUNTERS_EVERY_MS) + 1)
    expect(value('Messages received')).toBe('60')
  })

  it('schedules nothing and writes nothing while the totals stay the same', () => {
    render(<Counters />)
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      dataStore.applyFrame(maker.frame(['a']))
      clockOf().tick(100)
    })
    const node = screen.getByRole('status', { name: 'Messages received' }).firstChild
    // Frames that change nothing the counters show (a chart-only frame, say).
    for (let f = 0; f < 30; f++) {
      act(() => {
        dataStore.applyFrame({ ...maker.frame([]), totals: dataStore.totals })
        clockOf().tick(16)
      })
    }
    expect(clockOf().queuedFrames).toBe(0)
    expect(screen.getByRole('status', { name: 'Messages received' }).firstChild).toBe(node)
  })

  it('would catch a counter that re-renders through React on every frame', () => {
    // The control for the invariant above: the same Profiler sees each render of a component
    // that reads the totals through a React subscription.
    function ReactCounter() {
      useDataVersion('totals')
      return <span>{dataStore.totals.received}</span>
    }
    const renders: string[] = []
    render(
      <Profiler id="react-counter" onRender={(_id, phase) => renders.push(phase)}>
        <ReactCounter />
      </Profiler>,
    )
    const maker = new FrameMaker(dataStore.generation + 1)
    for (let f = 0; f < 5; f++) act(() => dataStore.applyFrame(maker.frame(['t', 't'])))
    expect(renders).toEqual(['mount', 'update', 'update', 'update', 'update', 'update'])
  })

  it('shows the message rate per second and the dropped count', () => {
    render(<Counters />)
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      // 12 messages in one 100 ms bucket: 12 per second over the 1 s window.
      dataStore.applyFrame(
        maker.frame(
          Array.from({ length: 12 }, () => 't'),
          150,
        ),
      )
      clockOf().tick(COUNTERS_EVERY_MS)
    })
    expect(value('Message rate')).toBe('12/s')
    act(() => {
      dataStore.applyFrame({ ...maker.frame([]), totals: { ...dataStore.totals, dropped: 1234 } })
      clockOf().tick(COUNTERS_EVERY_MS)
    })
    expect(value('Messages dropped')).toBe('1,234')
  })

  it("shows the broker's own drop count only when the broker reports one, and the tab's limit", () => {
    render(<Counters />)
    expect(screen.queryByRole('status', { name: 'Broker dropped (all clients)' })).toBeNull()
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      dataStore.applyFrame({
        ...maker.frame(['a']),
        totals: { ...dataStore.totals, brokerDropped: 4321, limitRate: 12345 },
      })
      clockOf().tick(COUNTERS_EVERY_MS)
    })
    expect(value('Broker dropped (all clients)')).toBe('4,321')
    expect(screen.getByRole('status', { name: 'Tab limit' })).toHaveTextContent(
      'This tab seems to be at its limit, about 12,345 msgs/s',
    )
    act(() => {
      dataStore.applyFrame({
        ...maker.frame(['a']),
        totals: { ...dataStore.totals, limitRate: undefined },
      })
      clockOf().tick(COUNTERS_EVERY_MS)
    })
    expect(screen.getByRole('status', { name: 'Tab limit' }).textContent).toBe('')
  })

  it('stops writing once unmounted', () => {
    // The totals listener is wrapped so its calls can be counted: a counter that
    // kept its subscription after unmounting would still be called (and, without its ref
    // guard, throw), frame after frame, for as long as the page lives.
    let calls = 0
    const subscribe = vi.spyOn(dataStore, 'subscribe').mockImplementation((key, listener) =>
      dataStore.events.subscribe(key, () => {
        calls++
        listener()
      }),
    )
    try {
      const { unmount } = render(<Counters />)
      // One totals listener for the whole row (it marks the pacer; the pacer writes).
      expect(subscribe.mock.calls.map(([key]) => key)).toEqual(['totals'])
      const maker = new FrameMaker(dataStore.generation + 1)
      act(() => dataStore.applyFrame(maker.frame(['a'])))
      // The control: mounted, the row hears the frame.
      expect(calls).toBe(1)
      unmount()
      act(() => dataStore.applyFrame(maker.frame(['a'])))
      expect(calls).toBe(1)
      // And no paced write is left waiting for a frame.
      expect(clockOf().queuedFrames).toBe(0)
    } finally {
      subscribe.mockRestore()
    }
  })
})
