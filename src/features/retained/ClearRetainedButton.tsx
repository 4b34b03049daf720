import { Trash2 } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCount } from '../../lib/format'
import type { QoS } from '../../wire/mqtt'
import { selectShownId, useAppStore } from '../../store/appStore'
import { retained, retainedActions } from './retainedStore'

/**
 * "Clear retained <topic>" in the Topic details (shared UI contract): publishes an empty
 * retained message to the topic and keeps its last payload as the backup, so "Undo" next to the
 * result (or in "Retained messages") puts it back.
 */
export function ClearRetainedButton({
  topicId,
  topic,
  qos,
}: {
  topicId: number
  topic: string
  qos: QoS
}) {
  const { t } = useTranslation('retained')
  const busy = retained.useShown((s) => s.busy)
  const result = retained.useShown((s) => s.result)
  const backup = retained.useShown((s) => s.backup)
  // The result and Undo shown here are this topic's own clear, not a scan's or another topic's.
  const ours = backup?.messages.length === 1 && backup.messages[0]?.topic === topic
  const { clearFromDetails, undo } = retainedActions(useAppStore(selectShownId))
  return (
    <div className="clear-retained">
      <button
        type="button"
        disabled={busy !== undefined}
        onClick={() => void clearFromDetails(topicId, topic, qos)}
      >
        {t('Clear retained {{topic}}', { topic })}
      </button>
      {ours && (
        <>
          <span className={result?.error ? 'error' : 'muted'} role="status">
            {' '}
            {result?.text()}
          </span>{' '}
          <button type="button" disabled={busy !== undefined} onClick={() => void undo()}>
            {t('Undo')}
          </button>
        </>
      )}
    </div>
  )
}

/**
 * "Clear all N retained" in the retained manager. Above RETAINED_CONFIRM_ABOVE topics it asks
 * first, and says how long Undo lasts: the backup is kept in this page's memory only, until the
 * page is left or reloaded (a bulk clear's backup can be 64 MB; localStorage holds ~5 MB).
 */
export function ClearAllRetained({ count, filter }: { count: number; filter: string }) {
  const { t } = useTranslation('retained')
  const busy = retained.useShown((s) => s.busy)
  const confirming = retained.useShown((s) => s.confirming)
  const { clearAll, cancelClearAll } = retainedActions(useAppStore(selectShownId))
  const confirmRef = useRef<HTMLButtonElement>(null)
  // The question takes the focus, so a keyboard user hears it and can answer at once.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  const n = formatCount(count)
  if (!confirming)
    return (
      <button
        type="button"
        className="icon-button"
        disabled={busy !== undefined}
        onClick={() => void clearAll()}
      >
        <Trash2 size={16} aria-hidden="true" />
        {t('Clear all {{n}} retained', { n })}
      </button>
    )
  return (
    <div className="retained-confirm" role="group" aria-label={t('Confirm clearing')}>
      <p>
        {t(
          'Clear {{n}} retained messages under {{filter}}? Undo can put them back only until you leave or reload this page.',
          { count, n, filter },
        )}
      </p>
      <button
        ref={confirmRef}
        type="button"
        disabled={busy !== undefined}
        onClick={() => void clearAll(true)}
      >
        {t('Yes, clear {{n}} retained messages', { count, n })}
      </button>{' '}
      <button type="button" onClick={cancelClearAll}>
        {t('Keep them')}
      </button>
    </div>
  )
}
