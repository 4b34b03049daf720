import { mkdirSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

mkdirSync('/tmp/shots', { recursive: true })

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus: how a keyboard user gets there.
 * `max` is the number of presses the current tab order needs plus a little: every press is two
 * round trips to the browser, so a walk the long way round (72 Shift+Tabs through the whole page
 * once cost this test its 120 s) fails at once with the focus path instead of timing out.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}) {
  // One handle for the whole walk: re-resolving a role locator after each key reads the
  // accessibility tree of the whole page every time.
  const handle = await target.elementHandle()
  if (!handle) throw new Error(`${String(target)} is not on the page`)
  const path: string[] = []
  try {
    for (let i = 0; i <= max; i++) {
      const focused = await handle.evaluate((el) => {
        const a = document.activeElement
        if (a === el) return undefined
        return a ? `${a.tagName.toLowerCase()} "${a.getAttribute('aria-label') ?? ''}"` : 'nothing'
      })
      if (focused === undefined) return
      path.push(focused)
      if (i < max) await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    }
  } finally {
    await handle.dispose()
  }
  throw new Error(
    `${String(target)} not reached within ${max} ${back ? 'Shift+Tab' : 'Tab'} presses; the focus went: ${path.join(' → ')}`,
  )
}

/** Runs a command palette action by typing part of its name. */
async function runCommand(page: Page, text: string) {
  await page.keyboard.press('Control+k')
  const input = page.getByRole('combobox', { name: 'Command' })
  await expect(input).toBeFocused()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await expect(input).toBeHidden()
}

/**
 * Given mosquitto on loopback, when a user drives the app with the keyboard only (no mouse):
 * connect from the command palette, subscribe, publish with Ctrl+Enter, find the topic with "/",
 * chart it from the details, pause the log with Space, read the "?" list, switch the theme, and
 * open a second connection tab and switch with Ctrl+1 / Ctrl+2, then each step has its effect.
 */
test('the whole contract flow works with the keyboard only', async ({ page, mosquitto }) => {
  // About 50 key presses and 5 palette commands: 16–33 s with the machine at load ~15 (2 cores),
  // so the default 45 s is too tight on a busy machine. A bound, not a retry.
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.emulateMedia({ colorScheme: 'light' })
  // Any mouse use would be a test bug: pointer clicks are noted (keyboard clicks have detail 0).
  await page.addInitScript(() => {
    for (const type of ['mousedown', 'click'])
      window.addEventListener(
        type,
        (e) => {
          if ((e as MouseEvent).detail > 0) document.documentElement.dataset.mouseUsed = type
        },
        true,
      )
  })
  await openApp(page, { url: mosquitto.wsUrl })

  // A second connection tab (the first Tab stops are the tabs), then Ctrl+1 back to the first.
  await tabTo(page, page.getByRole('button', { name: 'New tab' }), { max: 5 })
  await page.keyboard.press('Enter')
  const tabs = page.getByRole('tablist', { name: 'Connections' }).getByRole('tab')
  await expect(tabs).toHaveCount(2)
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Control+1')
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(mosquitto.wsUrl)

  // Connect from the palette.
  await runCommand(page, 'connect')
  await expect(connectionStatus(page)).toContainText('Connected')

  // Subscribe: the palette puts the focus in the subscription filter; Enter submits.
  await runCommand(page, 'subscription filter')
  const filter = page.getByRole('textbox', { name: 'Topic filter' })
  await expect(filter).toBeFocused()
  await page.keyboard.type('kb/#')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('listitem').filter({ hasText: 'kb/#' })).toContainText('active')

  // Publish: Tab to the topic, type, Tab to the payload, Ctrl+Enter.
  await tabTo(page, page.getByRole('textbox', { name: 'Publish topic' }), { max: 10 })
  await page.keyboard.type('kb/room1/temp')
  await tabTo(page, page.getByRole('textbox', { name: 'Payload' }), { max: 5 })
  await page.keyboard.type('21.5')
  // "?" and "/" typed in a field are text, not shortcuts.
  await expect(page.getByRole('textbox', { name: 'Payload' })).toHaveValue('21.5')
  await page.keyboard.press('Control+Enter')
  const log = page.getByRole('log', { name: 'Messages' })
  await expect(log).toContainText('kb/room1/temp')
  await expect(log).toContainText('21.5')

  // Tab to the log (about 38 stops from the payload in today's layout), and do everything that
  // needs the focus in the log while no chart is on the page yet: live charts redraw 20 times a
  // second and make every later key press slower.
  await tabTo(page, log)

  // Space pauses and resumes the log when it has the focus.
  const pause = page.getByRole('button', { name: /^(Pause|Resume)$/ })
  await expect(pause).toHaveText('Pause')
  await page.keyboard.press('Space')
  await expect(pause).toHaveText('Resume')
  await expect(pause).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Space')
  await expect(pause).toHaveText('Pause')

  // "?" lists the shortcuts; Esc closes the list and gives the focus back.
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  await expect(help).toContainText('Ctrl+K')
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused()
  await page.screenshot({ path: '/tmp/shots/workspace-shortcuts.png' })
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
  await expect(log).toBeFocused()

  // "/" from outside a field focuses the tree filter.
  await page.keyboard.press('/')
  const treeFilter = page.getByRole('searchbox', { name: 'Filter topics' })
  await expect(treeFilter).toBeFocused()
  await page.keyboard.type('temp?')
  await expect(treeFilter).toHaveValue('temp?')
  await expect(help).toBeHidden()
  await page.keyboard.press('Backspace')
  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(tree.getByRole('treeitem', { name: /^temp\b/ })).toBeVisible()

  // Select the leaf with the arrow keys, then chart it from the details.
  await tabTo(page, tree, { max: 10 })
  await page.keyboard.press('End')
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText('kb/room1/temp')
  await tabTo(page, details.getByRole('button', { name: 'Chart kb/room1/temp', exact: true }), {
    max: 10,
  })
  await page.keyboard.press('Enter')
  const figures = page.getByRole('figure', { name: 'Chart' })
  await expect(figures).toHaveCount(1)
  // A chart records from now on: the next value (from a device) is plotted.
  await expect(figures.first()).toContainText('kb/room1/temp')
  await publishAll(mosquitto.tcpUrl, [{ topic: 'kb/room1/temp', payload: '22.5' }])
  await expect(figures.first()).toContainText('kb/room1/temp 22.5')
  // And a second, empty chart from the palette.
  await runCommand(page, 'add a chart')
  await expect(figures).toHaveCount(2)

  // Theme from the palette: the system's light becomes dark, and the choice is kept.
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
  await runCommand(page, 'theme')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark')

  // Ctrl+2 / Ctrl+1 switch connection tabs; the first one kept its connection and its log.
  await page.keyboard.press('Control+2')
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(connectionStatus(page)).toContainText('Disconnected')
  await expect(log).not.toContainText('kb/room1/temp')
  await page.keyboard.press('Control+1')
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true')
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.locator('html')).not.toHaveAttribute('data-mouse-used', /./)
  await expect(log).toContainText('kb/room1/temp')
})

/**
 * Given the command palette, when the user types something no command matches, then it says
 * what to try; Esc closes it; and "retained" brings the retained manager's filter into focus.
 */
test('the command palette filters, explains an empty result and opens the retained manager', async ({
  page,
}) => {
  // No choice stored: the theme follows the operating system's dark preference.
  await page.emulateMedia({ colorScheme: 'dark' })
  await openApp(page)
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./)
  expect(
    await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
    ),
  ).toBe('#111418')
  await page.keyboard.press('Control+k')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await expect(palette).toBeVisible()
  await page.keyboard.type('cha')
  await page.screenshot({ path: '/tmp/shots/workspace-palette.png' })
  await page.keyboard.press('Control+a')
  await page.keyboard.type('zzzz')
  await expect(palette).toContainText('No command matches')
  await page.keyboard.press('Escape')
  await expect(palette).toBeHidden()

  // With the details panel hidden, the command shows it again and focuses the filter.
  await page.getByRole('button', { name: 'Show details' }).press('Enter')
  await runCommand(page, 'retained')
  await expect(page.getByRole('textbox', { name: 'Retained filter' })).toBeFocused()
})
