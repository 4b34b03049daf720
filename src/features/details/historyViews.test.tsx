import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { REPUBLISH_MAX_BYTES } from '../../engine/budgets'
import { EMPTY_DRAFT } from '../../mqtt/publishDraft'
import type { TopicDetail } from '../../wire/frame'
import { composers } from '../../store/publish/composer'
import { DetailActions, draftProperties } from './DetailActions'
import { PropertyTerms, UserPropertiesTable } from './MessageMeta'
import { HistoryDiff, TopicHistory, type HistoryItem } from './TopicHistory'
import { composerPayload } from './messageText'
import { DownloadPayload } from './PayloadExtras'
import { fullText } from '../../test/fullText'

const utf8 = (s: string) => new TextEncoder().encode(s)
const item = (n: number, payload: string | Uint8Array, flags = 0): HistoryItem => {
  const bytes = typeof payload === 'string' ? utf8(payload) : payload
  return { n, ts: 1_700_000_000_000 + n, size: bytes.byteLength, flags, payload: bytes }
}

describe('MQTT 5 properties', () => {
  it('shows every property present, correlation data as text or hex', () => {
    render(
      <dl>
        <PropertyTerms
          props={{
            contentType: 'application/json',
            payloadFormatIndicator: true,
            responseTopic: 'reply/here',
            correlationData: new Uint8Array([0x00, 0xff, 0x10]),
            messageExpiryInterval: 60,
            subscriptionIdentifier: [3, 9],
            topicAlias: 4,
          }}
        />
      </dl>,
    )
    const text = document.body.textContent
    expect(text).toContain('Content typeapplication/json')
    expect(text).toContain('Payload format indicator1 (UTF-8 text)')
    expect(text).toContain('Response topicreply/here')
    expect(text).toContain('Correlation data00 ff 10 (hex)')
    expect(text).toContain('Message expiry60 s')
    expect(text).toContain('Subscription identifiers3, 9')
    expect(text).toContain('Topic alias4')
  })

  it('shows text correlation data as text and leaves absent properties out', () => {
    render(
      <dl>
        <PropertyTerms props={{ correlationData: utf8('req-42') }} />
      </dl>,
    )
    expect(document.body.textContent).toBe('Correlation datareq-42')
  })

  it('lists user properties one row per pair, repeated names on each of their rows', () => {
    render(<UserPropertiesTable props={{ site: ['a', 'b'], unit: 'C' }} />)
    const table = screen.getByRole('table', { name: 'User properties' })
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent)
    expect(rows).toEqual(['sitea', 'siteb', 'unitC'])
  })
})

describe('History diff', () => {
  it('compares two JSON messages by path', () => {
    render(
      <HistoryDiff
        older={item(1, '{"t":21,"a":{"b":1},"gone":true}')}
        newer={item(2, '{"t":22,"a":{"b":1,"c":[1]}}')}
      />,
    )
    const list = screen.getByRole('list', { name: 'Changed JSON fields' })
    const lines = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(lines).toContain('~ t: 21 → 22')
    expect(lines).toContain('+ a.c: [1]')
    expect(lines).toContain('- gone: true')
    expect(lines).toHaveLength(3)
  })

  it('compares two JSON scalars and says when nothing differs', () => {
    const { rerender } = render(<HistoryDiff older={item(1, '5')} newer={item(2, '6')} />)
    expect(screen.getByRole('listitem').textContent).toBe('~ (whole value): 5 → 6')
    rerender(<HistoryDiff older={item(1, '{"a":1}')} newer={item(2, '{ "a": 1 }')} />)
    expect(screen.getByText('No differences.')).toBeInTheDocument()
  })

  it('diffs text line by line when either side is not JSON', () => {
    render(<HistoryDiff older={item(1, 'one\ntwo\nthree')} newer={item(2, 'one\n2\nthree')} />)
    const region = screen.getByRole('region', { name: 'History diff' })
    expect(region.textContent).toContain('text lines')
    const pre = region.querySelector('pre')!
    expect(pre.textContent).toBe('  one\n- two\n+ 2\n  three\n')
  })

  it('shows the diff of the two ticked messages, older first, and a third tick replaces one', async () => {
    const items = [item(3, '{"v":3}'), item(2, '{"v":2}'), item(1, '{"v":1}')]
    render(<TopicHistory items={items} />)
    expect(screen.queryByRole('list', { name: 'Topic history' })).toBeNull()
    fireEvent.click(screen.getByText(fullText('Topic history (3)')))
    await waitFor(() => expect(screen.getByRole('list', { name: 'Topic history' })).toBeVisible())
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare message #3' }))
    expect(screen.queryByRole('region', { name: 'History diff' })).toBeNull()
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare message #1' }))
    expect(screen.getByRole('region', { name: 'History diff' }).textContent).toContain(
      'Message #1 → #3',
    )
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare message #2' }))
    expect(screen.getByRole('checkbox', { name: 'Compare message #3' })).not.toBeChecked()
    expect(screen.getByRole('region', { name: 'History diff' }).textContent).toContain('~ v: 1 → 2')
  })
})

function detail(over: Partial<TopicDetail> = {}): TopicDetail {
  const payload = utf8('{"on":true}')
  return {
    topicId: 1,
    topic: 'lamp/set',
    payload,
    size: payload.byteLength,
    keptWhole: true,
    qos: 1,
    retain: true,
    dup: false,
    history: {
      ts: new Float64Array(0),
      sizes: new Uint32Array(0),
      flags: new Uint8Array(0),
      payloads: { bytes: new Uint8Array(0), offsets: new Uint32Array(1) },
      properties: [],
    },
    ts: 0,
    count: 1,
    ...over,
  }
}

describe('Detail actions', () => {
  beforeEach(() => composers.patch('c1', { draft: EMPTY_DRAFT }))
  afterEach(() => vi.unstubAllGlobals())

  it('Open in composer fills the composer with topic, payload, format, QoS, retain and properties', () => {
    render(
      <DetailActions
        detail={detail({
          properties: {
            contentType: 'application/json',
            userProperties: { k: ['1', '2'] },
            correlationData: utf8('abc'),
            responseTopic: 'r',
            messageExpiryInterval: 30,
            topicAlias: 2,
          },
        })}
      />,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Open in composer' }))
    const { draft } = composers.get('c1')
    expect(draft).toMatchObject({
      topic: 'lamp/set',
      payload: '{"on":true}',
      format: 'json',
      qos: 1,
      retain: true,
    })
    expect(draft.properties).toEqual({
      contentType: 'application/json',
      payloadFormatIndicator: false,
      messageExpiry: '30',
      responseTopic: 'r',
      correlationData: 'abc',
      userProperties: [
        { key: 'k', value: '1' },
        { key: 'k', value: '2' },
      ],
      topicAlias: '',
    })
  })

  it('refuses to put a payload over REPUBLISH_MAX_BYTES into the composer, and says why', () => {
    render(<DetailActions detail={detail({ size: REPUBLISH_MAX_BYTES + 1 })} />)
    fireEvent.click(screen.getByRole('button', { name: 'Open in composer' }))
    expect(screen.getByRole('status', { name: 'Details message' }).textContent).toMatch(
      /^Cannot republish: this message is 256 KB, more than the 256 KB/,
    )
    expect(composers.get('c1').draft.topic).toBe('')
  })

  it('says when binary correlation data cannot go into the composer', () => {
    expect(draftProperties({ correlationData: new Uint8Array([0, 1]) }).note).toContain('binary')
  })

  it('puts binary payloads into the composer as hex', () => {
    expect(composerPayload(new Uint8Array([0, 255]))).toEqual({ format: 'hex', payload: '00 ff' })
    expect(composerPayload(utf8('21.5'))).toEqual({ format: 'text', payload: '21.5' })
  })

  it('copies the topic, and says so when the clipboard refuses', async () => {
    const writeText = vi.fn().mockResolvedValueOnce(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    render(<DetailActions detail={detail()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy topic' }))
    expect(await screen.findByText('Copied the topic.')).toBeInTheDocument()
    expect(writeText).toHaveBeenCalledWith('lamp/set')
    writeText.mockRejectedValueOnce(new Error('Document is not focused'))
    fireEvent.click(screen.getByRole('button', { name: 'Copy value' }))
    expect(
      await screen.findByText(/Could not copy the value: Document is not focused/),
    ).toBeInTheDocument()
  })
})

describe('Download note', () => {
  it('says why the worker did not keep a payload whole', () => {
    const { rerender } = render(
      <DownloadPayload topicId={1} topic="t" size={20_000_000} keptWhole={false} cut="limit" />,
    )
    expect(document.body.textContent).toContain(
      'The download holds the first 1.0 MB of 19.1 MB: payloads over 16.0 MB are not kept whole.',
    )
    rerender(
      <DownloadPayload topicId={1} topic="t" size={5_000_000} keptWhole={false} cut="budget" />,
    )
    expect(document.body.textContent).toContain(
      'the app keeps at most 64.0 MB of large payloads, and newer ones took that room',
    )
  })
})
