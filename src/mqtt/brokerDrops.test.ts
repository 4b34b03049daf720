import { describe, expect, it } from 'vitest'
import { TAB_LIMIT_HOLD_MS, TAB_LIMIT_MIN_RATE } from '../engine/budgets'
import {
  asksBroker,
  BROKER_DROPPED_TOPIC,
  BrokerDrops,
  parseCount,
  type BrokerFigures,
} from './brokerDrops'

const T0 = 1_700_000_000_000
const text = (s: string) => new TextEncoder().encode(s)

function tracker() {
  const seen: BrokerFigures[] = []
  const drops = new BrokerDrops((f) => seen.push(f))
  /** The broker reports `count` at `at` ms while the connection had received `received`. */
  const report = (count: number, at: number, received: number) =>
    drops.take(BROKER_DROPPED_TOPIC, text(String(count)), received, T0 + at, () => [])
  return { drops, seen, report, last: () => seen.at(-1) }
}

describe('BrokerDrops', () => {
  it('counts drops from the first report on, across a broker restart', () => {
    const { report, last } = tracker()
    report(5_000, 0, 0) // retained: drops from before this connection
    expect(last()).toEqual({ dropped: 0, limitUntil: 0 })
    report(5_300, 1_000, 100)
    expect(last()?.dropped).toBe(300)
    report(40, 2_000, 200) // the broker restarted: its counter began again
    expect(last()?.dropped).toBe(340)
  })

  it('keeps its own message out of the view unless a user subscription matches it', () => {
    const { drops } = tracker()
    const take = (filters: string[]) =>
      drops.take(BROKER_DROPPED_TOPIC, text('1'), 0, T0, () => filters)
    expect(take([])).toBe(true)
    expect(take(['#'])).toBe(true) // '#' does not match $-topics
    expect(take(['$SYS/#'])).toBe(false)
    expect(take([BROKER_DROPPED_TOPIC])).toBe(false)
    expect(drops.take('a/b', text('1'), 0, T0, () => [])).toBe(false)
  })

  it('says the tab is at its limit when drops rise twice while its rate stays high and flat', () => {
    const { report, last } = tracker()
    const rate = 12_000 // msgs/s received by the tab
    report(0, 0, 0)
    report(50_000, 1_000, rate)
    expect(last()?.limitRate).toBeUndefined() // one rise is not yet a pattern
    // The app asked again (BROKER_DROPS_REFRESH_MS): the same value resent is no new report.
    report(50_000, 1_500, 1.5 * rate)
    expect(last()).toMatchObject({ dropped: 50_000 })
    report(100_000, 2_000, 2 * rate * 1.05)
    expect(last()?.limitRate).toBe(Math.round(rate * 1.1))
    expect(last()?.limitUntil).toBe(T0 + 2_000 + TAB_LIMIT_HOLD_MS)
  })

  it('does not blame the tab for drops while it receives little or an unsteady rate', () => {
    const slow = tracker()
    const low = TAB_LIMIT_MIN_RATE / 2
    slow.report(0, 0, 0)
    slow.report(10, 1_000, low)
    slow.report(20, 2_000, 2 * low)
    expect(slow.last()?.limitRate).toBeUndefined()

    const rising = tracker()
    rising.report(0, 0, 0)
    rising.report(10, 1_000, 2_000)
    rising.report(20, 2_000, 2_000 + 8_000) // 2 000/s, then 8 000/s: not at a ceiling
    expect(rising.last()?.limitRate).toBeUndefined()

    const noDrops = tracker()
    noDrops.report(7, 0, 0)
    noDrops.report(7, 1_000, 20_000)
    noDrops.report(7, 2_000, 40_000)
    expect(noDrops.last()?.limitRate).toBeUndefined()
  })

  it('reads decimal counts only', () => {
    expect(parseCount(text('0'))).toBe(0)
    expect(parseCount(text('1234567'))).toBe(1_234_567)
    expect(parseCount(text(''))).toBeUndefined()
    expect(parseCount(text('12 messages'))).toBeUndefined()
    expect(parseCount(text('-1'))).toBeUndefined()
  })

  it('does not ask brokers that close connections on unexpected subscriptions', () => {
    expect(asksBroker('ws://127.0.0.1:9001')).toBe(true)
    expect(asksBroker('wss://test.mosquitto.org:8081')).toBe(true)
    expect(asksBroker('wss://myhub.azure-devices.net/$iothub/websocket')).toBe(false)
    expect(asksBroker('wss://abc-ats.iot.eu-west-1.amazonaws.com/mqtt')).toBe(false)
    expect(asksBroker('not a url')).toBe(false)
  })
})
