import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { selectShown, useAppStore } from '../../store/appStore'
import { patchShown, withFakeHost } from '../../test/fakeHost'
import { SubscriptionsPanel } from './SubscriptionsPanel'

const host = withFakeHost()

function subscribeTo(filter: string) {
  fireEvent.change(screen.getByLabelText('Topic filter'), { target: { value: filter } })
  fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }))
}

describe('SubscriptionsPanel', () => {
  it('shows why a.../#/b is invalid and adds nothing', () => {
    render(<SubscriptionsPanel />)
    subscribeTo('a/#/b')
    expect(screen.getByRole('alert')).toHaveTextContent(
      '"#" must be a whole level and the last one (like sensors/#), so "a/#/b" is not a valid filter.',
    )
    expect(screen.getByLabelText('Topic filter')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Topic filter')).toHaveAccessibleDescription(
      /"#" must be a whole level/,
    )
    expect(
      within(screen.getByRole('list', { name: 'Subscriptions' })).queryAllByRole('listitem'),
    ).toHaveLength(0)
    expect(selectShown(useAppStore.getState()).subscriptions).toEqual([])
    expect(host().callsOf('subscribe')).toEqual([])
  })

  it('clears the error as soon as the filter is edited', () => {
    render(<SubscriptionsPanel />)
    subscribeTo('a+')
    expect(screen.getByRole('alert')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Topic filter'), { target: { value: 'a/+' } })
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('keeps a valid filter waiting for a connection while disconnected', () => {
    render(<SubscriptionsPanel />)
    subscribeTo('sensors/#')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    const item = within(screen.getByRole('list', { name: 'Subscriptions' })).getByRole('listitem')
    expect(item).toHaveTextContent('sensors/#')
    expect(item).toHaveTextContent('waiting for connection')
    expect(host().callsOf('subscribe')).toEqual([])
  })

  it('sends a subscription at once when connected and shows it active', async () => {
    patchShown({ status: { state: 'connected', protocolLevel: 5 } })
    render(<SubscriptionsPanel />)
    fireEvent.change(screen.getByLabelText('Subscription QoS'), { target: { value: '1' } })
    subscribeTo('sensors/+/temp')
    expect(host().callsOf('subscribe')).toEqual([
      { method: 'subscribe', conn: 'c1', filter: 'sensors/+/temp', qos: 1 },
    ])
    expect(await screen.findByText('active')).toBeInTheDocument()
  })

  it('shows the broker’s refusal next to the filter', async () => {
    host().answer('subscribe', () => ({ ok: false, reason: { code: 'suback.135' } }))
    patchShown({ status: { state: 'connected', protocolLevel: 5 } })
    render(<SubscriptionsPanel />)
    subscribeTo('secret/#')
    expect(
      await screen.findByText('Not authorized: the broker’s access rules forbid this filter'),
    ).toBeInTheDocument()
  })

  it('says so when the same filter is subscribed twice', () => {
    render(<SubscriptionsPanel />)
    subscribeTo('a/#')
    subscribeTo(' a/# ')
    expect(screen.getByRole('alert')).toHaveTextContent('Already subscribed to a/#.')
    expect(selectShown(useAppStore.getState()).subscriptions).toHaveLength(1)
  })

  it('removes a subscription and unsubscribes an active one', async () => {
    patchShown({ status: { state: 'connected', protocolLevel: 5 } })
    render(<SubscriptionsPanel />)
    subscribeTo('a/#')
    await screen.findByText('active')
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe a/#' }))
    })
    expect(screen.queryByText('a/#')).not.toBeInTheDocument()
    expect(host().callsOf('unsubscribe')).toEqual([
      { method: 'unsubscribe', conn: 'c1', filter: 'a/#' },
    ])
  })
})
