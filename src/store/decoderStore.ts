import { create } from 'zustand'
import type { PayloadFormat } from '../codecs/payload'
import { topicMatches, validateTopicFilter } from '../engine/topicFilter'
import { coded, type Coded } from '../lib/coded'
import { loadSaved, saveOnChange, storageKey } from '../lib/persist'
import { MAX_DECODER_BINDINGS, savedDecoders, type DecoderBinding } from './saved/decoders'

/**
 * Per-topic decoder bindings (control plane, persisted): a topic filter (MQTT wildcards allowed)
 * bound to a payload format. The first binding whose filter matches a topic wins. Kept apart from
 * appStore so that a damaged entry costs only the bindings.
 */

export { MAX_DECODER_BINDINGS, type DecoderBinding }
export const DECODERS_STORAGE_KEY = storageKey(savedDecoders)

interface DecoderState {
  bindings: DecoderBinding[]
  /** Why the last change or the stored data was refused or lost, for the user (a code). */
  notice: Coded | undefined
  /** Binds `format` to `filter`; an existing binding of the same filter is replaced. */
  bind: (filter: string, format: PayloadFormat) => Coded | undefined
  unbind: (filter: string) => void
  clearNotice: () => void
}

/** The stored bindings as at page load, with what was wrong with them. */
export function loadDecoderBindings(): { bindings: DecoderBinding[]; notice?: Coded } {
  const { value, notice } = loadSaved(savedDecoders)
  return notice ? { bindings: value.bindings, notice } : { bindings: value.bindings }
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
    return undefined
  },
  unbind: (filter) => {
    set({ bindings: get().bindings.filter((b) => b.filter !== filter) })
  },
  clearNotice: () => set({ notice: undefined }),
}))

saveOnChange(
  useDecoderStore,
  savedDecoders,
  (s) => ({ bindings: s.bindings }),
  (notice) => useDecoderStore.setState({ notice }),
)

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
