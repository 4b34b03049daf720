import { describe, expect, it } from 'vitest'
import labels from '../i18n/locales/en/brokerCheck.json'
import sentences from '../i18n/locales/en/codes/brokerCheck.json'
import type { Coded } from '../lib/coded'
import { tally } from './checks/delivery'
import { ladder } from './checks/limits'
import { codePoint } from './checks/topicChars'
import { compareReports } from './compare'
import { isLoopbackUrl } from './context'
import { exportJson, parseExport } from './exportJson'
import { buildCheckLink, parseCheckLink, withoutCredentials } from './link'
import { comparisonMarkdown, scorecardMarkdown } from './markdown'
import { figureText, isLabel, quantityValue, scorecard, type Label } from './scorecard'
import type { BrokerCheckReport, CheckId, CheckResult, CheckStatus } from './types'
import { percentile } from './wait'

/** i18next's interpolation, enough for tests: the English catalogs with `{{values}}` filled in. */
const word = (c: Coded | Label): string => {
  const text = isLabel(c)
    ? ((labels as Record<string, string>)[c.label] ?? `[${c.label}]`)
    : ((sentences as Record<string, string>)[c.code] ?? `[${c.code}]`)
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = c.values?.[k]
    return v === undefined ? `{{${k}}}` : typeof v === 'object' ? word(v) : String(v)
  })
}

function result(
  id: CheckId,
  status: CheckStatus,
  code: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    id,
    status,
    meaning: { code },
    figure: [],
    notes: [],
    evidence: [],
    evidenceDropped: 0,
    durationMs: 5,
    ...extra,
  }
}

function report(
  url: string,
  results: readonly CheckResult[],
  extra: Partial<BrokerCheckReport> = {},
): BrokerCheckReport {
  return {
    target: { url, protocol: 'auto' },
    profile: { groups: ['reach', 'semantics'], heavy: true },
    protocolLevel: 5,
    topicPrefix: 'mqtt-scope-check/00000000/',
    startedAt: 1_800_000_000_000,
    durationMs: 12_345,
    cancelled: false,
    results,
    cleanup: { retainedCleared: 2, retainedFailed: [], sessionsEnded: 1, sessionsFailed: [] },
    ...extra,
  }
}

const mosquitto = report('ws://127.0.0.1:9001', [
  result('semantics.takeover', 'pass', 'semantics.takeover.silentClose'),
  result('reach.mqtt5', 'pass', 'reach.mqtt5.accepted', {
    meaning: { code: 'reach.mqtt5.accepted', values: { ms: 3 } },
  }),
  result('semantics.shared', 'pass', 'semantics.shared.split', {
    meaning: { code: 'semantics.shared.split', values: { a: 10, b: 10 } },
    figure: [{ key: 'clientA', value: 10, unit: 'count' }],
  }),
])
const rabbit = report(
  'ws://127.0.0.1:15675/ws',
  [
    result('reach.mqtt5', 'unsupported', 'reach.mqtt5.closed', {
      meaning: { code: 'reach.mqtt5.closed', values: { url: 'ws://x|y' } },
    }),
    result('semantics.takeover', 'pass', 'semantics.takeover.closed'),
    result('semantics.shared', 'unsupported', 'semantics.shared.notDelivered'),
  ],
  { protocolLevel: 4 },
)

describe('measuring', () => {
  it('percentile is the nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3)
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5)
    expect(percentile([7], 50)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })

  it('tally counts first copies, duplicates and order', () => {
    const t = tally(
      [0, 10, 20],
      [
        { seq: 0, at: 5, qos: 1 },
        { seq: 2, at: 30, qos: 1 },
        { seq: 1, at: 31, qos: 1 },
        { seq: 2, at: 40, qos: 1 },
        { seq: 9, at: 50, qos: 1 },
      ],
    )
    expect(t).toEqual({
      latencies: [5, 10, 21],
      received: 3,
      duplicates: 1,
      inOrder: false,
      maxQos: 1,
    })
  })

  it('a ladder stops at the first step that fails and says how', async () => {
    const tried: number[] = []
    const r = await ladder([1, 2, 4, 8], (n) => {
      tried.push(n)
      return Promise.resolve(n < 4 ? 'ok' : 'timeout')
    })
    expect(r).toEqual({ lastOk: 2, firstFailed: 4, how: 'timeout' })
    expect(tried).toEqual([1, 2, 4])
    expect(await ladder([1, 2], () => Promise.resolve('ok'))).toEqual({ lastOk: 2 })
    expect(await ladder([1, 2], () => Promise.resolve('closed'))).toEqual({
      firstFailed: 1,
      how: 'closed',
    })
  })

  it('names characters by code point and knows loopback URLs', () => {
    expect(codePoint('\u0000')).toBe('U+0000')
    expect(codePoint('*')).toBe('U+002A')
    expect(isLoopbackUrl('ws://127.0.0.1:9001')).toBe(true)
    expect(isLoopbackUrl('ws://localhost:9001/mqtt')).toBe(true)
    expect(isLoopbackUrl('wss://[::1]:8084')).toBe(true)
    expect(isLoopbackUrl('wss://broker.emqx.io:8084/mqtt')).toBe(false)
    expect(isLoopbackUrl('not a url')).toBe(false)
  })
})

describe('scorecard and comparison', () => {
  it('groups results in scorecard order and counts them', () => {
    const card = scorecard(rabbit)
    expect(card.groups.map((g) => [g.group, g.results.map((r) => r.id)])).toEqual([
      ['reach', ['reach.mqtt5']],
      ['semantics', ['semantics.takeover', 'semantics.shared']],
    ])
    expect(card.counts).toEqual({ pass: 1, fail: 0, unsupported: 2, skipped: 0 })
  })

  it('words quantities with their units', () => {
    expect(quantityValue({ key: 'largest', value: 262_144, unit: 'bytes' })).toEqual({
      label: 'unit.bytes',
      values: { value: '256 KB' },
    })
    expect(quantityValue({ key: 'retainAvailable', value: 0, unit: 'bool' })).toEqual({
      label: 'value.no',
    })
    expect(
      figureText(
        [
          { key: 'p50', value: 12.5, unit: 'ms' },
          { key: 'grantedQos', value: 1, unit: 'qos' },
        ],
        word,
      ),
    ).toBe('p50 12.5 ms, granted QoS 1')
  })

  it('marks checks whose status or meaning differ between brokers, not their figures', () => {
    const later = report('ws://127.0.0.1:9001', [
      ...mosquitto.results.slice(0, 2),
      result('semantics.shared', 'pass', 'semantics.shared.split', {
        figure: [{ key: 'clientA', value: 11, unit: 'count' }],
      }),
    ])
    expect(compareReports([mosquitto, later]).differing).toBe(0)
    const cmp = compareReports([mosquitto, rabbit])
    expect(cmp.rows.map((r) => [r.id, r.differs])).toEqual([
      ['reach.mqtt5', true],
      ['semantics.takeover', true],
      ['semantics.shared', true],
    ])
    const partial = compareReports([
      mosquitto,
      report('ws://h:1', [result('reach.mqtt5', 'pass', 'reach.mqtt5.accepted')]),
    ])
    expect(partial.rows.find((r) => r.id === 'semantics.takeover')).toMatchObject({
      differs: true,
      cells: [expect.anything(), undefined],
    })
    expect(partial.rows.find((r) => r.id === 'reach.mqtt5')?.differs).toBe(false)
  })
})

describe('export', () => {
  it('round-trips as versioned JSON without credentials', () => {
    const withUser = report('ws://user:secret@127.0.0.1:9001', mosquitto.results)
    const text = exportJson([withUser, rabbit], 42)
    expect(text).not.toContain('secret')
    expect(JSON.parse(text)).toMatchObject({
      format: 'mqtt-scope.broker-check',
      version: 1,
      exportedAt: 42,
    })
    const back = parseExport(text)
    expect(back.ok).toBe(true)
    if (!back.ok) return
    expect(back.reports[0]?.target.url).toBe('ws://127.0.0.1:9001')
    expect(back.reports[1]).toEqual(rabbit)
  })

  it('refuses what it cannot read, with a code', () => {
    expect(parseExport('{')).toEqual({ ok: false, error: { code: 'import.notJson' } })
    expect(parseExport('{"format":"other"}')).toEqual({
      ok: false,
      error: { code: 'import.wrongFormat' },
    })
    expect(parseExport('{"format":"mqtt-scope.broker-check","version":2,"reports":[]}')).toEqual({
      ok: false,
      error: { code: 'import.newerVersion', values: { version: '2' } },
    })
    expect(parseExport('{"format":"mqtt-scope.broker-check","version":1,"reports":[{}]}')).toEqual({
      ok: false,
      error: { code: 'import.malformed' },
    })
  })

  it('leaves out results of checks it does not know', () => {
    const doc = JSON.parse(exportJson([mosquitto])) as { reports: { results: unknown[] }[] }
    doc.reports[0]!.results.push({ id: 'future.check', status: 'pass', meaning: { code: 'x' } })
    const back = parseExport(JSON.stringify(doc))
    expect(back.ok && back.reports[0]?.results.length).toBe(3)
  })

  it('writes a Markdown scorecard and a side-by-side table with the differences marked', () => {
    const md = comparisonMarkdown([mosquitto, rabbit], word)
    expect(md).toContain('## Broker check side by side')
    expect(md).toContain('3 of 3 checks differ (≠).')
    expect(md).toContain(
      '| Check | ws://127.0.0.1:9001 (MQTT 5 if accepted, else 3.1.1) | ws://127.0.0.1:15675/ws (MQTT 5 if accepted, else 3.1.1) | Differs |',
    )
    expect(md).toContain('| Shared subscriptions | ✓ Pass · client A 10 | – Unsupported | ≠ |')
    // A pipe inside a value does not break the table.
    expect(md).toContain('ws://x\\|y')
    const card = scorecardMarkdown(rabbit, word)
    expect(card).toContain('1 passed, 0 failed, 2 unsupported, 0 not tested; MQTT 3.1.1; 12.3 s.')
    expect(card).toContain('### Semantics')
    expect(card).toContain(
      '| Second client with the same id | ✓ Pass |  | The first client was closed (MQTT 3.1.1 has no way to say why). |',
    )
    expect(card).not.toMatch(/\[[a-z]+\.[\w.]+\]/)
  })
})

describe('link', () => {
  it('carries URLs and protocol choices, never a password or user name', () => {
    const link = buildCheckLink('https://example.org/app/', {
      targets: [
        { url: 'wss://alice:pw@broker.emqx.io:8084/mqtt', protocol: '5' },
        { url: 'ws://127.0.0.1:15675/ws', protocol: '3.1.1' },
      ],
      groups: ['reach', 'delivery'],
      heavy: false,
    })
    expect(link).not.toContain('pw')
    expect(link).not.toContain('alice')
    expect(parseCheckLink(new URL(link).search)).toEqual({
      targets: [
        { url: 'wss://broker.emqx.io:8084/mqtt', protocol: '5' },
        { url: 'ws://127.0.0.1:15675/ws', protocol: '3.1.1' },
      ],
      groups: ['reach', 'delivery'],
      heavy: false,
    })
  })

  it('reads a hand-made link leniently: bad URLs and values are left out', () => {
    const parsed = parseCheckLink(
      '?check=mqtt://h:1883&checkv=5&check=ws://h:1&checkv=7&check=ws://u:p@h:2&checkgroups=reach,bogus',
    )
    expect(parsed).toEqual({
      targets: [
        { url: 'ws://h:1', protocol: 'auto' },
        { url: 'ws://h:2', protocol: 'auto' },
      ],
      groups: ['reach'],
    })
    const many = Array.from({ length: 20 }, (_, i) => `check=ws://h:${i + 1}`).join('&')
    expect(parseCheckLink(many).targets).toHaveLength(8)
    expect(withoutCredentials('ws://h:1/x')).toBe('ws://h:1/x')
  })
})
