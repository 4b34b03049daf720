import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { selectShown, useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { useDecoderStore } from '../../store/decoderStore'
import { setChannel } from '../../store/sessions'
import { useTreeViewStore } from '../../store/treeViewStore'
import { FakeHost } from '../../test/fakeHost'
import { FrameMaker } from '../../test/frames'
import { ManualFrameClock } from '../../test/frameClock'
import { TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { setFrameClock } from '../../lib/pacer'
import { BUSIEST_REFRESH_MS } from './BusiestTopics'
import { setTreeFilter } from '../../store/view'
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
  // jsdom lays nothing out: give the virtual list's scroll element a size so rows render.
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(400)
})

afterEach(() => {
  restoreClock()
  vi.useRealTimers()
  vi.restoreAllMocks()
  setChannel(undefined)
})

const times = (topic: string, n: number, payload = 'v') =>
  Array.from({ length: n }, () => ({ topic, payload }))

/** Feeds one frame (a second after the last one: rates are messages per second). */
function feed(maker: FrameMaker, messages: Parameters<FrameMaker['frame']>[0]) {
  act(() => {
    dataStore.applyFrame(maker.frame(messages, 1000))
    // The tree repaints at an animation frame, at most every TEXT_ROWS_EVERY_MS.
    clock.tick(TEXT_ROWS_EVERY_MS)
  })
}

const rowNames = () =>
  within(screen.getByRole('tree', { name: 'Topics' }))
    .getAllByRole('treeitem')
    .map((row) => row.querySelector('.node-name')?.textContent)

/** The row of a level (jsdom lays nothing out, so accessible names run the spans together). */
function row(name: string): HTMLElement {
  const rows = within(screen.getByRole('tree', { name: 'Topics' })).getAllByRole('treeitem')
  const found = rows.find((r) => r.querySelector('.node-name')?.textContent === name)
  if (!found) throw new Error(`no row ${name}`)
  return found
}

describe('TopicTree', () => {
  it('re-sorts siblings with the "Sort topics" combobox', () => {
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    feed(maker, [...times('b/x', 1), ...times('a/y', 3), ...times('c/z', 2)])
    expect(rowNames()).toEqual(['a', 'b', 'c'])

    const sort = screen.getByRole('combobox', { name: 'Sort topics' })
    expect(
      within(sort)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Name', 'Messages', 'Rate', 'Last update'])
    fireEvent.change(sort, { target: { value: 'messages' } })
    expect(useTreeViewStore.getState().sort).toBe('messages')
    expect(rowNames()).toEqual(['a', 'c', 'b'])
    fireEvent.change(sort, { target: { value: 'name' } })
    expect(rowNames()).toEqual(['a', 'b', 'c'])
  })

  it('shows the subtopic count of branches and the age of the last message', () => {
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    feed(maker, ['h/a/1', 'h/a/2', 'h/b'])
    const top = row('h')
    expect(top).toHaveTextContent('3 topics')
    fireEvent.click(top)
    fireEvent.keyDown(screen.getByRole('tree', { name: 'Topics' }), { key: '*' })
    expect(row('a')).toHaveTextContent('2 topics')
    // 'b' has a message of its own: its age is shown (the fake clock is far in the past).
    expect(row('b')).toHaveTextContent(/ago/)
  })

  it('moves by type-ahead and expands everything with "Expand all"', () => {
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    feed(maker, ['alpha/1', 'beta/2', 'bravo/3'])
    const tree = screen.getByRole('tree', { name: 'Topics' })
    fireEvent.keyDown(tree, { key: 'b', timeStamp: 1 })
    expect(row('beta')).toHaveAttribute('aria-selected', 'true')
    fireEvent.keyDown(tree, { key: 'r', timeStamp: 100 })
    expect(row('bravo')).toHaveAttribute('aria-selected', 'true')
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }))
    expect(rowNames()).toEqual(['alpha', '1', 'beta', '2', 'bravo', '3'])
  })

  it('shows the busiest topics and subtrees, refreshed twice a second', () => {
    vi.useFakeTimers()
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    // f/hot's last payload is 1 byte: bytes/s is the exact sum (4 × 8 + 1), not rate × last size.
    feed(maker, [
      ...times('f/hot', 4, '12345678'),
      { topic: 'f/hot', payload: '1' },
      ...times('f/warm', 2),
      ...times('g/x', 1),
    ])
    const toggle = screen.getByRole('button', { name: 'Busiest topics' })
    expect(toggle).toHaveAttribute('aria-pressed', 'false')
    fireEvent.click(toggle)
    expect(toggle).toHaveAttribute('aria-pressed', 'true')

    const topics = screen.getByRole('table', { name: 'Busiest topics' })
    const rows = within(topics).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual(['f/hot533 B', 'f/warm22 B', 'g/x11 B'])
    expect(within(topics).getByRole('columnheader', { name: 'bytes/s' })).toHaveAttribute(
      'title',
      expect.stringContaining('summed exactly') as string,
    )
    const subtrees = screen.getByRole('table', { name: 'Busiest subtrees' })
    expect(within(subtrees).getAllByRole('row')[1]).toHaveTextContent('f7')

    // A new hot topic shows up at the next refresh, not before.
    feed(maker, times('g/new', 9))
    expect(within(topics).queryByText('g/new')).toBeNull()
    act(() => {
      vi.advanceTimersByTime(BUSIEST_REFRESH_MS)
    })
    expect(within(topics).getAllByRole('row')[1]).toHaveTextContent('g/new9')

    fireEvent.click(within(topics).getByRole('button', { name: 'g/new' }))
    expect(selectShown(useAppStore.getState()).selectedTopicId).toBeDefined()
  })

  it('previews a value with the decoder bound to its topic, Auto elsewhere', () => {
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    act(() => {
      useDecoderStore.setState({ bindings: [{ filter: 'codes/#', format: 'hex' }] })
    })
    feed(maker, [
      { topic: 'codes/a', payload: 'AB' },
      { topic: 'plain', payload: 'AB' },
    ])
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }))
    expect(row('a').querySelector('.node-value')).toHaveTextContent('41 42')
    expect(row('plain').querySelector('.node-value')).toHaveTextContent(/^AB$/)
    act(() => {
      useDecoderStore.setState({ bindings: [] })
    })
    expect(row('a').querySelector('.node-value')).toHaveTextContent(/^AB$/)
  })

  it('filters on the last value preview with "Search values too"', () => {
    const maker = new FrameMaker(dataStore.generation + 1)
    render(<TopicTree />)
    feed(maker, [
      { topic: 'd/one', payload: 'door OPEN' },
      { topic: 'd/two', payload: 'closed' },
    ])
    act(() => setTreeFilter('c1', 'open'))
    expect(screen.getByText('0 matches')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Search values too' }))
    expect(screen.getByText('1 match')).toBeInTheDocument()
    expect(screen.getByText('(last value preview only)')).toBeInTheDocument()
    expect(rowNames()).toEqual(['d', 'one'])
  })
})
