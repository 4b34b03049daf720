import { useTranslation } from 'react-i18next'
import { PAYLOAD_FORMAT_LABELS, PAYLOAD_FORMATS, type PayloadFormat } from '../codecs/payload'

/** The `<option>`s of every payload format, for the selects that choose one. */
export function PayloadFormatOptions() {
  const { t } = useTranslation()
  // Format names (JSON, CBOR, …) read the same in every language; these are words.
  const words: Partial<Record<PayloadFormat, string>> = {
    auto: t('Auto'),
    text: t('Text'),
    image: t('Image'),
    script: t('Script'),
  }
  return (
    <>
      {PAYLOAD_FORMATS.map((f) => (
        <option key={f} value={f}>
          {words[f] ?? PAYLOAD_FORMAT_LABELS[f]}
        </option>
      ))}
    </>
  )
}
