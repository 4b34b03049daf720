import { useTranslation } from 'react-i18next'
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
