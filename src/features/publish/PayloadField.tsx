import { useId, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { COMPOSER_TEXT_MAX_CHARS, PUBLISH_FILE_MAX_BYTES } from '../../engine/budgets'
import { coded } from '../../lib/coded'
import { formatBytes, formatCount } from '../../lib/format'
import type { PublishDraft } from '../../mqtt/publishDraft'
import { alertOn, composers, selectFile, setDraft, setFile } from '../../store/publish/composer'
import { previewBytes, previewText } from './payloadPreview'

/**
 * The composer's payload: a textarea while the text is small; above COMPOSER_TEXT_MAX_CHARS, or
 * for a file loaded with "Load payload from file…", its size and a preview instead (a 5 MB
 * controlled textarea cost seconds per keystroke, in every field of the panel). A file's bytes
 * go out whole, as they are.
 */
export function PayloadField({
  connId,
  draft,
  invalid,
  onEdit,
}: {
  connId: string
  draft: PublishDraft
  invalid: boolean
  /** The payload text changed (the panel drops its format note). */
  onEdit: () => void
}) {
  const { t } = useTranslation('publish')
  const id = useId()
  const file = composers.useShown(selectFile)
  const inputRef = useRef<HTMLInputElement>(null)
  const large = file === undefined && draft.payload.length > COMPOSER_TEXT_MAX_CHARS
  // Computed once per payload, not per keystroke in the topic field.
  const preview = useMemo(
    () => (file ? previewBytes(file.bytes) : large ? previewText(draft.payload) : undefined),
    [file, large, draft.payload],
  )

  const load = async (f: File | undefined) => {
    if (inputRef.current) inputRef.current.value = '' // the same file can be loaded again
    if (!f) return
    if (f.size > PUBLISH_FILE_MAX_BYTES) {
      alertOn(
        connId,
        coded('publish.fileTooLarge', {
          name: f.name,
          size: formatCount(f.size),
          max: formatCount(PUBLISH_FILE_MAX_BYTES),
        }),
      )
      return
    }
    try {
      // arrayBuffer() reads asynchronously: typing goes on while a large file loads.
      setFile(connId, { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })
    } catch (e) {
      alertOn(connId, coded('publish.fileUnreadable', { name: f.name, error: String(e) }))
    }
  }

  const placeholder =
    draft.format === 'hex'
      ? 'de ad be ef'
      : draft.format === 'text'
        ? t('payload; variables: {{list}}', {
            list: '{{timestamp}} {{iso}} {{uuid}} {{counter}} {{random 0 100}}',
          })
        : '{"value": {{random 0 100}}}'

  return (
    <>
      {preview ? (
        <div className="pub-large" role="group" aria-labelledby={`${id}-lh`}>
          <p id={`${id}-lh`} className="pub-large-head">
            {file
              ? t('File {{name}}: {{size}} ({{bytes}} bytes), sent whole as it is.', {
                  name: file.name,
                  size: formatBytes(file.bytes.byteLength),
                  bytes: formatCount(file.bytes.byteLength),
                })
              : t(
                  'Text payload of {{chars}} characters, shown as a preview: over {{max}} characters the composer does not edit it, so typing stays fast.',
                  {
                    chars: formatCount(draft.payload.length),
                    max: formatCount(COMPOSER_TEXT_MAX_CHARS),
                  },
                )}
          </p>
          <pre className={`pub-preview kind-${preview.kind}`} aria-label={t('Payload preview')}>
            {preview.text}
            {preview.more ? '\u2026' : ''}
          </pre>
          <div className="pub-row">
            {file ? (
              <button type="button" onClick={() => setFile(connId, undefined)}>
                {t('Remove file')}
              </button>
            ) : (
              <button type="button" onClick={() => setDraft(connId, { payload: '' })}>
                {t('Clear the text')}
              </button>
            )}
          </div>
        </div>
      ) : (
        <>
          <label htmlFor={`${id}-p`} className="visually-hidden">
            {t('Payload')}
          </label>
          <textarea
            id={`${id}-p`}
            className="pub-payload"
            spellCheck={false}
            rows={4}
            placeholder={placeholder}
            value={draft.payload}
            aria-invalid={invalid ? true : undefined}
            onChange={(e) => {
              setDraft(connId, { payload: e.target.value })
              onEdit()
            }}
          />
        </>
      )}
      <div className="pub-row">
        <label className="file-button pub-file">
          {t('Load payload from file…')}
          <input
            ref={inputRef}
            type="file"
            className="visually-hidden"
            onChange={(e) => void load(e.target.files?.[0])}
          />
        </label>
      </div>
    </>
  )
}
