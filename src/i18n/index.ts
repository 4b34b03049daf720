import i18n from 'i18next'
import LanguageDetector from 'i18next-browser-languagedetector'
import { initReactI18next } from 'react-i18next'
import type { Coded } from '../lib/coded'
import { loadSaved, saveSaved, storageKey } from '../lib/persist'
import { savedLanguage, type SavedLanguageCode } from '../store/saved/language'
import { resources } from './resources'

/** The languages the UI offers, each named in itself (a reader finds their own language). */
export const LANGUAGES = [
  { code: 'en', name: 'English', htmlLang: 'en' },
  { code: 'zh', name: '简体中文', htmlLang: 'zh-CN' },
] as const satisfies readonly { code: SavedLanguageCode; name: string; htmlLang: string }[]
export type Language = (typeof LANGUAGES)[number]['code']

/** localStorage entry of the user's explicit choice. */
export const LANGUAGE_STORAGE_KEY = storageKey(savedLanguage)

const isLanguage = (v: unknown): v is Language => LANGUAGES.some((l) => l.code === v)

/**
 * A saved choice wins over the browser's language. The detector's own localStorage lookup reads
 * raw strings; ours is a versioned, checked entry (src/lib/persist.ts), so this lookup reads it.
 * A choice that cannot be read leaves the browser's language, with nowhere to say so yet.
 */
const detector = new LanguageDetector()
detector.addDetector({
  name: 'savedChoice',
  lookup: () => {
    const saved = loadSaved(savedLanguage).value.language
    return isLanguage(saved) ? saved : undefined
  },
})

void i18n
  .use(detector)
  .use(initReactI18next)
  .init({
    resources,
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    // zh-CN, zh-SG, en-GB … resolve to the catalog of their language.
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    // English sentences are the keys (gettext style): the code reads as the English UI, and a
    // changed English string is a new key, so its stale translation is caught by the catalog test.
    keySeparator: false,
    nsSeparator: false,
    // React escapes; catalogs hold plain text.
    interpolation: { escapeValue: false },
    // Bundled resources: ready synchronously, before the first render, with no fetch.
    initAsync: false,
    detection: {
      order: ['savedChoice', 'navigator'],
      // Only an explicit choice is saved (setLanguage), so a browser language change still counts.
      caches: [],
    },
  })

const syncHtmlLang = (lng: string) => {
  const lang = LANGUAGES.find((l) => l.code === lng)?.htmlLang ?? 'en'
  document.documentElement.lang = lang
}
syncHtmlLang(i18n.resolvedLanguage ?? 'en')
i18n.on('languageChanged', () => syncHtmlLang(i18n.resolvedLanguage ?? 'en'))

/**
 * Switches the UI language and remembers the choice in this browser; a choice that could not be
 * saved (storage full, blocked) still applies, and `onNotice` is told why it is not kept.
 */
export function setLanguage(lng: Language, onNotice: (notice: Coded) => void): Promise<unknown> {
  const notice = saveSaved(savedLanguage, { language: lng })
  if (notice) onNotice(notice)
  return i18n.changeLanguage(lng)
}

export { i18n }
