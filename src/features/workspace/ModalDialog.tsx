import { useEffect, useRef, type ReactNode } from 'react'

interface Props {
  open: boolean
  onClose: () => void
  /** Id of the element that names the dialog (its heading), or the name itself. */
  labelledBy?: string
  label?: string
  className?: string
  children: ReactNode
}

/**
 * A native modal `<dialog>`: the browser keeps focus inside, Esc closes it and the rest of the
 * page is inert meanwhile. Focus goes back to where it was when the dialog closes.
 */
export function ModalDialog({ open, onClose, labelledBy, label, className, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog || !open) return
    const before = document.activeElement
    // jsdom has no showModal; the `open` attribute shows it there all the same.
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal()
    } else dialog.setAttribute('open', '')
    // React's autoFocus fires while the dialog is still closed; focus the marked control now.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    return () => {
      if (typeof dialog.close === 'function') dialog.close()
      else dialog.removeAttribute('open')
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [open])

  return (
    <dialog
      ref={ref}
      className={`ws-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      aria-label={label}
      onClose={onClose}
      onCancel={(e) => {
        // Esc: close through React state, so the state and the element agree.
        e.preventDefault()
        onClose()
      }}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      {open && children}
    </dialog>
  )
}
