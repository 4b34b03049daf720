import { act, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { dataStore } from '../../store/dataStore'
import { useDataVersion } from '../../store/useData'
import { FrameMaker } from '../../test/frames'
import { Counters } from './Counters'

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

    expect(sent).toBeGreaterThan(1000)
    expect(screen.getByRole('status', { name: 'Messages received' })).toHaveTextContent(
      new Intl.NumberFormat('en-US').format(sent),
    )
    expect(screen.getByRole('status', { name: 'Topics' })).toHaveTextContent('41')
    expect(screen.getByRole('status', { name: 'Messages dropped' })).toHaveTextContent('0')
    expect(renders).toEqual(['mount'])
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
    for (let f = 0; f < 5; f++) act(() => dataStore.applyFrame(maker.frame(['t'])))
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
    })
    expect(screen.getByRole('status', { name: 'Message rate' })).toHaveTextContent('12/s')
    act(() => {
      dataStore.applyFrame({ ...maker.frame([]), totals: { ...dataStore.totals, dropped: 1234 } })
    })
    expect(screen.getByRole('status', { name: 'Messages dropped' })).toHaveTextContent('1,234')
  })

  it('stops writing once unmounted', () => {
    // Each counter's totals listener is wrapped so its calls can be counted: a counter that
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
      expect(subscribe.mock.calls.map(([key]) => key)).toEqual([
        'totals',
        'totals',
        'totals',
        'totals',
      ])
      const maker = new FrameMaker(dataStore.generation + 1)
      act(() => dataStore.applyFrame(maker.frame(['a'])))
      // The control: mounted, all four counters hear the frame.
      expect(calls).toBe(4)
      unmount()
      act(() => dataStore.applyFrame(maker.frame(['a'])))
      expect(calls).toBe(4)
    } finally {
      subscribe.mockRestore()
    }
  })
})
