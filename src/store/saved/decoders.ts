import * as v from 'valibot'
import { PAYLOAD_FORMATS, type PayloadFormat } from '../../codecs/payload'
import { validateTopicFilter } from '../../engine/topicFilter'
import type { SavedKind } from '../../lib/persist'
import { countDropped, listOf, record } from '../../lib/persistSchema'
import { uniqueFilters } from './subscriptions'

/** Bindings kept; binding one more is refused with a message. */
export const MAX_DECODER_BINDINGS = 500

/** A topic filter (MQTT wildcards allowed) bound to a payload format. */
export interface DecoderBinding {
  filter: string
  format: Exclude<PayloadFormat, 'auto'>
}

const BOUND_FORMATS = PAYLOAD_FORMATS.filter((f): f is DecoderBinding['format'] => f !== 'auto')

const bindingSchema: v.GenericSchema<unknown, DecoderBinding> = record({
  filter: v.pipe(
    v.string(),
    v.check((f) => validateTopicFilter(f) === undefined),
  ),
  format: v.picklist(BOUND_FORMATS),
})

export interface SavedDecoders {
  /** In the user's order: the first binding whose filter matches a topic wins. */
  bindings: DecoderBinding[]
}

/**
 * `mqtt-scope.decoders`. Version 0: `{ version: 1, bindings }` written by hand before this
 * helper. A second binding of one filter is a damaged entry (binding replaces, never adds).
 */
export const savedDecoders: SavedKind<SavedDecoders> = {
  name: 'decoders',
  version: 1,
  schema: record({
    bindings: v.pipe(
      listOf(bindingSchema, MAX_DECODER_BINDINGS),
      v.transform((list) => uniqueFilters(list, countDropped)),
    ),
  }),
  empty: () => ({ bindings: [] }),
  migrations: {
    0: (old) => {
      if ((old as { version?: unknown } | null)?.version !== 1) throw new Error('unknown shape')
      return { bindings: (old as { bindings?: unknown }).bindings }
    },
  },
  countsEntries: true,
}
