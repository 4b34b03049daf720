import { act, render, screen } from '@testing-library/react'
import type * as ReactI18next from 'react-i18next'
import { describe, expect, it, vi } from 'vitest'
import { TEXT_ROWS_EVERY_MS } from '../../engine/budgets'
import { useAppStore } from '../../store/appStore'
import { dataStore } from '../../store/dataStore'
import { FrameMaker } from '../../test/frames'
import { manualFrameClockPerTest } from '../../test/frameClock'
import { ConnectionTabs } from './ConnectionTabs'

// The tab strip's renders, counted by its own useTranslation('connection') call (TabCount has
// none): the strip must not render for a new message count.
const strip = vi.hoisted(() => ({ renders: 0 }))
vi.mock('react-i18next', async (importOriginal) => {
  const original = await importOriginal<typeof ReactI18next>()
  return {
    ...original,
    useTranslation: ((...args: Parameters<typeof original.useTranslation>) => {
      if (args[0] === 'connection') strip.renders++
      return original.useTranslation(...args)
    }) as typeof original.useTranslation,
  }
})

const clockOf = manualFrameClockPerTest()

describe('ConnectionTabs', () => {
  it("repaints a tab's message count without rendering the strip", () => {
    render(<ConnectionTabs />)
    const shown = useAppStore.getState().shownId
    const tab = screen.getByRole('tab', { selected: true })
    const rendersAtMount = strip.renders
    const maker = new FrameMaker(dataStore.generation + 1)
    act(() => {
      for (let f = 0; f < 30; f++) dataStore.applyFrame(maker.frame(['a', 'b', 'c']))
    })
    act(() => clockOf().tick(TEXT_ROWS_EVERY_MS))
    const count = dataStore.totalsOf(shown).received
    expect(count).toBe(90)
    expect(tab.querySelector('.conn-count')).toHaveTextContent('90')
    expect(strip.renders).toBe(rendersAtMount)

    act(() => dataStore.applyFrame(maker.frame(['a'])))
    act(() => clockOf().tick(TEXT_ROWS_EVERY_MS))
    expect(tab.querySelector('.conn-count')).toHaveTextContent('91')
    expect(strip.renders).toBe(rendersAtMount)
  })
})
