import { PAYLOAD_FORMAT_LABELS, PAYLOAD_FORMATS } from '../codecs/payload'

/** The `<option>`s of every payload format, for the selects that choose one. */
export function PayloadFormatOptions() {
  return (
    <>
      {PAYLOAD_FORMATS.map((f) => (
        <option key={f} value={f}>
          {PAYLOAD_FORMAT_LABELS[f]}
        </option>
      ))}
    </>
  )
}
