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

  describe('MQTT 5 options', () => {
    function setOptions(o: { noLocal?: boolean; rh?: string; id?: string }) {
      if (o.noLocal !== undefined)
        fireEvent.click(screen.getByRole('checkbox', { name: 'No Local' }))
      if (o.rh !== undefined)
        fireEvent.change(screen.getByLabelText('Retain handling'), { target: { value: o.rh } })
      if (o.id !== undefined)
        fireEvent.change(screen.getByLabelText('Subscription identifier'), {
          target: { value: o.id },
        })
    }

    it('sends No Local, Retain Handling and the identifier, and lists them', async () => {
      patchShown({ status: { state: 'connected', protocolLevel: 5 } })
      render(<SubscriptionsPanel />)
      setOptions({ noLocal: true, rh: '2', id: ' 42 ' })
      subscribeTo('sensors/#')
      expect(host().callsOf('subscribe')).toEqual([
        {
          method: 'subscribe',
          conn: 'c1',
          filter: 'sensors/#',
          qos: 0,
          v5: { noLocal: true, retainHandling: 2, id: 42 },
        },
      ])
      const item = within(screen.getByRole('list', { name: 'Subscriptions' })).getByRole('listitem')
      expect(await within(item).findByText(/active/)).toBeInTheDocument()
      expect(item).toHaveTextContent('No Local · Retain handling 2 · id 42')
      expect(item).not.toHaveTextContent('not sent')
    })

    it('sends defaults as no options at all', () => {
      patchShown({ status: { state: 'connected', protocolLevel: 5 } })
      render(<SubscriptionsPanel />)
      setOptions({ rh: '0', id: '' })
      subscribeTo('a/#')
      expect(host().callsOf('subscribe')).toEqual([
        { method: 'subscribe', conn: 'c1', filter: 'a/#', qos: 0 },
      ])
    })

    it('subscribes a held filter again when only its options changed', () => {
      patchShown({ status: { state: 'connected', protocolLevel: 5 } })
      render(<SubscriptionsPanel />)
      subscribeTo('a/#')
      setOptions({ noLocal: true })
      subscribeTo('a/#')
      expect(screen.queryByRole('alert')).not.toBeInTheDocument()
      expect(
        host()
          .callsOf('subscribe')
          .map((c) => c.v5),
      ).toEqual([undefined, { noLocal: true }])
      expect(selectShown(useAppStore.getState()).subscriptions).toHaveLength(1)
    })

    it.each(['0', '268435456', '4.5', '-3', 'x'])(
      'refuses the identifier "%s" with what to type instead and sends nothing',
      (id) => {
        patchShown({ status: { state: 'connected', protocolLevel: 5 } })
        render(<SubscriptionsPanel />)
        setOptions({ id })
        subscribeTo('a/#')
        expect(screen.getByRole('alert')).toHaveTextContent(
          `"${id}" is not a subscription identifier: give a whole number from 1 to 268435455`,
        )
        expect(host().callsOf('subscribe')).toEqual([])
      },
    )

    it('does not send an identifier to a broker whose CONNACK said it takes none', () => {
      patchShown({
        status: {
          state: 'connected',
          protocolLevel: 5,
          connack: { sessionPresent: false, subscriptionIdentifiersAvailable: false },
        },
      })
      render(<SubscriptionsPanel />)
      setOptions({ id: '7' })
      subscribeTo('a/#')
      expect(screen.getByRole('alert')).toHaveTextContent(
        'does not support subscription identifiers',
      )
      expect(host().callsOf('subscribe')).toEqual([])
    })

    it('says in the options that MQTT 3.1.1 does not send them when the form is set to it', () => {
      render(<SubscriptionsPanel />)
      const note = 'Not sent on MQTT 3.1.1: choose MQTT version 5 in the connection form'
      expect(screen.queryByText(note, { exact: false })).not.toBeInTheDocument()
      act(() =>
        patchShown({ form: { ...selectShown(useAppStore.getState()).form, version: '3.1.1' } }),
      )
      expect(screen.getByText(note, { exact: false })).toBeInTheDocument()
    })

    it('says the options were not sent on an MQTT 3.1.1 connection', async () => {
      patchShown({ status: { state: 'connected', protocolLevel: 4 } })
      render(<SubscriptionsPanel />)
      setOptions({ noLocal: true })
      subscribeTo('a/#')
      const item = within(screen.getByRole('list', { name: 'Subscriptions' })).getByRole('listitem')
      expect(await within(item).findByText(/active/)).toBeInTheDocument()
      expect(item).toHaveTextContent(
        'No Local (MQTT 5 options not sent: connected with MQTT 3.1.1)',
      )
    })
  })
})
