import type { TFunction } from 'i18next'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  LARGE_PAYLOAD_MAX_BYTES,
  LARGE_PAYLOADS_BUDGET_BYTES,
  PAYLOAD_KEPT_BYTES,
} from '../../engine/budgets'
import { formatBytes } from '../../lib/format'
import { useAppStore } from '../../store/appStore'
import { channel } from '../../store/sessions'
import { downloadBlob } from '../../lib/download'

/** A PNG/JPEG payload shown through a Blob URL (never as markup); the URL is revoked on change. */
export function ImagePreview({ bytes, mime }: { bytes: Uint8Array; mime: string }) {
  const img = useRef<HTMLImageElement>(null)
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mime }))
    if (img.current) img.current.src = url
    return () => URL.revokeObjectURL(url)
  }, [bytes, mime])
  const { t } = useTranslation('details')
  return <img ref={img} className="payload-image" alt={t('Image preview')} />
}

/** A file name for a topic's payload: its levels joined with "_", safe characters only. */
export function downloadName(topic: string): string {
  const base = topic.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'payload'
  return `${base.slice(0, 120)}.bin`
}

/** Why the worker kept only the first part of a payload (TopicDetail.cut), in words. */
function cutReason(cut: 'limit' | 'budget' | undefined, t: TFunction<'details'>): string {
  if (cut === 'limit')
    return t('payloads over {{max}} are not kept whole.', {
      max: formatBytes(LARGE_PAYLOAD_MAX_BYTES),
    })
  return t(
    'the app keeps at most {{max}} of large payloads, and newer ones took that room. A new message on this topic is kept whole.',
    { max: formatBytes(LARGE_PAYLOADS_BUDGET_BYTES) },
  )
}

/**
 * "Download payload": fetches every byte the worker kept of the topic's last payload. When that
 * is not all of it (the large-payload limit or budget), the button says so beforehand.
 */
export function DownloadPayload({
  topicId,
  topic,
  size,
  keptWhole,
  cut,
}: {
  topicId: number
  topic: string
  size: number
  keptWhole: boolean
  cut?: 'limit' | 'budget'
}) {
  const [note, setNote] = useState<string | undefined>()
  const { t } = useTranslation('details')
  const download = async () => {
    const connId = useAppStore.getState().shownId
    const { payload, size: real } = await channel().call(connId, 'fetchPayload', { topicId }).result
    downloadBlob(
      new Blob([payload.slice()], { type: 'application/octet-stream' }),
      downloadName(topic),
    )
    setNote(
      payload.byteLength < real
        ? t('Downloaded {{kept}} of {{size}}.', {
            kept: formatBytes(payload.byteLength),
            size: formatBytes(real),
          })
        : t('Downloaded {{size}}.', { size: formatBytes(payload.byteLength) }),
    )
  }
  return (
    <div className="download-row">
      <button type="button" onClick={() => void download()}>
        {t('Download payload')}
      </button>
      {!keptWhole && size > 0 && (
        <span className="muted">
          {' '}
          {t('The download holds the first {{kept}} of {{size}}:', {
            kept: formatBytes(Math.min(size, PAYLOAD_KEPT_BYTES)),
            size: formatBytes(size),
          })}{' '}
          {cutReason(cut, t)}
        </span>
      )}
      {note && <span className="muted"> {note}</span>}
    </div>
  )
}
