import { useId, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { compileSchemaSet } from '../../codecs/protobufSchema'
import { useSchemaStore } from '../../store/schemaStore'
import { SchemaManager } from './SchemaManager'

/** The schema set and message type a protobuf binding uses. */
export interface ProtoChoice {
  schemaId: string
  type: string
}

/** The message types of a saved set (compiled on demand, cached by content). */
function typesOf(schemaId: string): readonly string[] {
  const set = useSchemaStore.getState().sets.find((s) => s.id === schemaId)
  if (!set) return []
  const compiled = compileSchemaSet(set.files)
  return compiled.ok ? compiled.set.messageTypes : []
}

/**
 * Picks the schema set and message type of a protobuf decoder binding (UI contract: Protobuf
 * schemas), with the place to add a set. Shown when the binding's format is Protobuf.
 */
export function ProtoTypeFields({
  choice,
  onChange,
}: {
  choice: ProtoChoice
  onChange: (choice: ProtoChoice) => void
}) {
  const sets = useSchemaStore((s) => s.sets)
  const chosen = sets.find((s) => s.id === choice.schemaId)
  const types = useMemo(() => (chosen ? typesOf(chosen.id) : []), [chosen])
  const id = useId()
  const { t } = useTranslation('payloadTools')
  return (
    <div className="proto-type-fields">
      {sets.length > 0 && (
        <div className="decoder-row">
          <label htmlFor={`${id}-set`}>{t('Schema')}</label>
          <select
            id={`${id}-set`}
            value={choice.schemaId}
            onChange={(e) =>
              onChange({ schemaId: e.target.value, type: typesOf(e.target.value)[0] ?? '' })
            }
          >
            <option value="">{t('(choose)')}</option>
            {sets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.files.map((f) => f.name).join(', ')}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-type`}>{t('Message type')}</label>
          <select
            id={`${id}-type`}
            value={choice.type}
            onChange={(e) => onChange({ ...choice, type: e.target.value })}
          >
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
      )}
      <SchemaManager onAdded={(schemaId, list) => onChange({ schemaId, type: list[0] ?? '' })} />
    </div>
  )
}
