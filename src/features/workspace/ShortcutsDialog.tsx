import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { ModalDialog } from './ModalDialog'
import { SHORTCUTS } from './shortcuts'
import { useWorkspaceStore } from './workspaceStore'

/** The "?" dialog: every keyboard shortcut, in words. */
export function ShortcutsDialog() {
  const open = useWorkspaceStore((s) => s.shortcutsOpen)
  const setOpen = useWorkspaceStore((s) => s.setShortcutsOpen)
  const id = useId()
  const { t } = useTranslation('workspace')
  return (
    <ModalDialog open={open} onClose={() => setOpen(false)} labelledBy={`${id}-h`}>
      <h2 id={`${id}-h`} className="ws-dialog-title">
        {t('Keyboard shortcuts')}
      </h2>
      <table className="ws-shortcuts">
        <thead>
          <tr>
            <th scope="col">{t('Keys')}</th>
            <th scope="col">{t('Action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{t(s.keys)}</kbd>
              </td>
              <td>{t(s.what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ws-dialog-actions">
        <button type="button" data-autofocus onClick={() => setOpen(false)}>
          {t('Close')}
        </button>
      </p>
    </ModalDialog>
  )
}
