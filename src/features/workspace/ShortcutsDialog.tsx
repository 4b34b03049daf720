import { useId } from 'react'
import { ModalDialog } from './ModalDialog'
import { SHORTCUTS } from './shortcuts'
import { useWorkspaceStore } from './workspaceStore'

/** The "?" dialog: every keyboard shortcut, in words. */
export function ShortcutsDialog() {
  const open = useWorkspaceStore((s) => s.shortcutsOpen)
  const setOpen = useWorkspaceStore((s) => s.setShortcutsOpen)
  const id = useId()
  return (
    <ModalDialog open={open} onClose={() => setOpen(false)} labelledBy={`${id}-h`}>
      <h2 id={`${id}-h`} className="ws-dialog-title">
        Keyboard shortcuts
      </h2>
      <table className="ws-shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ws-dialog-actions">
        <button type="button" data-autofocus onClick={() => setOpen(false)}>
          Close
        </button>
      </p>
    </ModalDialog>
  )
}
