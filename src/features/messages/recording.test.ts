import { afterEach, describe, expect, it, vi } from 'vitest'
import { coded } from '../../lib/coded'
import { withFakeHost } from '../../test/fakeHost'
import type { RecordChunk } from '../../wire/mqtt'
import { startRecording, stopRecording, useRecordStore } from './recording'

const utf8 = new TextEncoder()
const initial = useRecordStore.getState()

describe('recording', () => {
  const host = withFakeHost(() => useRecordStore.setState(initial, true))
  /** Plays the worker's side of the recording call: chunks as progress, the last as its reply. */
  const recorder = () => {
    const id = host().idOf('record')
    return (chunk: RecordChunk) =>
      chunk.final ? host().reply(id, chunk) : host().progress(id, chunk)
  }
  afterEach(() => {
    vi.restoreAllMocks()
    delete (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker
  })

  it('without a file picker, gathers the chunks and downloads them on stop', async () => {
    const blobs: Blob[] = []
    URL.createObjectURL = (b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:x')
    URL.revokeObjectURL = () => undefined
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    await startRecording()
    expect(useRecordStore.getState()).toMatchObject({ phase: 'recording', live: false })
    const listener = recorder()
    listener({ data: utf8.encode('{"a":1}\n'), messages: 1, bytes: 8, final: false })
    expect(useRecordStore.getState()).toMatchObject({ messages: 1, bytes: 8 })
    stopRecording()
    expect(host().callsOf('cancel')).toHaveLength(1)
    expect(useRecordStore.getState().phase).toBe('stopping')
    listener({ data: utf8.encode('{"a":2}\n'), messages: 2, bytes: 16, final: true })
    await vi.waitFor(() => expect(useRecordStore.getState().phase).toBe('idle'))
    expect(click).toHaveBeenCalledOnce()
    expect(await blobs[0]!.text()).toBe('{"a":1}\n{"a":2}\n')
    const { message } = useRecordStore.getState()
    expect(message).toEqual(
      coded('record.downloaded', { count: 2, size: '16 B', name: expect.any(String) as string }),
    )
    expect(message?.values?.name).toMatch(/^mqtt-scope-recording-.*\.ndjson$/)
  })

  it('does not start when the user cancels the save dialog', async () => {
    ;(globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker = () =>
      Promise.reject(new DOMException('The user aborted a request.', 'AbortError'))
    await startRecording()
    expect(useRecordStore.getState()).toMatchObject({
      phase: 'idle',
      message: coded('record.noFile'),
    })
    expect(host().callsOf('record')).toHaveLength(0)
  })

  it('records to a download when the file picker fails, and says so after the outcome', async () => {
    URL.createObjectURL = () => 'blob:x'
    URL.revokeObjectURL = () => undefined
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    ;(globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker = () =>
      Promise.reject(new TypeError('Not allowed in a frame.'))
    await startRecording()
    const reason = coded('record.pickerFailed', { error: 'Not allowed in a frame.' })
    expect(useRecordStore.getState()).toMatchObject({
      phase: 'recording',
      live: false,
      message: reason,
    })
    recorder()({ data: utf8.encode('x\n'), messages: 1, bytes: 2, final: true })
    await vi.waitFor(() => expect(useRecordStore.getState().phase).toBe('idle'))
    const { message } = useRecordStore.getState()
    expect(message?.code).toBe('record.withReason')
    expect(message?.values?.reason).toEqual(reason)
    expect(message?.values?.outcome).toMatchObject({
      code: 'record.downloaded',
      values: { count: 1, size: '2 B' },
    })
  })

  it('stops and says why when writing the picked file fails', async () => {
    let writes = 0
    ;(globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker = () =>
      Promise.resolve({
        name: 'full.ndjson',
        createWritable: () =>
          Promise.resolve({
            write: () =>
              ++writes > 1 ? Promise.reject(new Error('disk full')) : Promise.resolve(),
            close: () => Promise.resolve(),
          }),
      })
    await startRecording()
    expect(useRecordStore.getState()).toMatchObject({ phase: 'recording', live: true })
    const listener = recorder()
    listener({ data: utf8.encode('a\n'), messages: 1, bytes: 2, final: false })
    listener({ data: utf8.encode('b\n'), messages: 2, bytes: 4, final: false })
    await new Promise((r) => setTimeout(r, 0))
    listener({ data: utf8.encode('c\n'), messages: 3, bytes: 6, final: false })
    expect(host().callsOf('cancel')).toHaveLength(1)
    listener({ data: new Uint8Array(0), messages: 3, bytes: 6, final: true })
    await vi.waitFor(() => expect(useRecordStore.getState().phase).toBe('idle'))
    expect(useRecordStore.getState().message).toEqual(
      coded('record.writeFailed', {
        count: 3,
        size: '6 B',
        name: 'full.ndjson',
        error: 'disk full',
      }),
    )
  })
})
