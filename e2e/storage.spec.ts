import { readFileSync } from 'node:fs'
import { expect, openApp, test } from './fixtures/test'

const fixture = JSON.parse(
  readFileSync(new URL('../src/store/saved/fixtures/saved-by-0.1.0.json', import.meta.url), 'utf8'),
) as Record<string, string>

/**
 * Saved data in a real browser: what 0.1.0 saved is found after the update, and a full storage
 * is said instead of breaking the page.
 */

test('finds what 0.1.0 saved: language, theme, profiles, decoder bindings', async ({ page }) => {
  // Seeded once: a reload must read what the app itself wrote back.
  await page.addInitScript((saved) => {
    if (sessionStorage.getItem('seeded')) return
    sessionStorage.setItem('seeded', '1')
    localStorage.clear()
    for (const [k, v] of Object.entries(saved)) localStorage.setItem(k, v)
  }, fixture)
  await openApp(page)

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('button', { name: /Lab broker/ }).first()).toBeVisible()
  await expect(page.getByRole('button', { name: /Plant 3\.1\.1/ }).first()).toBeVisible()

  const stored = await page.evaluate(() => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!
      out[k] = JSON.parse(localStorage.getItem(k)!)
    }
    return out
  })
  // The wired kinds are envelopes now; the publish history waits for its store's redesign.
  for (const key of ['profiles', 'workspace', 'decoders', 'language'])
    expect(stored[`mqtt-scope.${key}`], key).toMatchObject({ version: 1 })
  expect(stored['mqtt-scope.language']).toEqual({ version: 1, data: { language: 'zh' } })

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await expect(page.getByRole('button', { name: /Lab broker/ }).first()).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('says so when the storage is full, and the change still applies', async ({ page }) => {
  await openApp(page)
  const filled = await page.evaluate(() => {
    // Chromium's quota is per origin; fill it in bounded steps, halving the chunk when refused.
    let n = 0
    for (let size = 1_000_000; size >= 1 && n < 200;) {
      try {
        localStorage.setItem(`filler-${n++}`, 'x'.repeat(size))
      } catch {
        size = Math.floor(size / 2)
      }
    }
    try {
      localStorage.setItem('probe', 'xx')
      return false
    } catch {
      return true
    }
  })
  expect(filled).toBe(true)

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark')
  await expect(page.getByRole('alert')).toHaveText(
    /The browser storage is full: panel sizes and display settings were not saved\./,
  )
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.screenshot({ path: 'test-results/storage-full.png' })
  await page.evaluate(() => localStorage.clear())
})
