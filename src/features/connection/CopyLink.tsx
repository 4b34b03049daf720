import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { selectForm, selectSubscriptions, useAppStore } from '../../store/appStore'
import { chartsOf } from '../../store/chartsStore'
import { buildDeepLink } from './deepLink'

/**
 * "Copy link": the current broker, subscriptions and charts as a URL, to the clipboard. The link
 * is also shown, selected, for browsers that refuse clipboard access. It never holds a password.
 */
export function CopyLink() {
  const form = useAppStore(selectForm)
  const subscriptions = useAppStore(selectSubscriptions)
  const { t } = useTranslation('connection')
  const [link, setLink] = useState<string | undefined>()
  const [note, setNote] = useState('')

  const copy = async () => {
    const charts = chartsOf(useAppStore.getState().shownId)
    const base = `${location.origin}${location.pathname}`
    const url = buildDeepLink(base, {
      form,
      subscriptions,
      series: charts.flatMap((c) => c.series.map((s) => s.source)),
    })
    setLink(url)
    try {
      await navigator.clipboard.writeText(url)
      setNote(t('Link copied (without the password).'))
    } catch {
      setNote(t('The browser did not allow copying: select the link and copy it.'))
    }
  }

  return (
    <div className="copy-link">
      <button type="button" onClick={() => void copy()}>
        {t('Copy link')}
      </button>
      {link && (
        <input
          readOnly
          aria-label={t('Link')}
          value={link}
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      {/* Always on the page: a live region added together with its text is often not read. */}
      <span className="muted" role="status" aria-label={t('Copy link status')}>
        {link ? note : ''}
      </span>
    </div>
  )
}
