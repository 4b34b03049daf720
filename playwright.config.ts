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
  // Never retried: a retry hides a flaky test, and the project's rule is to fix it instead.
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Traces keep the action log, console and network of a failed test, but no DOM snapshots and
    // no screencast: recording those on every action made a keyboard-only test 3× slower (1.1–1.6
    // min against 16–33 s, load ~15 on 2 cores) and is what pushed it past 120 s once. A failure
    // still gets a screenshot and Playwright's page snapshot (error-context.md).
    trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
    screenshot: 'only-on-failure',
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
    // An upper bound only: on a 2-core machine busy with other builds `vite preview` once took
    // longer than 30 s to answer, which failed the whole run before any test.
    timeout: 120_000,
  },
})
