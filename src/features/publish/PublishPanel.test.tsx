import { fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useLibraryStore } from '../../store/publish/library'
import { withFakeHost } from '../../test/fakeHost'
import { PublishPanel } from './PublishPanel'

const initialLibrary = useLibraryStore.getState()
const host = withFakeHost(() => {
  // The store saves what it is set to: clear storage after resetting it.
  useLibraryStore.setState(initialLibrary, true)
  localStorage.clear()
})

beforeEach(() => {
  host().status({ state: 'connected', protocolLevel: 5 })
})

const topic = () => screen.getByRole('textbox', { name: 'Publish topic' })
const payload = () => screen.getByRole('textbox', { name: 'Payload' })

describe('PublishPanel', () => {
  it('offers the contract controls', () => {
    render(<PublishPanel />)
    expect(topic()).toBeInTheDocument()
    expect(payload()).toBeInTheDocument()
    expect(screen.getByRole('combobox', { name: 'Publish QoS' })).toHaveValue('0')
    expect(screen.getByRole('checkbox', { name: 'Retain' })).not.toBeChecked()
    expect(screen.getByRole('button', { name: 'Publish' })).toBeInTheDocument()
  })

  it('refuses a topic with # in an alert and sends nothing', () => {
    render(<PublishPanel />)
    fireEvent.change(topic(), { target: { value: 'a/#' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }))
    expect(screen.getByRole('alert')).toHaveTextContent('cannot contain "+" or "#"')
    expect(topic()).toHaveAttribute('aria-invalid', 'true')
    expect(host().callsOf('publish')).toEqual([])
  })

  it('refuses invalid JSON with the position of the error', () => {
    render(<PublishPanel />)
    fireEvent.change(topic(), { target: { value: 'a' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Publish format' }), {
      target: { value: 'json' },
    })
    fireEvent.change(payload(), { target: { value: '{"a" 1}' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }))
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^Invalid JSON at line 1, column 6 \(position 5\)/,
    )
  })

  it('warns about $ topics without refusing them', () => {
    render(<PublishPanel />)
    fireEvent.change(topic(), { target: { value: '$SYS/x' } })
    expect(screen.getByText(/reserved for the broker/)).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('publishes with Ctrl+Enter and shows the result', async () => {
    render(<PublishPanel />)
    fireEvent.change(topic(), { target: { value: 'k/1' } })
    fireEvent.change(payload(), { target: { value: 'hi' } })
    fireEvent.keyDown(payload(), { key: 'Enter', ctrlKey: true })
    expect(host().callsOf('publish')).toHaveLength(1)
    expect(await screen.findByRole('log', { name: 'Publish results' })).toHaveTextContent(
      'k/1 sent (QoS 0)',
    )
  })

  it('pretty prints JSON', () => {
    render(<PublishPanel />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Publish format' }), {
      target: { value: 'json' },
    })
    fireEvent.change(payload(), { target: { value: '{"a":1}' } })
    fireEvent.click(screen.getByRole('button', { name: 'Pretty print' }))
    expect(payload()).toHaveValue('{\n  "a": 1\n}')
  })
})
