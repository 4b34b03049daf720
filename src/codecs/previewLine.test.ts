import { describe, expect, it } from 'vitest'
import { previewLine } from './payload'

const utf8 = new TextEncoder()

describe('previewLine', () => {
  it('puts a multi-line text on one line and keeps its kind', () => {
    expect(previewLine(utf8.encode('a\nb'), 3, 'auto', 'x')).toEqual({
      text: 'a ⏎ b',
      kind: 'text',
    })
  })

  it('does not decode a Sparkplug B payload from its first bytes only', () => {
    const bytes = new Uint8Array([8, 1, 16, 2])
    expect(previewLine(bytes, 300, 'auto', 'spBv1.0/g/DDATA/n/d')).toBeUndefined()
    expect(previewLine(bytes, 300, 'sparkplug', 'plain/topic')).toBeUndefined()
    // The same bytes on another topic are just a binary preview.
    expect(previewLine(bytes, 300, 'auto', 'plain/topic')?.kind).toBe('hex')
  })
})
