import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TopicText } from '../../components/TopicText'
import { formatBytes, formatRate } from '../../lib/format'
import { selectShownId, useAppStore } from '../../store/appStore'
import { selectTopic as selectTopicOf } from '../../store/view'
import { dataStore } from '../../store/dataStore'
import { busiest, type BusyEntry } from './treeStats'

/** How often the lists are recomputed: an O(n) pass over the index, so not every frame. */
export const BUSIEST_REFRESH_MS = 500

/**
 * "What is flooding my broker": the busiest topics (own msgs/s) and subtrees (msgs/s summed
 * below), recomputed from the topic index's rates twice a second while shown.
 */
export function BusiestTopics() {
  const { t } = useTranslation('topicTree')
  const [lists, setLists] = useState(() => busiest(dataStore.index))
  useEffect(() => {
    const timer = setInterval(() => setLists(busiest(dataStore.index)), BUSIEST_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  return (
    <div className="busiest">
      <BusyTable title={t('Busiest topics')} entries={lists.topics} />
      <BusyTable title={t('Busiest subtrees')} entries={lists.subtrees} />
    </div>
  )
}

function BusyTable({ title, entries }: { title: string; entries: BusyEntry[] }) {
  const { t } = useTranslation('topicTree')
  const bytesTitle = t(
    'Payload bytes per second over the last rate period, summed exactly from every message (MQTT headers not included).',
  )
  const connId = useAppStore(selectShownId)
  const selectTopic = (topicId: number | undefined) => selectTopicOf(connId, topicId)
  const index = dataStore.index
  return (
    <table aria-label={title} className="busy-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('Topic')}</th>
          <th scope="col">{t('msgs/s')}</th>
          <th scope="col" title={bytesTitle}>
            {t('bytes/s')}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              {t('No messages in the last second.')}
            </td>
          </tr>
        )}
        {entries.map((e) => {
          const topic = index.topicOf(e.id)
          return (
            <tr key={e.id}>
              <td className="busy-topic">
                {/* Cut in the middle, whole in the title: the leaf is what tells rows apart. */}
                <button
                  type="button"
                  className="link"
                  title={topic}
                  onClick={() => selectTopic(e.id)}
                >
                  {topic === '' ? t('(empty)') : <TopicText topic={topic} />}
                </button>
              </td>
              <td className="num">{formatRate(e.rate)}</td>
              <td className="num" title={bytesTitle}>
                {formatBytes(Math.round(e.bytesRate))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
