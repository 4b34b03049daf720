import { create } from 'zustand'
import { RECORD_DOWNLOAD_MAX_BYTES } from '../../engine/budgets'
import { coded, type Coded } from '../../lib/coded'
import { downloadBlob, fileStamp } from '../../lib/download'
import { formatBytes } from '../../lib/format'
import type { RecordChunk } from '../../wire/mqtt'
import { useAppStore } from '../../store/appStore'
import { channel } from '../../store/sessions'

/** The File System Access API's save picker (Chromium); not in TypeScript's DOM library yet. */
type SaveFilePicker = (options: {
  suggestedName?: string
  types?: { description: string; accept: Record<string, string[]> }[]
}) => Promise<FileSystemFileHandle>

/** Where a recording goes: a file written as chunks arrive, or parts downloaded at the end. */
interface Sink {
  readonly name: string
  /** True when the file is written while recording (the picker); false: a download at the end. */
  readonly live: boolean
  write(data: Uint8Array): void
  /** Finishes the file; resolves with an error text if writing failed. */
  close(): Promise<string | undefined>
}

/** Writes each chunk to the picked file, in order. */
class FileSink implements Sink {
  readonly live = true
  readonly name: string
  #writable: FileSystemWritableFileStream
  #chain: Promise<void> = Promise.resolve()
  #error: string | undefined

  constructor(name: string, writable: FileSystemWritableFileStream) {
    this.name = name
    this.#writable = writable
  }

  /** Set once a write failed (the disk is full, the file was removed…). */
  get error(): string | undefined {
    return this.#error
  }

  write(data: Uint8Array): void {
    this.#chain = this.#chain
      .then(() => (this.#error ? undefined : this.#writable.write(data as Uint8Array<ArrayBuffer>)))
      .catch((err: unknown) => {
        this.#error = errorText(err)
      })
  }

  async close(): Promise<string | undefined> {
    await this.#chain
    try {
      await this.#writable.close()
    } catch (err) {
      this.#error ??= errorText(err)
    }
    return this.#error
  }
}

/** Gathers the chunks as Blob parts and downloads them as one file at the end. */
class DownloadSink implements Sink {
  readonly live = false
  readonly name: string
  #parts: Blob[] = []
  bytes = 0

  constructor(name: string) {
    this.name = name
  }

  write(data: Uint8Array): void {
    // A Blob per chunk: the browser may keep large blobs outside the JavaScript heap.
    this.#parts.push(new Blob([data as Uint8Array<ArrayBuffer>]))
    this.bytes += data.byteLength
  }

  close(): Promise<string | undefined> {
    downloadBlob(new Blob(this.#parts, { type: 'application/x-ndjson' }), this.name)
    this.#parts = []
    return Promise.resolve(undefined)
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The save picker, when this browser has one and the page may use it. */
function savePicker(): SaveFilePicker | undefined {
  const picker = (globalThis as { showSaveFilePicker?: unknown }).showSaveFilePicker
  return typeof picker === 'function' ? (picker as SaveFilePicker).bind(globalThis) : undefined
}

export type RecordPhase = 'idle' | 'choosing' | 'recording' | 'stopping'

interface RecordState {
  phase: RecordPhase
  messages: number
  bytes: number
  /** The file name, and whether it is written live (picker) or downloaded on stop. */
  fileName: string | undefined
  live: boolean
  /** The outcome of the last recording, or why it did not start (area `record`). */
  message: Coded | undefined
}

/** No final chunk this long after "Stop" (the connection was closed meanwhile): save what came. */
const STOP_GRACE_MS = 5_000

let sink: Sink | undefined
/** The connection being recorded and the call that records it (cancelled to stop). */
let recordingCall: { connId: string; id: number } | undefined
let stopTimer: ReturnType<typeof setTimeout> | undefined
/** Said after the outcome when the recording was stopped for a reason other than the button. */
let stopReason: Coded | undefined

/** "Record": state for the status line; one recording at a time, on the tab it started on. */
export const useRecordStore = create<RecordState>()(() => ({
  phase: 'idle',
  messages: 0,
  bytes: 0,
  fileName: undefined,
  live: false,
  message: undefined,
}))

const set = useRecordStore.setState

/**
 * Starts recording the connection on screen. With the File System Access API (Chromium on
 * http://localhost or https) the user picks the file first and chunks are written as they come;
 * otherwise (Firefox, Safari, a page the API is not allowed on) the chunks are gathered and
 * downloaded when recording stops.
 */
export async function startRecording(): Promise<void> {
  if (useRecordStore.getState().phase !== 'idle') return
  const name = `mqtt-scope-recording-${fileStamp()}.ndjson`
  const picker = savePicker()
  let next: Sink = new DownloadSink(name)
  if (picker) {
    set({ phase: 'choosing', message: undefined })
    try {
      const handle = await picker({
        suggestedName: name,
        types: [{ description: 'NDJSON', accept: { 'application/x-ndjson': ['.ndjson'] } }],
      })
      next = new FileSink(handle.name, await handle.createWritable())
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        set({ phase: 'idle', message: coded('record.noFile') })
        return
      }
      // Not allowed here (e.g. in a cross-origin frame): record to a download instead.
      stopReason = coded('record.pickerFailed', { error: errorText(err) })
    }
  }
  sink = next
  const connId = useAppStore.getState().shownId
  set({
    phase: 'recording',
    messages: 0,
    bytes: 0,
    fileName: next.name,
    live: next.live,
    message: stopReason,
  })
  const call = channel().call(connId, 'record', {}, { onProgress: onChunk })
  recordingCall = { connId, id: call.id }
  // The final chunk is the reply; a closed connection ends the recording with what came.
  call.result.then(onChunk, () => void finish())
}

/** Asks the worker to stop; the final chunk closes the file. */
export function stopRecording(reason?: Coded): void {
  if (useRecordStore.getState().phase !== 'recording' || !recordingCall) return
  stopReason = reason
  set({ phase: 'stopping' })
  channel().cancel(recordingCall.id)
  stopTimer = setTimeout(() => void finish(), STOP_GRACE_MS)
}

function onChunk(chunk: RecordChunk): void {
  const current = sink
  if (!current) return
  current.write(chunk.data)
  set({ messages: chunk.messages, bytes: chunk.bytes })
  if (chunk.final) {
    void finish()
    return
  }
  // The outcome says what failed (close() reports the write error).
  if (current instanceof FileSink && current.error) stopRecording()
  else if (current instanceof DownloadSink && current.bytes >= RECORD_DOWNLOAD_MAX_BYTES)
    stopRecording(coded('record.downloadLimit', { size: formatBytes(RECORD_DOWNLOAD_MAX_BYTES) }))
}

async function finish(): Promise<void> {
  clearTimeout(stopTimer)
  const done = sink
  sink = undefined
  recordingCall = undefined
  if (!done) return
  const error = await done.close()
  const { messages, bytes } = useRecordStore.getState()
  const what = { count: messages, size: formatBytes(bytes), name: done.name }
  const outcome = error
    ? coded('record.writeFailed', { ...what, error })
    : done.live
      ? coded('record.written', what)
      : coded('record.downloaded', what)
  set({
    phase: 'idle',
    message: stopReason ? coded('record.withReason', { outcome, reason: stopReason }) : outcome,
  })
  stopReason = undefined
}
