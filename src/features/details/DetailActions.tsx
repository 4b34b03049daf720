import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { i18n } from '../../i18n'
import { REPUBLISH_MAX_BYTES } from '../../engine/budgets'
import { formatBytes } from '../../lib/format'
import type { MessageProperties } from '../../wire/mqtt'
import type { TopicDetail } from '../../wire/frame'
import { EMPTY_PROPERTIES, type DraftProperties } from '../../mqtt/publishDraft'
import { useAppStore } from '../../store/appStore'
import { setDraft, setProperties } from '../../store/publish/composer'
import { protobufValueOf } from '../../store/schemaStore'
import { userPropertyRows } from './MessageMeta'
import { bytesAsText, composerPayload } from './messageText'

/** Copies text to the clipboard; throws with the browser's reason when it refuses. */
async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard)
    throw new Error(i18n.t('this page has no clipboard access (it needs https)', { ns: 'details' }))
  await navigator.clipboard.writeText(text)
}

/**
 * The composer's properties for a received message. The topic alias is left out (it belongs to
 * the connection it came on); binary correlation data too, as the composer sends it as UTF-8.
 */
export function draftProperties(props: MessageProperties | undefined): {
  properties: DraftProperties
  note?: string
} {
  if (!props) return { properties: EMPTY_PROPERTIES }
  const correlation = props.correlationData ? bytesAsText(props.correlationData) : undefined
  return {
    properties: {
      contentType: props.contentType ?? '',
      payloadFormatIndicator: props.payloadFormatIndicator ?? false,
      messageExpiry:
        props.messageExpiryInterval === undefined ? '' : String(props.messageExpiryInterval),
      responseTopic: props.responseTopic ?? '',
      correlationData: correlation && !correlation.hex ? correlation.text : '',
      userProperties: props.userProperties ? userPropertyRows(props.userProperties) : [],
      topicAlias: '',
    },
    ...(correlation?.hex
      ? {
          note: i18n.t(
            'Its correlation data is binary, which the composer cannot send: left out.',
            { ns: 'details' },
          ),
        }
      : {}),
  }
}

/** "Copy topic", "Copy value" and "Open in composer" for the selected topic's latest message. */
export function DetailActions({ detail }: { detail: TopicDetail }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>()
  const say = (text: string, error = false) => setMessage({ text, error })
  const { t } = useTranslation('details')

  const copy = async (what: 'topic' | 'value', text: string, extra = '') => {
    try {
      await copyText(text)
      say((what === 'topic' ? t('Copied the topic.') : t('Copied the value.')) + extra)
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      say(
        what === 'topic'
          ? t('Could not copy the topic: {{error}}. Select it on the page and copy it by hand.', {
              error,
            })
          : t('Could not copy the value: {{error}}. Select it on the page and copy it by hand.', {
              error,
            }),
        true,
      )
    }
  }

  const copyValue = () => {
    const { text, hex } = bytesAsText(detail.payload, detail.size > detail.payload.byteLength)
    const parts = [hex ? ` ${t('It is binary: copied as hex.')}` : '']
    if (detail.size > detail.payload.byteLength)
      parts.push(
        ` ${t('Only the first {{kept}} of {{size}}: use "Download payload" for all of it.', {
          kept: formatBytes(detail.payload.byteLength),
          size: formatBytes(detail.size),
        })}`,
      )
    void copy('value', text, parts.join(''))
  }

  const republish = () => {
    if (detail.size > REPUBLISH_MAX_BYTES) {
      say(
        t(
          'Cannot republish: this message is {{size}}, more than the {{max}} the publish composer takes. Use "Download payload" to keep it.',
          { size: formatBytes(detail.size), max: formatBytes(REPUBLISH_MAX_BYTES) },
        ),
        true,
      )
      return
    }
    const whole = detail.payload.byteLength >= detail.size
    const decoded = whole ? protobufValueOf(detail.topic)(detail.payload) : undefined
    const { format, payload } = composerPayload(detail.payload, decoded)
    const { properties, note } = draftProperties(detail.properties)
    const connId = useAppStore.getState().shownId
    setDraft(connId, {
      topic: detail.topic,
      payload,
      format,
      qos: detail.qos,
      retain: detail.retain,
    })
    setProperties(connId, properties)
    say(
      `${t('The publish composer holds this message; check it and publish.')}${note ? ` ${note}` : ''}`,
    )
    const field = document.querySelector<HTMLInputElement>('.publish .pub-form input')
    field?.scrollIntoView({ block: 'nearest' })
    field?.focus()
  }

  return (
    <div className="detail-actions">
      <button type="button" onClick={() => void copy('topic', detail.topic)}>
        {t('Copy topic')}
      </button>
      <button type="button" onClick={copyValue}>
        {t('Copy value')}
      </button>
      {/* Not "Republish": the contract's "Publish" button is matched as a substring. */}
      <button
        type="button"
        onClick={republish}
        title={t('Fill the publish composer with this message, to change it or send it again')}
      >
        {t('Open in composer')}
      </button>
      <span
        role="status"
        aria-label={t('Details message')}
        className={message?.error ? 'error' : 'muted'}
      >
        {message?.text}
      </span>
    </div>
  )
}
