import { defineConfig } from '@playwright/test'
import { CHROMIUM_BIN, CHROMIUM_FLAGS } from './e2e/fixtures/chromium'
import { freePort } from './e2e/fixtures/ports'

// Playwright cannot download its own browser here: Debian's chromium (e2e/fixtures/chromium.ts).
// The app is served from the production build by `vite preview`.
// The config is evaluated again in each worker process; the environment carries the port chosen
// by the first evaluation.
process.env.E2E_PORT ??= String(await freePort())
const port = Number(process.env.E2E_PORT)
// E2E_DIST serves another build folder (so parallel work on one machine does not share `dist`).
const dist = process.env.E2E_DIST

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  ...(dist ? { outputDir: `${dist}-results` } : {}),
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
    // The UI follows the browser language; the suite asserts the English UI (i18n.spec switches).
    locale: 'en-US',
    launchOptions: {
      executablePath: CHROMIUM_BIN,
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort${dist ? ` --outDir ${dist}` : ''}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
})
