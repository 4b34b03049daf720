import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PROTO_FILES_PER_SET } from '../../engine/budgets'
import { useWord } from '../../i18n/word'
import type { Coded } from '../../lib/coded'
import { useSchemaStore } from '../../store/schemaStore'
import './protobuf.css'

/**
 * Adds a .proto schema set (UI contract: Protobuf schemas): picked files (several at once, so
 * imports among them resolve) or one pasted file with its name. Every problem is listed with
 * file, line and column; nothing typed is lost when the schema is refused.
 */
export function SchemaManager({
  onAdded,
}: {
  onAdded: (id: string, types: readonly string[]) => void
}) {
  const sets = useSchemaStore((s) => s.sets)
  const notice = useSchemaStore((s) => s.notice)
  const [name, setName] = useState('schema.proto')
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<Coded[]>([])
  const id = useId()
  const { t } = useTranslation('payloadTools')
  const word = useWord()

  const add = (files: { name: string; text: string }[]) => {
    const result = useSchemaStore.getState().addSchema(files)
    if (!result.ok) {
      setErrors(result.errors)
      return
    }
    setErrors([])
    onAdded(result.id, result.types)
  }

  const pick = async (list: FileList | null) => {
    if (!list || list.length === 0) return
    const files = await Promise.all(
      [...list]
        .slice(0, PROTO_FILES_PER_SET + 1)
        .map(async (f) => ({ name: f.name, text: await f.text() })),
    )
    add(files)
  }

  return (
    <div className="schema-manager" role="group" aria-label={t('Protobuf schemas')}>
      <div className="decoder-row">
        <label htmlFor={`${id}-files`}>{t('.proto files')}</label>
        <input
          id={`${id}-files`}
          type="file"
          accept=".proto,text/plain"
          multiple
          aria-label={t('Load .proto files')}
          onChange={(e) => {
            void pick(e.target.files)
            e.target.value = ''
          }}
        />
      </div>
      <div className="decoder-row">
        <label htmlFor={`${id}-name`}>{t('File name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <textarea
        aria-label={t('.proto text')}
        className="schema-text"
        rows={6}
        spellCheck={false}
        placeholder={'syntax = "proto3";\nmessage Reading { double value = 1; }'}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="button" onClick={() => add([{ name: name.trim(), text }])}>
        {t('Add pasted schema')}
      </button>
      {errors.length > 0 && (
        <ul className="error schema-errors" role="alert" aria-label={t('Schema problems')}>
          {errors.map((e, i) => (
            <li key={i}>{word(e)}</li>
          ))}
        </ul>
      )}
      {notice && <p className="muted">{word(notice)}</p>}
      {sets.length > 0 && (
        <ul className="decoder-list" aria-label={t('Saved schemas')}>
          {sets.map((s) => (
            <li key={s.id}>
              <code>{s.files.map((f) => f.name).join(', ')}</code>{' '}
              <button
                type="button"
                className="link"
                aria-label={t('Remove schema {{files}}', {
                  files: s.files.map((f) => f.name).join(', '),
                })}
                onClick={() => useSchemaStore.getState().removeSchema(s.id)}
              >
                {t('Remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
