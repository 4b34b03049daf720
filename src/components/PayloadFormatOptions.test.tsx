import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PAYLOAD_FORMATS } from '../codecs/payload'
import { i18n } from '../i18n'
import { PayloadFormatOptions } from './PayloadFormatOptions'

function options(): { value: string; label: string }[] {
  render(
    <select aria-label="Format">
      <PayloadFormatOptions />
    </select>,
  )
  return within(screen.getByRole('combobox', { name: 'Format' }))
    .getAllByRole('option')
    .map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' }))
}

describe('PayloadFormatOptions', () => {
  it('offers every format with a label of its own', () => {
    const shown = options()
    expect(shown.map((o) => o.value)).toEqual([...PAYLOAD_FORMATS])
    for (const { label } of shown) expect(label.trim()).not.toBe('')
    expect(new Set(shown.map((o) => o.label)).size).toBe(shown.length)
  })

  it('words Auto, Text and Image in the UI language and keeps the format names', async () => {
    await i18n.changeLanguage('zh')
    const labels = new Map(options().map((o) => [o.value, o.label]))
    expect([labels.get('auto'), labels.get('text'), labels.get('image')]).toEqual([
      '自动',
      '文本',
      '图片',
    ])
    expect([labels.get('json'), labels.get('cbor'), labels.get('sparkplug')]).toEqual([
      'JSON',
      'CBOR',
      'Sparkplug B',
    ])
  })
})
