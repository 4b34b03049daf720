import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useUpdateStore } from './updateStore'

/**
 * "A new version is ready": shown when the service worker has installed a newer build. The user
 * chooses when to reload, since a reload closes the connections of the session.
 */
export function UpdateNotice() {
  const { t } = useTranslation('pwa')
  const apply = useUpdateStore((s) => s.apply)
  const [later, setLater] = useState(false)
  if (!apply || later) return null
  return (
    <div role="status" className="update-notice">
      {t('A new version of mqtt-scope is ready. Reloading closes your connections.')}{' '}
      <button type="button" onClick={apply}>
        {t('Reload now')}
      </button>{' '}
      <button type="button" className="link" onClick={() => setLater(true)}>
        {t('Later')}
      </button>
    </div>
  )
}
