import { useEffect, useRef, useState } from 'react'
import { PAYLOAD_KEPT_BYTES } from '../../engine/budgets'
import { formatBytes } from '../../lib/format'
import { getSession } from '../../store/session'

/** A PNG/JPEG payload shown through a Blob URL (never as markup); the URL is revoked on change. */
export function ImagePreview({ bytes, mime }: { bytes: Uint8Array; mime: string }) {
  const img = useRef<HTMLImageElement>(null)
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mime }))
    if (img.current) img.current.src = url
    return () => URL.revokeObjectURL(url)
  }, [bytes, mime])
  return <img ref={img} className="payload-image" alt="Image preview" />
}

/** A file name for a topic's payload: its levels joined with "_", safe characters only. */
export function downloadName(topic: string): string {
  const base = topic.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'payload'
  return `${base.slice(0, 120)}.bin`
}

/**
 * "Download payload": fetches every byte the worker kept of the topic's last payload. When that
 * is not all of it (it arrived before the topic was selected), the button says so beforehand.
 */
export function DownloadPayload({
  topicId,
  topic,
  size,
  keptWhole,
}: {
  topicId: number
  topic: string
  size: number
  keptWhole: boolean
}) {
  const [note, setNote] = useState<string | undefined>()
  const download = async () => {
    const { payload, size: real } = await getSession().fetchPayload(topicId)
    const url = URL.createObjectURL(
      new Blob([payload.slice()], { type: 'application/octet-stream' }),
    )
    const a = document.createElement('a')
    a.href = url
    a.download = downloadName(topic)
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    setNote(
      payload.byteLength < real
        ? `Downloaded ${formatBytes(payload.byteLength)} of ${formatBytes(real)}.`
        : `Downloaded ${formatBytes(payload.byteLength)}.`,
    )
  }
  return (
    <div className="download-row">
      <button type="button" onClick={() => void download()}>
        Download payload
      </button>
      {!keptWhole && size > 0 && (
        <span className="muted">
          {' '}
          The download holds the first {formatBytes(Math.min(size, PAYLOAD_KEPT_BYTES))} of{' '}
          {formatBytes(size)}: this message arrived before the topic was selected. A new message is
          kept whole while the topic is selected.
        </span>
      )}
      {note && <span className="muted"> {note}</span>}
    </div>
  )
}
