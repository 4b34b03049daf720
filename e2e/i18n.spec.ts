import type { Page } from '@playwright/test'
import { freePort } from './fixtures/ports'
import { publishAll } from './fixtures/publisher'
import { expect, openApp, test } from './fixtures/test'

/** The language switch, named "Language" in English and "语言" in Chinese. */
const languageSelect = (page: Page) => page.getByRole('combobox', { name: /^(Language|语言)$/ })

const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, exact: true, level: 2 })

/** A sample of visible strings in every main panel, in Chinese. */
async function expectChinesePanels(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  for (const name of ['连接', '订阅', '发布', '主题', '图表', '连接配置']) {
    await expect(heading(page, name)).toBeVisible()
  }
  await expect(page.getByText('服务器地址', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: '连接', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: '订阅', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: '发布', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: '添加图表' })).toBeVisible()
  await expect(page.getByRole('button', { name: '另存为配置' })).toBeVisible()
  await expect(page.getByRole('status', { name: '已接收消息' })).toBeAttached()
  await expect(page.getByRole('searchbox', { name: '筛选主题' })).toBeVisible()
  // No English heading is left over from the English UI.
  for (const name of ['Connection', 'Subscriptions', 'Publish', 'Topics', 'Charts', 'Profiles']) {
    await expect(heading(page, name)).toHaveCount(0)
  }
}

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' })

  /**
   * Given the English UI, when the user picks 简体中文, then every main panel reads Chinese, a
   * live connection reports in Chinese, and the choice survives a reload; English comes back the
   * same way.
   */
  test('switches to Chinese, works in it, and keeps the choice across a reload', async ({
    page,
    mosquitto,
  }) => {
    await openApp(page, { url: mosquitto.wsUrl })
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(heading(page, 'Connection')).toBeVisible()
    await expect(languageSelect(page)).toHaveValue('en')
    await page.screenshot({
      path: '/tmp/shots/i18n-en.png',
      clip: { x: 0, y: 0, width: 1280, height: 120 },
    })

    await languageSelect(page).selectOption({ label: '简体中文' })
    await expectChinesePanels(page)
    await page.screenshot({ path: '/tmp/shots/i18n-zh.png' })

    // The app works in Chinese: connect, subscribe, receive, all worded in Chinese.
    await page.getByRole('button', { name: '连接', exact: true }).click()
    const status = page.getByRole('status', { name: '连接状态' })
    await expect(status).toContainText('已连接')
    await page.getByRole('button', { name: '订阅', exact: true }).click()
    await expect(page.getByRole('list', { name: '订阅' })).toContainText('已订阅')
    await publishAll(mosquitto.tcpUrl, [{ topic: 'i18n/room/temp', payload: '21.5' }])
    await expect(page.getByRole('treeitem', { name: /i18n/ })).toBeVisible()
    await expect(page.getByRole('button', { name: '断开连接' })).toBeVisible()
    await page.screenshot({ path: '/tmp/shots/i18n-zh-connected.png' })
    await page.getByRole('button', { name: '断开连接' }).click()
    await expect(status).toHaveText('已断开')

    await page.reload()
    await expectChinesePanels(page)
    await expect(languageSelect(page)).toHaveValue('zh')

    await languageSelect(page).selectOption({ label: 'English' })
    await expect(heading(page, 'Connection')).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await page.reload()
    await expect(heading(page, 'Subscriptions')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible()
  })
})

test.describe('in a Chinese browser, the panels of phase 2', () => {
  test.use({ locale: 'zh-CN' })

  /**
   * Given the Chinese UI and a retained JSON message, when the user selects its topic and scans
   * the retained messages, then the details, the history, the retained manager and the worker's
   * scan result all read Chinese.
   */
  test('details, the log, the retained manager and the shortcut list read Chinese', async ({
    page,
    mosquitto,
  }) => {
    await publishAll(mosquitto.tcpUrl, [
      { topic: 'i18n/lab/env', payload: '{"t":21.5}', options: { retain: true } },
    ])
    await openApp(page, { url: mosquitto.wsUrl, sub: 'i18n/#', connect: '1' })
    await expect(page.getByRole('status', { name: '连接状态' })).toContainText('已连接')
    await page.getByRole('searchbox', { name: '筛选主题' }).fill('i18n/lab/env')
    await page.getByRole('treeitem', { name: /^env/ }).click()

    const details = page.getByRole('region', { name: '主题详情' })
    await expect(details).toContainText('i18n/lab/env')
    await expect(details.getByText('接收时间', { exact: true })).toBeVisible()
    await expect(details.getByRole('button', { name: '复制主题' })).toBeVisible()
    await expect(details.getByRole('button', { name: '在编辑区打开' })).toBeVisible()
    await expect(details.getByRole('button', { name: '清除保留消息 i18n/lab/env' })).toBeVisible()
    await expect(details.getByRole('searchbox', { name: '在消息内容中搜索' })).toBeVisible()
    await expect(details).toContainText('主题历史（1）')
    await details.getByRole('button', { name: '复制主题' }).click()
    await expect(details.getByRole('status', { name: '详情提示' })).not.toBeEmpty()
    await expect(details.getByRole('status', { name: '详情提示' })).not.toContainText('Copied')

    const retained = page.getByRole('region', { name: '保留消息' })
    await retained.getByRole('textbox', { name: '保留消息过滤器' }).fill('i18n/#')
    await retained.getByRole('button', { name: '扫描保留消息' }).click()
    await expect(retained.getByRole('status', { name: '保留消息结果' })).toHaveText(
      /^在 i18n\/# 下找到 1 条保留消息（\d+ B）。$/,
    )
    await expect(retained).toContainText('i18n/# 下的 1 条保留消息将被清除')
    await expect(retained.getByRole('button', { name: '清除全部 1 条保留消息' })).toBeVisible()
    await details.screenshot({ path: '/tmp/shots/i18n2-zh-details.png' })
    await retained.screenshot({ path: '/tmp/shots/i18n2-zh-retained.png' })
    await page.screenshot({ path: '/tmp/shots/i18n2-zh-page.png' })

    // The log: its heading, a row's retained badge, its tools.
    const log = page.getByRole('log', { name: '消息' })
    await expect(heading(page, '消息')).toBeVisible()
    await expect(log).toContainText('保留')
    await expect(page.getByRole('button', { name: '暂停', exact: true })).toBeVisible()
    await expect(page.getByRole('textbox', { name: '按主题筛选日志' })).toBeVisible()
    await expect(page.getByRole('button', { name: '录制', exact: true })).toBeVisible()
    await expect(page.getByText(/^共 1 条中的最近 1 条$/)).toBeVisible()

    // The workspace: the toolbar and the shortcut list.
    await expect(page.getByRole('button', { name: '显示侧边栏' })).toBeVisible()
    await page.getByRole('button', { name: '键盘快捷键', exact: true }).click()
    const shortcuts = page.getByRole('dialog', { name: '键盘快捷键' })
    await expect(shortcuts).toContainText('显示此快捷键列表')
    await expect(shortcuts).toContainText('打开命令面板（输入时也可用）')
    await shortcuts.screenshot({ path: '/tmp/shots/i18n2-zh-shortcuts.png' })
    await page.keyboard.press('Escape')
    await expect(shortcuts).toHaveCount(0)

    // The palette lists Chinese commands and still finds them by their English words.
    await page.getByRole('button', { name: '命令', exact: true }).click()
    const palette = page.getByRole('dialog', { name: '命令面板' })
    await palette.getByRole('combobox', { name: '命令' }).fill('chart')
    // cmdk ranks fuzzy matches: the best one comes first.
    await expect(palette.getByRole('option').first()).toHaveText('添加图表')
    await page.keyboard.press('Escape')

    // A worker-made refusal: the scan needs a connection.
    await page.getByRole('button', { name: '断开连接' }).click()
    await retained.getByRole('button', { name: '扫描保留消息' }).click()
    await expect(retained.getByRole('status', { name: '保留消息结果' })).toHaveText(
      '未连接：请先连接，再扫描保留消息。',
    )
  })
})

test.describe('in a Chinese browser', () => {
  test.use({ locale: 'zh-CN' })

  /**
   * Given a browser whose language is zh-CN and no saved choice, the app opens in Chinese, and
   * the worker's English failure reason reaches the user in Chinese.
   */
  test('opens in Chinese, and a saved English choice wins over the browser', async ({ page }) => {
    const closed = await freePort()
    await openApp(page, { url: `ws://127.0.0.1:${closed}` })
    await expectChinesePanels(page)
    await expect(languageSelect(page)).toHaveValue('zh')
    await page.getByRole('button', { name: '连接', exact: true }).click()
    await expect(page.getByRole('status', { name: '连接状态' })).toContainText(
      `已断开：无法连接到 ws://127.0.0.1:${closed} 上的 MQTT WebSocket 端点`,
    )
    await page.screenshot({ path: '/tmp/shots/i18n-zh-failure.png' })

    await languageSelect(page).selectOption({ label: 'English' })
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(heading(page, 'Connection')).toBeVisible()
    await expect(heading(page, '连接')).toHaveCount(0)
  })
})
