import { useTranslation } from 'react-i18next'
import { ModalDialog } from '../features/workspace/ModalDialog'
import { BrokerCheckPanel } from '../features/brokercheck/BrokerCheckPanel'
import { useBrokerCheckStore } from '../store/brokerCheckStore'

/**
 * The broker check as a dialog over the workspace: its tables need the width the sidebar does
 * not have, and a check running on its own clients needs nothing else of the page. Closing it
 * keeps a running check going; reopening shows its progress.
 */
export function BrokerCheckDialog() {
  const open = useBrokerCheckStore((s) => s.open)
  const { t } = useTranslation('brokerCheckPanel')
  return (
    <ModalDialog
      open={open}
      onClose={() => useBrokerCheckStore.getState().setOpen(false)}
      label={t('Broker check')}
      className="bc-dialog"
    >
      <div className="bc-dialog-bar">
        <button
          type="button"
          data-autofocus
          onClick={() => useBrokerCheckStore.getState().setOpen(false)}
        >
          {t('Close broker check')}
        </button>
      </div>
      <BrokerCheckPanel />
    </ModalDialog>
  )
}

/** The toolbar's button that opens it. */
export function BrokerCheckButton() {
  const { t } = useTranslation('brokerCheckPanel')
  return (
    <button
      type="button"
      aria-haspopup="dialog"
      onClick={() => useBrokerCheckStore.getState().setOpen(true)}
    >
      {t('Broker check')}
    </button>
  )
}
