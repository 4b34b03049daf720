import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Coded } from '../lib/coded'
import { LANGUAGES, setLanguage, type Language } from '.'
import { useWord } from './word'
import './LanguageSelect.css'

/** The UI language switch (header). The choice is kept in this browser. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation()
  const word = useWord()
  // The code, not the text: the message is shown in the language just chosen.
  const [saveError, setSaveError] = useState<Coded | undefined>()
  const current = LANGUAGES.find((l) => l.code === i18n.resolvedLanguage)?.code ?? 'en'

  const choose = (lng: Language) => {
    setSaveError(undefined)
    void setLanguage(lng, setSaveError)
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
          {word(saveError)}
        </span>
      )}
    </span>
  )
}
