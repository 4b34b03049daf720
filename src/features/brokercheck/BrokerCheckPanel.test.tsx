import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { BrokerCheckReport, CheckId, CheckResult, CheckStatus } from '../../brokercheck/types'
import { i18n } from '../../i18n'
import { coded } from '../../lib/coded'
import { setForm, useAppStore } from '../../store/appStore'
import { applyCheckLink, useBrokerCheckStore } from '../../store/brokerCheckStore'
import { withFakeHost } from '../../test/fakeHost'
import { BROKER_CHECK_CONN, type BrokerCheckArgs } from '../../wire/brokerCheck'
import { BrokerCheckPanel } from './BrokerCheckPanel'

const initial = useBrokerCheckStore.getState()
const host = withFakeHost(() => {
  localStorage.clear()
  useBrokerCheckStore.setState({ ...initial, past: [], targets: [] }, true)
})

function result(id: CheckId, status: CheckStatus, code: string): CheckResult {
  return {
    id,
    status,
    figure: [{ key: 'p50', value: 12, unit: 'ms' }],
    meaning: coded(code),
    notes: [],
    evidence: [{ at: 3, dir: 'out', text: 'SUBSCRIBE ~/shared q1' }],
    evidenceDropped: 0,
    durationMs: 5,
  }
}

function report(url: string, shared: CheckStatus, sharedCode: string): BrokerCheckReport {
  return {
    target: { url, protocol: 'auto' },
    profile: { groups: ['reach', 'semantics'], heavy: true },
    protocolLevel: 4,
    topicPrefix: 'mqtt-scope-check/x',
    startedAt: 1,
    durationMs: 2000,
    cancelled: false,
    results: [
      result('reach.mqtt311', 'pass', 'reach.mqtt311.accepted'),
      result('semantics.shared', shared, sharedCode),
    ],
    cleanup: { retainedCleared: 1, retainedFailed: [], sessionsEnded: 0, sessionsFailed: [] },
  }
}

const click = async (name: string) => {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }))
    await new Promise((r) => setTimeout(r, 0))
  })
}

describe('BrokerCheckPanel', () => {
  it('runs the shown connection and a public preset on the check connection, shows progress, then the side by side and the scorecards', async () => {
    const id = useAppStore.getState().shownId
    setForm(id, { url: 'ws://127.0.0.1:9001', version: '5', username: 'u', password: 'pw' })
    render(<BrokerCheckPanel />)
    await click('Add the shown connection')
    fireEvent.change(screen.getByRole('combobox', { name: 'Profile to add' }), {
      target: { value: 'preset:emqx-wss' },
    })
    await click('Add profile')
    expect(screen.getByLabelText('URL of target 2')).toHaveValue('wss://broker.emqx.io:8084/mqtt')
    expect(screen.getByText('Public broker: heavy checks are off.')).toBeInTheDocument()
    await click('Run check')

    const [call] = host().callsOf('brokerCheck')
    expect(call!.conn).toBe(BROKER_CHECK_CONN)
    const { runs } = call as unknown as BrokerCheckArgs
    // The password goes to the worker for this run; the public preset runs without heavy checks,
    // and throughput is opt-in for both.
    expect(runs[0]!.target).toMatchObject({
      url: 'ws://127.0.0.1:9001',
      protocol: '5',
      password: 'pw',
    })
    expect(runs[0]!.profile.heavy).toBe(true)
    expect(runs[1]!.target.isPublic).toBe(true)
    expect(runs[1]!.profile.heavy).toBe(false)
    for (const r of runs) expect(r.profile.groups).not.toContain('throughput')
    // Nothing else may be touched: no call or cast reached the user's connection.
    expect(host().calls.filter((c) => c.conn === id)).toEqual([])

    const callId = host().idOf('brokerCheck')
    act(() =>
      host().progress(callId, {
        index: 1,
        count: 2,
        progress: {
          type: 'result',
          result: result('reach.mqtt311', 'pass', 'reach.mqtt311.accepted'),
          done: 3,
          total: 24,
        },
      }),
    )
    expect(screen.getByRole('status', { name: 'Check progress' })).toHaveTextContent(
      'Broker 2 of 2: 3 of 24 checks done (MQTT 3.1.1)',
    )
    expect(screen.getByRole('button', { name: 'Run check' })).toBeDisabled()
    await click('Cancel check')
    expect(host().callsOf('cancel')).toEqual([
      { method: 'cancel', conn: BROKER_CHECK_CONN, id: callId },
    ])
    expect(screen.getByRole('status', { name: 'Check progress' })).toHaveTextContent('Cancelling')

    const reports = [
      report('ws://127.0.0.1:9001', 'pass', 'semantics.shared.split'),
      report('wss://broker.emqx.io:8084/mqtt', 'unsupported', 'semantics.shared.notDelivered'),
    ]
    await act(async () => {
      host().reply(callId, { ok: true, reports })
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(screen.getByRole('status', { name: 'Check progress' })).toHaveTextContent('')
    const side = screen.getByRole('table', { name: /^Side by side/ })
    const sharedRow = within(side).getByRole('row', { name: /^Shared subscriptions/ })
    expect(
      within(sharedRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['✓ Pass p50 12 ms', '– Unsupported p50 12 ms', 'differs'])
    const same = within(side).getByRole('row', { name: /^MQTT 3\.1\.1/ })
    expect(within(same).getAllByRole('cell').at(-1)).toHaveTextContent('')
    expect(screen.getAllByRole('table', { name: /^Scorecard: / })).toHaveLength(2)

    // Kept as a past check, without the password and without evidence.
    expect(screen.getAllByRole('button', { name: /^Show check of / })).toHaveLength(1)
    const stored = localStorage.getItem('mqtt-scope.brokerChecks') ?? ''
    expect(stored).toContain('semantics.shared.split')
    expect(stored).not.toContain('pw')
    expect(stored).not.toContain('SUBSCRIBE')
  })

  it('says what to do when there is nothing to check, in Chinese too', async () => {
    render(<BrokerCheckPanel />)
    await click('Run check')
    expect(screen.getByRole('alert')).toHaveTextContent('Add a broker to check first')
    expect(host().callsOf('brokerCheck')).toEqual([])
    try {
      await act(() => i18n.changeLanguage('zh'))
      expect(screen.getByRole('alert')).toHaveTextContent('请先添加要检查的服务器')
      expect(screen.getByRole('button', { name: '运行检查' })).toBeEnabled()
    } finally {
      await act(() => i18n.changeLanguage('en'))
    }
  })

  it('a check link sets up its targets (never a password) and opens the panel', () => {
    expect(
      applyCheckLink(
        '?check=ws%3A%2F%2Fuser%3Asecret%40127.0.0.1%3A9001&checkv=3.1.1&check=ws%3A%2F%2Fbroker.hivemq.com%3A8000%2Fmqtt&checkgroups=reach,throughput&checkheavy=0',
      ),
    ).toBe(true)
    const s = useBrokerCheckStore.getState()
    expect(s.open).toBe(true)
    expect(s.targets.map((t) => [t.url, t.protocol, t.password, t.isPublic])).toEqual([
      ['ws://127.0.0.1:9001', '3.1.1', '', false],
      ['ws://broker.hivemq.com:8000/mqtt', 'auto', '', true],
    ])
    expect(s.groups).toEqual(['reach'])
    expect(s.throughput).toBe(true)
    expect(applyCheckLink('?url=ws://x')).toBe(false)
  })
})
