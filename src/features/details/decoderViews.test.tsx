import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDecoderStore } from '../../store/decoderStore'
import { setChannel } from '../../store/sessions'
import { FakeHost } from '../../test/fakeHost'
import { DecoderBindings } from './DecoderBindings'
import { JsonTree } from './JsonTree'
import { JSON_LEAF_SHOWN_CHARS } from '../../engine/budgets'
import { DownloadPayload, downloadName } from './PayloadExtras'

let host: FakeHost

beforeEach(() => {
  localStorage.clear()
  useDecoderStore.setState({ bindings: [], notice: undefined })
  host = new FakeHost()
  setChannel(host.channel)
})

afterEach(() => {
  setChannel(undefined)
  vi.restoreAllMocks()
})

describe('DecoderBindings', () => {
  it('binds the chosen decoder to the topic and removes it again', () => {
    render(<DecoderBindings topic="plant/a" />)
    expect(screen.getByRole('textbox', { name: 'Decoder filter' })).toHaveValue('plant/a')
    fireEvent.change(screen.getByRole('combobox', { name: 'Decoder for this topic' }), {
      target: { value: 'cbor' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Bind decoder' }))
    expect(useDecoderStore.getState().bindings).toEqual([{ filter: 'plant/a', format: 'cbor' }])
    expect(screen.getByRole('list', { name: 'Decoder bindings' })).toHaveTextContent(
      'plant/a → CBOR',
    )
    fireEvent.click(screen.getByRole('button', { name: 'Remove binding plant/a' }))
    expect(useDecoderStore.getState().bindings).toEqual([])
  })

  it('says why a filter is refused', () => {
    render(<DecoderBindings topic="plant/a" />)
    fireEvent.change(screen.getByRole('textbox', { name: 'Decoder filter' }), {
      target: { value: 'a/#/b' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Bind decoder' }))
    expect(screen.getByRole('alert')).toHaveTextContent('"#" must be a whole level')
  })
})

describe('JsonTree', () => {
  it('keeps only matching keys and values while searching, and marks them', () => {
    const { container } = render(
      <JsonTree value={{ temperature: 21.5, unit: 'C', nested: { unitless: 1, other: 2 } }} />,
    )
    expect(container).toHaveTextContent('temperature')
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search in payload' }), {
      target: { value: 'unit' },
    })
    expect(container).not.toHaveTextContent('temperature')
    expect(container).not.toHaveTextContent('other')
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'unit',
      'unit',
    ])
  })

  it('draws a long string value in part and counts the rest, and still finds text past the cut', () => {
    const blob = 'A'.repeat(JSON_LEAF_SHOWN_CHARS * 3) + 'needle'
    const { container } = render(<JsonTree value={{ blob }} />)
    const value = container.querySelector('.json-string')!
    // The quotes count as characters of the value's JSON text.
    expect(value.textContent).toHaveLength(JSON_LEAF_SHOWN_CHARS)
    const rest = JSON.stringify(blob).length - JSON_LEAF_SHOWN_CHARS
    expect(container).toHaveTextContent(`… ${rest.toLocaleString('en-US')} more characters`)
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search in payload' }), {
      target: { value: 'needle' },
    })
    expect(container).toHaveTextContent('blob')
  })

  it('renders markup in values as text', () => {
    const { container } = render(<JsonTree value={{ html: '<b>bold</b>' }} />)
    expect(container.querySelector('b')).toBeNull()
    expect(container).toHaveTextContent('"<b>bold</b>"')
  })
})

describe('DownloadPayload', () => {
  it('says beforehand when the download holds only the first part', () => {
    render(<DownloadPayload topicId={3} topic="a/b" size={3_145_728} keptWhole={false} />)
    expect(screen.getByText(/The download holds the first 1\.0 MB of 3\.0 MB/)).toBeVisible()
  })

  it('downloads the bytes the worker kept', async () => {
    host.payloads.set(3, { payload: new Uint8Array([1, 2, 3]), size: 3 })
    const created: Blob[] = []
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:x'))
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    render(<DownloadPayload topicId={3} topic="a/b" size={3} keptWhole />)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download payload' }))
      await Promise.resolve()
    })
    expect(host.callsOf('fetchPayload')).toEqual([
      { method: 'fetchPayload', conn: 'c1', topicId: 3 },
    ])
    expect(click).toHaveBeenCalledOnce()
    expect(created[0]?.size).toBe(3)
    expect(screen.getByText(/Downloaded 3 B\./)).toBeVisible()
  })

  it('names the file after the topic', () => {
    expect(downloadName('plant/line 1/$cam')).toBe('plant_line_1_cam.bin')
    expect(downloadName('///')).toBe('payload.bin')
  })
})
