import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RETAINED_CONFIRM_ABOVE } from '../../engine/budgets'
import { i18n } from '../../i18n'
import { withFakeHost } from '../../test/fakeHost'
import type { RetainedMessage } from '../../wire/retained'
import { ClearRetainedButton } from './ClearRetainedButton'
import { RetainedPanel } from './RetainedPanel'
import { retained, retainedActions } from './retainedStore'

const host = withFakeHost()
const state = () => retained.get('c1')

const text = (s: string) => new TextEncoder().encode(s)
const messages = (n: number): RetainedMessage[] =>
  Array.from({ length: n }, (_, i) => ({ topic: `plant/${n - i}`, payload: text('on'), qos: 1 }))

async function scan(filter: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Retained filter' }), {
    target: { value: filter },
  })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Scan retained' }))
    await new Promise((r) => setTimeout(r, 0))
  })
}

describe('RetainedPanel', () => {
  it('previews how many will be cleared, clears them, and Undo republishes the backup', async () => {
    const found = messages(1200)
    host().answer('retainedScan', () => ({ ok: true, messages: found, bytes: 2400 }))
    render(<RetainedPanel />)
    expect(screen.getByRole('textbox', { name: 'Retained filter' })).toHaveValue('#')
    await scan('plant/#')
    expect(host().callsOf('retainedScan')).toEqual([
      { method: 'retainedScan', conn: 'c1', filter: 'plant/#' },
    ])
    expect(screen.getByRole('region', { name: 'Retained messages' })).toHaveTextContent(
      '1,200 retained messages under plant/# will be cleared',
    )
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Found 1,200 retained messages (2.3 KB) under plant/#.',
    )
    // Sorted by topic for the list.
    expect(state().list?.[0]?.topic).toBe('plant/1')

    // Above RETAINED_CONFIRM_ABOVE the first click only asks, and says how long Undo lasts.
    fireEvent.click(screen.getByRole('button', { name: 'Clear all 1,200 retained' }))
    expect(host().callsOf('retainedClear')).toEqual([])
    expect(screen.getByRole('group', { name: 'Confirm clearing' })).toHaveTextContent(
      'Undo can put them back only until you leave or reload this page.',
    )
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, clear 1,200 retained messages' }))
      await new Promise((r) => setTimeout(r, 0))
    })
    const cleared = host().callsOf('retainedClear')[0]!.topics as string[]
    expect(cleared).toHaveLength(1200)
    expect(new Set(cleared)).toEqual(new Set(found.map((m) => m.topic)))
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Cleared 1,200 retained messages (under plant/#).',
    )
    expect(screen.queryByRole('button', { name: /^Clear all/ })).not.toBeInTheDocument()

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Undo' }))
      await new Promise((r) => setTimeout(r, 0))
    })
    const restored = host().callsOf('retainedRestore')[0]!.messages as RetainedMessage[]
    expect(restored).toHaveLength(1200)
    expect(restored.find((m) => m.topic === 'plant/5')).toEqual({
      topic: 'plant/5',
      payload: text('on'),
      qos: 1,
    })
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Restored 1,200 retained messages (under plant/#).',
    )
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument()
    expect(state().list).toHaveLength(1200)
  })

  it('clears up to RETAINED_CONFIRM_ABOVE at once; above it "Keep them" clears nothing', async () => {
    let found = messages(RETAINED_CONFIRM_ABOVE)
    host().answer('retainedScan', () => ({ ok: true, messages: found, bytes: 20 }))
    render(<RetainedPanel />)
    await scan('plant/#')
    await act(async () => {
      fireEvent.click(
        screen.getByRole('button', { name: `Clear all ${RETAINED_CONFIRM_ABOVE} retained` }),
      )
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(host().callsOf('retainedClear')).toHaveLength(1)

    found = messages(RETAINED_CONFIRM_ABOVE + 1)
    await scan('plant/#')
    const n = RETAINED_CONFIRM_ABOVE + 1
    fireEvent.click(screen.getByRole('button', { name: `Clear all ${n} retained` }))
    expect(screen.getByRole('button', { name: `Yes, clear ${n} retained messages` })).toHaveFocus()
    fireEvent.click(screen.getByRole('button', { name: 'Keep them' }))
    expect(screen.queryByRole('group', { name: 'Confirm clearing' })).not.toBeInTheDocument()
    expect(host().callsOf('retainedClear')).toHaveLength(1)
    expect(state().list).toHaveLength(n)
  })

  it('keeps what failed listed and in words, and refuses filters that cannot scan', async () => {
    host().answer('retainedScan', () => ({ ok: true, messages: messages(3), bytes: 6 }))
    host().answer('retainedClear', ({ topics }) => ({
      succeeded: topics.length - 1,
      failed: 1,
      failedTopics: ['plant/2'],
      error: {
        code: 'retained.topicFailed',
        values: {
          topic: 'plant/2',
          reason: {
            code: 'publish.refused',
            values: { code: 135, reason: { code: 'puback.135' } },
          },
        },
      },
    }))
    render(<RetainedPanel />)
    await scan('plant/#')
    await act(async () => {
      await retainedActions('c1').clearAll()
    })
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Cleared 2 of 3 retained messages (under plant/#); 1 failed (plant/2): plant/2: The broker refused the publish: not authorized',
    )
    expect(state().list?.map((m) => m.topic)).toEqual(['plant/2'])
    expect(state().backup?.messages.map((m) => m.topic)).toEqual(['plant/1', 'plant/3'])

    await scan('a/#/b')
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      /Cannot scan “a\/#\/b”/,
    )
    await scan('$share/g/plant/#')
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'A shared subscription receives no retained messages: scan plant/# instead.',
    )
    expect(host().callsOf('retainedScan')).toHaveLength(1)
  })

  it('shows a refused scan in words', async () => {
    host().answer('retainedScan', () => ({
      ok: false,
      reason: { code: 'retained.scanNotConnected' },
    }))
    render(<RetainedPanel />)
    await scan('#')
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Not connected: connect first, then scan retained messages.',
    )
  })
})

describe('RetainedPanel in Chinese', () => {
  it('words the scan, the preview and the worker’s cut note in Chinese, and re-words them on a switch', async () => {
    host().answer('retainedScan', () => ({
      ok: true,
      messages: messages(2),
      bytes: 4,
      cut: { code: 'retained.scanTopicBudget', values: { count: 2 } },
    }))
    await act(async () => {
      await i18n.changeLanguage('zh')
    })
    render(<RetainedPanel />)
    fireEvent.change(screen.getByRole('textbox', { name: '保留消息过滤器' }), {
      target: { value: 'plant/#' },
    })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '扫描保留消息' }))
      await new Promise((r) => setTimeout(r, 0))
    })
    const region = screen.getByRole('region', { name: '保留消息' })
    expect(screen.getByRole('status', { name: '保留消息结果' })).toHaveTextContent(
      '在 plant/# 下找到 2 条保留消息（4 B）。',
    )
    expect(region).toHaveTextContent('plant/# 下的 2 条保留消息将被清除（4 B）')
    expect(screen.getByRole('alert')).toHaveTextContent(
      '扫描在 2 个主题处停止（主题数上限）；请缩小过滤范围以查看其余主题。',
    )
    expect(screen.getByRole('button', { name: '清除全部 2 条保留消息' })).toBeEnabled()

    await act(async () => {
      await i18n.changeLanguage('en')
    })
    expect(screen.getByRole('status', { name: 'Retained result' })).toHaveTextContent(
      'Found 2 retained messages (4 B) under plant/#.',
    )
  })
})

describe('ClearRetainedButton', () => {
  it('clears one topic with its kept payload as the backup, and Undo puts it back', async () => {
    host().payloads.set(7, { payload: text('21.5'), size: 4 })
    render(<ClearRetainedButton topicId={7} topic="home/temp" qos={2} />)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear retained home/temp' }))
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(host().callsOf('retainedClear')).toEqual([
      { method: 'retainedClear', conn: 'c1', topics: ['home/temp'] },
    ])
    expect(screen.getByRole('status')).toHaveTextContent('Cleared 1 retained message (home/temp).')
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Undo' }))
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(host().callsOf('retainedRestore')[0]!.messages as RetainedMessage[]).toEqual([
      { topic: 'home/temp', payload: text('21.5'), qos: 2 },
    ])
  })
})
