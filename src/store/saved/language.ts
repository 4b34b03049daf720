import * as v from 'valibot'
import type { SavedKind } from '../../lib/persist'
import { record } from '../../lib/persistSchema'

/** The UI languages a choice can name (src/i18n/index.ts's LANGUAGES; a test keeps them equal). */
export const SAVED_LANGUAGES = ['en', 'zh'] as const
export type SavedLanguageCode = (typeof SAVED_LANGUAGES)[number]

export interface SavedLanguage {
  /** The user's explicit choice; absent: the browser's language decides. */
  language?: SavedLanguageCode
}

/**
 * `mqtt-scope.language`. Version 0 was the code itself as a JSON string (`"zh"`). A language
 * this version does not offer reads as no choice.
 */
export const savedLanguage: SavedKind<SavedLanguage> = {
  name: 'language',
  version: 1,
  schema: record({ language: v.fallback(v.optional(v.picklist(SAVED_LANGUAGES)), undefined) }),
  empty: () => ({}),
  migrations: { 0: (old) => ({ language: old }) },
  countsEntries: false,
}
