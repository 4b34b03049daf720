import { create } from 'zustand'
import { PAYLOAD_FORMATS, type PayloadFormat } from '../codecs/payload'
import { topicMatches, validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import { readLocal, removeLocal, writeLocal } from '../lib/localStore'

/**
 * Per-topic decoder bindings (control plane, persisted): a topic filter (MQTT wildcards allowed)
 * bound to a payload format. The first binding whose filter matches a topic wins. Kept apart from
 * appStore so that a damaged entry costs only the bindings.
 */

export const DECODERS_STORAGE_KEY = 'mqtt-scope.decoders'
export const DECODERS_STORAGE_VERSION = 1
/** Bindings kept; binding one more is refused with a message. */
export const MAX_DECODER_BINDINGS = 500

export interface DecoderBinding {
  filter: string
  format: Exclude<PayloadFormat, 'auto'>
}

interface DecoderState {
  bindings: DecoderBinding[]
  /** Why the last change or the stored data was refused or lost, for the user (a code). */
  notice: Coded | undefined
  /** Binds `format` to `filter`; an existing binding of the same filter is replaced. */
  bind: (filter: string, format: PayloadFormat) => Coded | undefined
  unbind: (filter: string) => void
  clearNotice: () => void
}

const BOUND_FORMATS = new Set<string>(PAYLOAD_FORMATS.filter((f) => f !== 'auto'))

function isBinding(v: unknown): v is DecoderBinding {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    typeof r.filter === 'string' &&
    validateTopicFilter(r.filter) === undefined &&
    typeof r.format === 'string' &&
    BOUND_FORMATS.has(r.format)
  )
}

/** The stored bindings; damaged or foreign data reads as none, with a notice. */
export function loadDecoderBindings(): { bindings: DecoderBinding[]; notice?: Coded } {
  const read = readLocal(DECODERS_STORAGE_KEY)
  if (read.kind === 'blocked') return { bindings: [], notice: coded('decode.storageBlocked') }
  if (read.kind === 'absent') return { bindings: [] }
  const damaged = { bindings: [], notice: coded('decode.storageDamaged') }
  const parsed = read.kind === 'json' ? read.value : undefined
  if (typeof parsed !== 'object' || parsed === null) return damaged
  const { version, bindings } = parsed as Record<string, unknown>
  if (version !== DECODERS_STORAGE_VERSION || !Array.isArray(bindings)) return damaged
  const valid = bindings.filter(isBinding).slice(0, MAX_DECODER_BINDINGS)
  const seen = new Set<string>()
  const unique = valid.filter((b) => !seen.has(b.filter) && seen.add(b.filter))
  return unique.length === bindings.length
    ? { bindings: unique }
    : {
        bindings: unique,
        notice: coded('decode.bindingsDamaged', { count: bindings.length - unique.length }),
      }
}

function save(bindings: DecoderBinding[]): void {
  if (bindings.length === 0) {
    removeLocal(DECODERS_STORAGE_KEY)
    return
  }
  writeLocal(DECODERS_STORAGE_KEY, { version: DECODERS_STORAGE_VERSION, bindings }, (full) =>
    useDecoderStore.setState({
      notice: full ? coded('decode.storageFull') : coded('decode.storageFailed'),
    }),
  )
}

const initial = loadDecoderBindings()

export const useDecoderStore = create<DecoderState>()((set, get) => ({
  bindings: initial.bindings,
  notice: initial.notice,
  bind: (filter, format) => {
    const clean = filter.trim()
    const problem = validateTopicFilter(clean)
    if (problem) return problem
    if (format === 'auto') {
      get().unbind(clean)
      return undefined
    }
    const rest = get().bindings.filter((b) => b.filter !== clean)
    if (rest.length >= MAX_DECODER_BINDINGS)
      return coded('decode.tooManyBindings', { max: MAX_DECODER_BINDINGS })
    // A new binding goes first: the most specific choice the user just made wins.
    const bindings = [{ filter: clean, format }, ...rest]
    set({ bindings, notice: undefined })
    save(bindings)
    return undefined
  },
  unbind: (filter) => {
    const bindings = get().bindings.filter((b) => b.filter !== filter)
    set({ bindings })
    save(bindings)
  },
  clearNotice: () => set({ notice: undefined }),
}))

/** The format bound to `topic` (first matching binding), or undefined. */
export function boundFormat(
  bindings: readonly DecoderBinding[],
  topic: string,
): DecoderBinding['format'] | undefined {
  for (const b of bindings) if (topicMatches(b.filter, topic)) return b.format
  return undefined
}

/** The format to decode `topic` with: the chosen one, or its binding when the choice is Auto. */
export function effectiveFormat(
  chosen: PayloadFormat,
  bindings: readonly DecoderBinding[],
  topic: string,
): PayloadFormat {
  return chosen === 'auto' ? (boundFormat(bindings, topic) ?? 'auto') : chosen
}
