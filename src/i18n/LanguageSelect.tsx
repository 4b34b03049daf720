import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage, type Language } from '.'
import './LanguageSelect.css'

/** The UI language switch (header). The choice is kept in this browser. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation()
  // The kind, not the text: the message is shown in the language just chosen.
  const [saveError, setSaveError] = useState<'full' | 'blocked' | undefined>()
  const current = LANGUAGES.find((l) => l.code === i18n.resolvedLanguage)?.code ?? 'en'

  const choose = (lng: Language) => {
    setSaveError(undefined)
    void setLanguage(lng, (full) => setSaveError(full ? 'full' : 'blocked'))
  }

  return (
    <span className="language-select">
      <select
        aria-label={t('Language')}
        title={t('Language')}
        value={current}
        onChange={(e) => {
          const lng = LANGUAGES.find((l) => l.code === e.target.value)?.code
          if (lng) choose(lng)
        }}
      >
        {LANGUAGES.map((l) => (
          // Each language is named in itself, so it reads the same in every UI language.
          <option key={l.code} value={l.code} lang={l.htmlLang}>
            {l.name}
          </option>
        ))}
      </select>
      {saveError && (
        <span role="status" className="language-select-error">
          {saveError === 'full'
            ? t('Language not saved: browser storage is full. It applies until the page is closed.')
            : t(
                'Language not saved: browser storage is blocked. It applies until the page is closed.',
              )}
        </span>
      )}
    </span>
  )
}
