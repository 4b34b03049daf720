import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useUpdateStore } from './updateStore'
import { UpdateNotice } from './UpdateNotice'

afterEach(() => useUpdateStore.setState({ apply: undefined }))

describe('UpdateNotice', () => {
  it('shows nothing until a new version waits, then reloads only when asked', () => {
    render(<UpdateNotice />)
    expect(screen.queryByRole('status')).toBeNull()
    const apply = vi.fn()
    act(() => useUpdateStore.setState({ apply }))
    expect(screen.getByRole('status')).toHaveTextContent('A new version of mqtt-scope is ready')
    expect(apply).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Reload now' }))
    expect(apply).toHaveBeenCalledOnce()
  })

  it('can be put off', () => {
    render(<UpdateNotice />)
    act(() => useUpdateStore.setState({ apply: vi.fn() }))
    fireEvent.click(screen.getByRole('button', { name: 'Later' }))
    expect(screen.queryByRole('status')).toBeNull()
  })
})
