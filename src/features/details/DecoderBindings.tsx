import { PayloadFormatOptions } from '../../components/PayloadFormatOptions'
import { memo, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PAYLOAD_FORMAT_LABELS, type PayloadFormat } from '../../codecs/payload'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import { boundFormat, useDecoderStore } from '../../store/decoderStore'
import { protoRefFor, useSchemaStore } from '../../store/schemaStore'
import { useScriptStore } from '../../store/scriptStore'
import { ProtoTypeFields, type ProtoChoice } from './ProtoTypeFields'

/**
 * Binds a decoder to the selected topic, or to a filter the user types (UI contract: Payload
 * decoders). The binding is used wherever the chosen payload format is Auto, and it persists.
 * Protobuf asks for the schema set and message type too (the user's own .proto, issue #16).
 * Memo: the details re-render about once a second under traffic, and React re-selecting the
 * option of an unchanged `<select>` made Chromium lay out the whole page each time (#12).
 */
export const DecoderBindings = memo(function DecoderBindings({ topic }: { topic: string }) {
  const bindings = useDecoderStore((s) => s.bindings)
  const notice = useDecoderStore((s) => s.notice)
  const protoBindings = useSchemaStore((s) => s.bindings)
  const word = useWord()
  const [format, setFormat] = useState<PayloadFormat>(() => boundFormat(bindings, topic) ?? 'auto')
  const [proto, setProto] = useState<ProtoChoice>(
    () => protoRefFor(topic) ?? { schemaId: '', type: '' },
  )
  const scripts = useScriptStore((s) => s.scripts)
  const scriptBindings = useScriptStore((s) => s.bindings)
  const [scriptId, setScriptId] = useState(
    () => scriptBindings.find((b) => b.filter === topic)?.scriptId ?? scripts[0]?.id ?? '',
  )
  const [filter, setFilter] = useState(topic)
  const [error, setError] = useState<Coded | undefined>()
  const id = useId()
  const { t } = useTranslation('details')
  const typeOf = (f: string) =>
    protoBindings.find((b) => b.filter === f)?.type ??
    scripts.find((s) => s.id === scriptBindings.find((b) => b.filter === f)?.scriptId)?.name

  const bind = () =>
    setError(
      format === 'protobuf'
        ? useSchemaStore.getState().bindType(filter, proto.schemaId, proto.type)
        : format === 'script'
          ? useScriptStore.getState().bindScript(filter, scriptId)
          : useDecoderStore.getState().bind(filter, format),
    )

  return (
    <div className="decoder-bindings">
      <div className="decoder-row">
        <label htmlFor={`${id}-fmt`}>{t('Decoder for this topic')}</label>
        <select
          id={`${id}-fmt`}
          value={format}
          onChange={(e) => setFormat(e.target.value as PayloadFormat)}
        >
          <PayloadFormatOptions />
        </select>
        <label htmlFor={`${id}-filter`}>{t('for')}</label>
        <input
          id={`${id}-filter`}
          aria-label={t('Decoder filter')}
          value={filter}
          spellCheck={false}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') bind()
          }}
        />
        <button type="button" onClick={bind}>
          {t('Bind decoder')}
        </button>
      </div>
      {format === 'protobuf' && <ProtoTypeFields choice={proto} onChange={setProto} />}
      {format === 'script' && (
        <div className="decoder-row">
          <label htmlFor={`${id}-script`}>{t('Decode script')}</label>
          <select
            id={`${id}-script`}
            value={scriptId}
            onChange={(e) => setScriptId(e.target.value)}
          >
            {scripts.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {word(error)}
        </p>
      )}
      {notice && <p className="muted">{word(notice)}</p>}
      {bindings.length > 0 && (
        <ul className="decoder-list" aria-label={t('Decoder bindings')}>
          {bindings.map((b) => (
            <li key={b.filter}>
              <code>{b.filter}</code> → {PAYLOAD_FORMAT_LABELS[b.format]}
              {(b.format === 'protobuf' || b.format === 'script') && typeOf(b.filter) && (
                <> {typeOf(b.filter)}</>
              )}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('Remove binding {{filter}}', { filter: b.filter })}
                onClick={() => useDecoderStore.getState().unbind(b.filter)}
              >
                {t('Remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
})
