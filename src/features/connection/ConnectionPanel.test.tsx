import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { withFakeHost } from '../../test/fakeHost'
import type { ConnectOptions } from '../../wire/mqtt'
import { ConnectionPanel } from './ConnectionPanel'

const host = withFakeHost()

function enterUrl(url: string) {
  fireEvent.change(screen.getByLabelText('Broker URL'), { target: { value: url } })
}

describe('ConnectionPanel', () => {
  it('refuses an mqtt:// URL with the reason in the status and never connects', () => {
    render(<ConnectionPanel />)
    enterUrl('mqtt://broker:1883')
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    const status = screen.getByRole('status', { name: 'Connection status' })
    expect(status).toHaveTextContent(
      /^Disconnected: Browsers cannot open mqtt:\/\/ connections; they speak MQTT only over WebSocket\./,
    )
    expect(status).toHaveClass('status-error')
    expect(host().callsOf('connect')).toEqual([])
    // The form stays editable so the user can fix the URL.
    expect(screen.getByLabelText('Broker URL')).toBeEnabled()
  })

  it('connects to a valid ws:// URL with MQTT 5 and a generated client id', () => {
    render(<ConnectionPanel />)
    enterUrl('  ws://127.0.0.1:9001/mqtt ')
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    const connects = host().callsOf('connect')
    expect(connects).toHaveLength(1)
    const options = connects[0]!.options as ConnectOptions
    expect(options).toMatchObject({
      url: 'ws://127.0.0.1:9001/mqtt',
      protocolLevel: 5,
      fallbackTo311: true,
      clean: true,
      keepalive: 30,
    })
    expect(options.clientId).toMatch(/^mqtt-scope-[0-9a-f]{8}$/)
    // The generated id is shown, so a reconnect uses the same one.
    expect(screen.getByLabelText('Client ID')).toHaveValue(options.clientId)
    expect(screen.getByRole('status', { name: 'Connection status' })).toHaveTextContent(
      'Connecting\u2026',
    )
    expect(screen.getByLabelText('Broker URL')).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeInTheDocument()
  })

  it('connects with the client id, credentials and MQTT version the user entered', () => {
    render(<ConnectionPanel />)
    enterUrl('wss://broker.example:8084/mqtt')
    fireEvent.change(screen.getByLabelText('Client ID'), { target: { value: 'my-client' } })
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 's3cret' } })
    fireEvent.change(screen.getByLabelText('MQTT version'), { target: { value: '3.1.1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    expect(host().callsOf('connect')[0]!.options).toMatchObject({
      url: 'wss://broker.example:8084/mqtt',
      clientId: 'my-client',
      username: 'alice',
      password: 's3cret',
      protocolLevel: 4,
    })
  })

  it('shows the status the session reports, with the fall-back note', () => {
    render(<ConnectionPanel />)
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    act(() =>
      host().status({
        state: 'connected',
        protocolLevel: 4,
        note: { code: 'session.fallback311' },
      }),
    )
    expect(screen.getByRole('status', { name: 'Connection status' })).toHaveTextContent(
      'Connected (MQTT 3.1.1). The broker refused MQTT 5, so mqtt-scope connected with MQTT 3.1.1.',
    )
  })

  it('asks the session to disconnect', () => {
    render(<ConnectionPanel />)
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }))
    expect(host().callsOf('disconnect')).toHaveLength(1)
  })

  it('generates a fresh client id on request', () => {
    render(<ConnectionPanel />)
    fireEvent.click(screen.getByRole('button', { name: 'Generate client ID' }))
    const input = screen.getByLabelText<HTMLInputElement>('Client ID')
    expect(input.value).toMatch(/^mqtt-scope-[0-9a-f]{8}$/)
    expect(host().calls).toEqual([])
  })
})
