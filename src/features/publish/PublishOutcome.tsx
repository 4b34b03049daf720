import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { formatClock } from '../../lib/format'
import { selectClosedNote, composers, selectResults } from '../../store/publish/composer'
import { shortTopic } from '../../store/publish/dropCause'
import { revealTopic } from '../../store/publish/reveal'
import { resultWords } from './resultWords'

/**
 * The outcome of the last publish, right under the Publish button (role status "Publish
 * outcome"), so it is seen and announced where the user pressed it, whatever the log below does
 * at 40 msgs/s. When the broker closed the connection right after the publish, it says so and
 * why, probably. "Show in topic details" selects the topic the message went to.
 */
export function PublishOutcome({ connId }: { connId: string }) {
  const { t } = useTranslation('publish')
  const word = useWord()
  const latest = composers.useShown(selectResults)[0]
  const closed = composers.useShown(selectClosedNote)
  // Which result "not in the tree" is about; a newer result hides the note again.
  const [notFound, setNotFound] = useState<number | undefined>()
  return (
    <div className="pub-outcome" role="status" aria-label={t('Publish outcome')}>
      {latest && (
        <p className={latest.result.ok ? 'ok' : 'failed'}>
          <span aria-hidden="true">{latest.result.ok ? '\u2713 ' : '\u2717 '}</span>
          <span className="muted">{formatClock(latest.at)}</span>{' '}
          <span className="mono" title={latest.topic}>
            {shortTopic(latest.topic)}
          </span>{' '}
          {resultWords(latest.result, word)}{' '}
          {latest.result.ok && (
            <button
              type="button"
              className="link"
              onClick={() => setNotFound(revealTopic(connId, latest.topic) ? undefined : latest.id)}
            >
              {t('Show in topic details')}
            </button>
          )}
        </p>
      )}
      {latest && notFound === latest.id && (
        <p className="muted">
          {t('Not in the topic tree: no subscription of this tab delivered {{topic}}.', {
            topic: shortTopic(latest.topic),
          })}
        </p>
      )}
      {closed && <p className="failed">{word(closed)}</p>}
    </div>
  )
}
