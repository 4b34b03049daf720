import 'i18next'
import type { resources } from './resources'

// Typed keys: t('…') with a key missing from the English catalog fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common'
    keySeparator: false
    nsSeparator: false
    resources: (typeof resources)['en']
  }
}
