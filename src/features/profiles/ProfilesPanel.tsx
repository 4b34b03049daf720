import { useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useWord } from '../../i18n/word'
import { coded, type Coded } from '../../lib/coded'
import { useAppStore } from '../../store/appStore'
import {
  allProfiles,
  findProfile,
  isPresetId,
  selectProfiles,
  selectProfilesNotice,
  selectSelectedProfileId,
  useProfilesStore,
  type Profile,
} from '../../store/profilesStore'
import { parseProfilesFile, PROFILES_FILE_NAME, serializeProfiles } from './profileFiles'
import { useSchemaStore } from '../../store/schemaStore'
import { useScriptStore } from '../../store/scriptStore'
import { downloadBlob } from '../../lib/download'

/** The editor fields for a profile: its name (empty for a preset) and its password choice. */
function editorFor(p: Profile | undefined): { name: string; remember: boolean } {
  if (!p || isPresetId(p.id)) return { name: '', remember: false }
  return { name: p.name, remember: p.rememberPassword }
}

const download = (text: string, filename: string) =>
  downloadBlob(new Blob([text], { type: 'application/json' }), filename)

/**
 * Saved connection profiles and the built-in presets (UI contract: "Profiles"). A profile holds
 * what the connection form holds, except the Last Will, and the password only on request.
 */
export function ProfilesPanel() {
  const saved = useProfilesStore(selectProfiles)
  const selectedId = useProfilesStore(selectSelectedProfileId)
  const notice = useProfilesStore(selectProfilesNotice)
  // Read by allProfiles: the local preset shows the address `npm start` announced once it has.
  useProfilesStore((s) => s.localBroker)
  const word = useWord()
  // Switching profiles while a connection is up would show one broker's settings above another
  // broker's data, so it waits for a disconnect like the form itself.
  const busy = useAppStore((s) => s.connections[s.shownId]?.status.state !== 'disconnected')
  const [editor, setEditor] = useState(() => editorFor(findProfile(saved, selectedId)))
  // Coded sentences, worded at render: a language switch rewords what is on screen.
  const [message, setMessage] = useState<{ said: readonly Coded[]; error?: boolean }>()
  const [exportScope, setExportScope] = useState<'all' | 'selected'>('all')
  const [includePasswords, setIncludePasswords] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const { t } = useTranslation('profiles')
  const id = useId()

  const store = useProfilesStore.getState
  const list = allProfiles(saved)
  const selected = findProfile(saved, selectedId)
  const selectedSaved = selected && !isPresetId(selected.id) ? selected : undefined
  const index = selectedSaved ? saved.indexOf(selectedSaved) : -1

  const say = (said: readonly Coded[], error = false) => setMessage({ said, error })
  const pick = (p: Profile) => {
    store().useProfile(p.id)
    setEditor(editorFor(p))
    setMessage(undefined)
  }
  const afterChange = (said: readonly Coded[]) => {
    const { profiles, selectedId: now } = store()
    setEditor(editorFor(findProfile(profiles, now)))
    say(said)
  }
  const remove = () => {
    if (!selectedSaved) return
    if (!window.confirm(t('Delete the profile “{{name}}”?', { name: selectedSaved.name }))) return
    afterChange(store().deleteProfile(selectedSaved.id))
  }
  const exportProfiles = () => {
    const chosen = exportScope === 'selected' ? (selected ? [selected] : []) : saved
    if (chosen.length === 0) {
      say(
        [
          exportScope === 'selected'
            ? coded('profiles.exportSelectFirst')
            : coded('profiles.exportNothing'),
        ],
        true,
      )
      return
    }
    const { sets, bindings } = useSchemaStore.getState()
    const schemas = { sets, bindings }
    const own = useScriptStore.getState()
    const scripts = { scripts: own.scripts, bindings: own.bindings }
    download(serializeProfiles(chosen, { includePasswords, schemas, scripts }), PROFILES_FILE_NAME)
    const withPw = includePasswords && chosen.some((p) => p.password)
    const count = chosen.length
    say([
      withPw
        ? coded('profiles.exportedWithPasswords', { count })
        : coded('profiles.exported', { count }),
    ])
  }
  const importFile = (file: File | undefined) => {
    if (!file) return
    file
      .text()
      .then((text) => {
        const parsed = parseProfilesFile(text)
        if (!parsed.ok) {
          say(
            [
              coded('profiles.fileRefused', { file: file.name, reason: parsed.error }),
              ...parsed.notes,
            ],
            true,
          )
          return
        }
        const done = store().importProfiles(parsed.profiles, parsed.source)
        const skipped = parsed.skipped
          ? [coded('profiles.importSkipped', { count: parsed.skipped })]
          : []
        const schemas = parsed.schemas
          ? useSchemaStore.getState().importSchemas(parsed.schemas)
          : []
        const scripts = parsed.scripts
          ? useScriptStore.getState().importScripts(parsed.scripts)
          : []
        say([...done, ...skipped, ...parsed.notes, ...schemas, ...scripts])
      })
      .catch((err: unknown) =>
        say([coded('profiles.fileUnreadable', { file: file.name, error: String(err) })], true),
      )
      .finally(() => {
        if (fileRef.current) fileRef.current.value = ''
      })
  }

  return (
    <section className="panel profiles" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('Profiles')}</h2>
      {notice && (
        <p role="alert" className="note warn profiles-notice">
          {word(notice)}{' '}
          <button type="button" className="link" onClick={() => store().dismissNotice()}>
            {t('OK')}
          </button>
        </p>
      )}
      {/* Focusable because it scrolls: while connected every button in it is disabled, and the
          keyboard could not otherwise reach the rows below the fold. */}
      <ul aria-label={t('Connection profiles')} className="profile-list" tabIndex={0}>
        {list.map((p) => {
          const current = p.id === selectedId
          return (
            <li
              key={p.id}
              className={`profile${current ? ' profile-selected' : ''}`}
              aria-current={current ? 'true' : undefined}
            >
              <button
                type="button"
                className="profile-use"
                aria-label={t('Use profile {{name}}', { name: p.name })}
                title={busy ? t('Disconnect first to switch profiles') : p.url}
                disabled={busy}
                onClick={() => pick(p)}
              >
                <span className="profile-name">{p.name}</span>
                <span className="profile-url">{p.url}</span>
                {p.subscriptions?.length ? (
                  <span className="profile-subs">
                    {t('{{count}} subscriptions', { count: p.subscriptions.length })}
                  </span>
                ) : null}
              </button>
              {isPresetId(p.id) && <span className="badge">{t('built-in')}</span>}
            </li>
          )
        })}
      </ul>
      <div className="profile-edit">
        <input
          type="text"
          aria-label={t('Profile name')}
          placeholder={t('profile name')}
          value={editor.name}
          onChange={(e) => setEditor({ ...editor, name: e.target.value })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={editor.remember}
            onChange={(e) => setEditor({ ...editor, remember: e.target.checked })}
          />
          {t('Remember password')}
        </label>
      </div>
      <div className="profile-actions">
        <button
          type="button"
          onClick={() => afterChange(store().saveAsProfile(editor.name, editor.remember))}
        >
          {t('Save as profile')}
        </button>
        <button
          type="button"
          disabled={!selectedSaved}
          title={t('Replace the selected profile with the connection form')}
          onClick={() =>
            selectedSaved &&
            afterChange(store().updateProfile(selectedSaved.id, editor.name, editor.remember))
          }
        >
          {t('Update profile')}
        </button>
        <button
          type="button"
          disabled={!selected}
          onClick={() => selected && afterChange(store().duplicateProfile(selected.id))}
        >
          {t('Duplicate profile')}
        </button>
        <button type="button" disabled={!selectedSaved} onClick={remove}>
          {t('Delete profile')}
        </button>
        <span className="profile-move">
          <button
            type="button"
            className="icon"
            aria-label={t('Move profile up')}
            title={t('Move profile up')}
            disabled={index <= 0}
            onClick={() => selectedSaved && store().moveProfile(selectedSaved.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon"
            aria-label={t('Move profile down')}
            title={t('Move profile down')}
            disabled={index < 0 || index >= saved.length - 1}
            onClick={() => selectedSaved && store().moveProfile(selectedSaved.id, 1)}
          >
            ↓
          </button>
        </span>
      </div>
      <div className="profile-files">
        <select
          aria-label={t('Profiles to export')}
          value={exportScope}
          onChange={(e) => setExportScope(e.target.value === 'selected' ? 'selected' : 'all')}
        >
          <option value="all">{t('All saved')}</option>
          <option value="selected">{t('Selected')}</option>
        </select>
        <label className="check">
          <input
            type="checkbox"
            checked={includePasswords}
            onChange={(e) => setIncludePasswords(e.target.checked)}
          />
          {t('Include passwords')}
        </label>
        <button type="button" onClick={exportProfiles}>
          {t('Export profiles')}
        </button>
        <button type="button" onClick={() => fileRef.current?.click()}>
          {t('Import profiles')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          aria-label={t('Import profiles file')}
          className="visually-hidden"
          tabIndex={-1}
          onChange={(e) => importFile(e.target.files?.[0])}
        />
      </div>
      {/* Always in the page: a live region that appears together with its text is not announced. */}
      <p
        role="status"
        aria-label={t('Profiles message')}
        className={`note profiles-message${message?.error ? ' warn' : ''}`}
      >
        {message?.said.map((c) => word(c)).join(' ')}
      </p>
    </section>
  )
}
