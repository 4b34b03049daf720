import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { i18n } from '../i18n'

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup()
})

// Unit tests assert the English UI, whatever the machine's locale or a test's saved choice.
beforeEach(async () => {
  await i18n.changeLanguage('en')
})
