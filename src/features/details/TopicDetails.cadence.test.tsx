import { act, render, screen } from '@testing-library/react'
import { Profiler } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DETAIL_EVERY_MS } from '../../engine/budgets'
import { setFrameClock } from '../../lib/pacer'
import { useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { setChannel } from '../../store/sessions'
import { FakeHost } from '../../test/fakeHost'
import { FrameMaker } from '../../test/frames'
import { selectTopic } from '../../store/view'
import { ManualFrameClock } from '../../test/frameClock'
import { TopicDetails } from './TopicDetails'

const initialApp = useAppStore.getState()
let clock: ManualFrameClock
let restoreClock: () => void

beforeEach(() => {
  clock = new ManualFrameClock()
  restoreClock = setFrameClock(clock)
  useAppStore.setState(initialApp, true)
  setChannel(new FakeHost().channel)
})

afterEach(() => {
  restoreClock()
  setChannel(undefined)
})

/** A JSON reading like a busy sensor's. */
const reading = (i: number) => ({ topic: 'lab/busy', payload: JSON.stringify({ a: i, b: i * 2 }) })

/** What the details showed at each commit. */
const shownText = () => document.querySelector('.details-panel')?.textContent ?? ''

function setUp() {
  const renders: string[] = []
  render(
    <Profiler id="details" onRender={() => renders.push(shownText())}>
      <TopicDetails />
    </Profiler>,
  )
  const maker = new FrameMaker(dataStore.generation + 1)
  act(() => {
    dataStore.applyFrame(maker.frame([reading(0), { topic: 'lab/other', payload: '1' }], 1000))
    clock.tick(DETAIL_EVERY_MS)
  })
  const id = [...Array(dataStore.index.size + 1).keys()].find(
    (n) => dataStore.index.topicOf(n) === 'lab/busy',
  )!
  act(() => {
    selectTopic('c1', id)
    maker.ingestor.select(id)
    dataStore.applyFrame(maker.frame([], 1))
    clock.tick(DETAIL_EVERY_MS)
  })
  return { renders, maker }
}

describe('TopicDetails cadence', () => {
  it(`repaints a busy selected topic at most every ${DETAIL_EVERY_MS} ms, showing its latest message`, () => {
    const { renders, maker } = setUp()
    expect(screen.getByText('lab/busy', { selector: '.detail-topic' })).toBeInTheDocument()
    const before = renders.length
    // One second at 60 frames a second, each with a new message on the selected topic. The
    // frames come from the worker's real ingest engine, which sends the detail at its own pace.
    for (let f = 1; f <= 60; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame([reading(f)], 1000 / 60))
        clock.tick(1000 / 60)
      })
    }
    act(() => {
      dataStore.applyFrame(maker.frame([], DETAIL_EVERY_MS))
      clock.tick(DETAIL_EVERY_MS)
    })
    // A repaint a person sees is a commit that changed what the details show.
    const repaints = renders
      .slice(before)
      .filter((text, i) => text !== renders[before + i - 1]).length
    expect(repaints).toBeGreaterThanOrEqual(3)
    expect(repaints).toBeLessThanOrEqual(1000 / DETAIL_EVERY_MS + 2)
    expect(document.body.textContent).toContain('a: 60b: 120')
  })

  it("builds a topic's first body in a deferred render, then updates it in the paced frame", () => {
    const { renders, maker } = setUp()
    let before = renders.length
    const other = [...Array(dataStore.index.size + 1).keys()].find(
      (n) => dataStore.index.topicOf(n) === 'lab/other',
    )!
    act(() => {
      selectTopic('c1', other)
      maker.ingestor.select(other)
      dataStore.applyFrame(maker.frame([{ topic: 'lab/other', payload: '{"c":5}' }], 1))
      clock.tick(DETAIL_EVERY_MS)
    })
    // The frame's commit shows the topic and a line; React then builds the body in slices that
    // yield to the browser, and commits it on its own.
    let commits = renders.slice(before)
    const first = commits.findIndex((text) => text.includes('c: 5'))
    expect(first).toBeGreaterThan(0)
    expect(commits[first - 1]).toContain('Loading the latest message')
    // A new message on the same topic renders in the frame that the pacer runs: no commit (and
    // so no browser frame) of its own.
    before = renders.length
    act(() => {
      dataStore.applyFrame(
        maker.frame([{ topic: 'lab/other', payload: '{"c":6}' }], DETAIL_EVERY_MS),
      )
      clock.tick(DETAIL_EVERY_MS)
    })
    commits = renders.slice(before)
    expect(commits[0]).toContain('c: 6')
  })

  it('does not render for traffic on other topics', () => {
    const { renders, maker } = setUp()
    const before = renders.length
    // 750 ms: within one rate period, so the selected topic's own rate does not change either.
    for (let f = 0; f < 15; f++) {
      act(() => {
        dataStore.applyFrame(maker.frame([{ topic: 'lab/other', payload: String(f) }], 50))
        clock.tick(50)
      })
    }
    expect(renders.length).toBe(before)
  })
})
