import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useThemeVersion } from './useThemeVersion'

function Probe() {
  return <span data-testid="v">{useThemeVersion()}</span>
}

describe('useThemeVersion', () => {
  it('changes when the theme attribute on <html> changes', async () => {
    render(<Probe />)
    const before = Number(screen.getByTestId('v').textContent)
    await act(async () => {
      document.documentElement.dataset.theme = 'dark'
      await Promise.resolve() // MutationObserver callbacks run as a microtask
    })
    expect(Number(screen.getByTestId('v').textContent)).toBeGreaterThan(before)
    delete document.documentElement.dataset.theme
  })
})
