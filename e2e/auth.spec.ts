import type { Page } from '@playwright/test'
import { startMosquitto } from './fixtures/mosquitto'
import { publishAll } from './fixtures/publisher'
import { startTakeoverBroker } from './fixtures/takeoverBroker'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

const PASSWORDS = { alice: 'correct horse', device: 'd3v1ce' }

/** The connection form's password field ("Remember password" and the like must not match). */
/** Ends the session of each page that is still connected or reconnecting (takeover tests). */
async function disconnectAll(pages: Page[]): Promise<void> {
  for (const page of pages) {
    const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true })
    if (await disconnect.isVisible()) await disconnect.click()
    await expect(connectionStatus(page)).toContainText('Disconnected')
  }
}

const passwordField = (page: Page) => page.getByLabel('Password', { exact: true })

/** Connects from the form with a user name and password (a password never goes into a URL). */
async function connectAs(page: Page, url: string, v: string, username: string, password: string) {
  await openApp(page, { url, v, username })
  await passwordField(page).fill(password)
  await page.getByRole('button', { name: 'Connect', exact: true }).click()
}

for (const [v, version] of [
  ['5', 'MQTT 5'],
  ['3.1.1', 'MQTT 3.1.1'],
] as const) {
  /**
   * Given mosquitto with a password file, when the user connects with a wrong password, then the
   * status shows mosquitto's CONNACK refusal (it sends "Not authorized", MQTT 5 code 135 and
   * 3.1.1 code 5, never "Bad username or password") and tells the user to check the credentials;
   * when the user then types the right password, it connects.
   */
  test(`refuses a wrong password with ${version} and connects with the right one`, async ({
    page,
  }) => {
    const broker = await startMosquitto({ passwords: PASSWORDS })
    try {
      await connectAs(page, broker.wsUrl, v, 'alice', 'wrong horse')
      const status = connectionStatus(page)
      await expect(status).toContainText('Disconnected')
      await expect(status).toContainText('Not authorized')
      await expect(status).toContainText('Check the username and password')
      // A refusal is final: no retry loop, the form is usable again.
      await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled()

      await passwordField(page).fill(PASSWORDS.alice)
      await page.getByRole('button', { name: 'Connect', exact: true }).click()
      await expect(status).toContainText(`Connected (${version})`)
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click()
      await expect(status).toHaveText('Disconnected')
    } finally {
      await broker.stop()
    }
  })
}

/**
 * Given mosquitto without anonymous access, when the user connects without any user name, then
 * the status shows the same "Not authorized" refusal and names the credentials to check.
 */
test('refuses a connection without credentials when anonymous access is off', async ({ page }) => {
  const broker = await startMosquitto({ passwords: PASSWORDS })
  try {
    await openApp(page, { url: broker.wsUrl, v: '5', connect: '1' })
    await expect(connectionStatus(page)).toContainText('Disconnected')
    await expect(connectionStatus(page)).toContainText('Not authorized')
    await expect(connectionStatus(page)).toContainText('username and password')
  } finally {
    await broker.stop()
  }
})

/**
 * Given an ACL that lets alice read public/# only, when she subscribes to secret/# and public/#
 * and a device publishes to both, then both subscriptions show "active" (mosquitto grants a
 * forbidden subscription in SUBACK) and only the public message arrives. This is all the user
 * sees of the ACL: no refusal, no error, just silence on secret/#.
 */
test('an ACL-forbidden subscription is granted but stays silent', async ({ page }) => {
  const broker = await startMosquitto({
    passwords: PASSWORDS,
    acl: ['user alice', 'topic read public/#', '', 'user device', 'topic write #'].join('\n'),
  })
  try {
    await openApp(page, {
      url: broker.wsUrl,
      v: '5',
      username: 'alice',
      sub: ['secret/#', 'public/#'],
    })
    await passwordField(page).fill(PASSWORDS.alice)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(connectionStatus(page)).toContainText('Connected (MQTT 5)')
    const subs = page.getByRole('list', { name: 'Subscriptions' })
    for (const filter of ['secret/#', 'public/#'])
      await expect(subs.getByRole('listitem').filter({ hasText: filter })).toContainText('active')

    // One publisher, QoS 1, secret first: had mosquitto delivered it, it would be in before the
    // public message, so "1 received" once the public one is there means it was withheld.
    await publishAll(`mqtt://device:${PASSWORDS.device}@127.0.0.1:${broker.tcpPort}`, [
      { topic: 'secret/door', payload: 'open' },
      { topic: 'public/temperature', payload: '21.5' },
    ])
    const tree = page.getByRole('tree', { name: 'Topics' })
    await expect(tree.getByRole('treeitem', { name: /^public\b/ })).toBeVisible()
    await expect(page.getByRole('status', { name: 'Messages received' })).toHaveText('1')
    await expect(tree.getByRole('treeitem', { name: /^secret\b/ })).toHaveCount(0)
    await expect(subs.getByRole('listitem').filter({ hasText: 'secret/#' })).not.toContainText(
      'Refused',
    )
  } finally {
    await broker.stop()
  }
})

/**
 * Given two pages with the same client id on a broker that follows MQTT 5 (it sends DISCONNECT
 * 142 to the old connection), when the second page connects, then the first page's status says
 * "Session taken over" and to give each client its own id, and it does not reconnect (which
 * would push the second page off in turn).
 */
test('explains a session taken over by a second client with the same client id', async ({
  context,
}) => {
  const broker = await startTakeoverBroker()
  const [first, second] = [await context.newPage(), await context.newPage()]
  try {
    const link = { url: broker.wsUrl, v: '5', clientId: 'e2e-same-id', connect: '1' }
    await openApp(first, link)
    await expect(connectionStatus(first)).toContainText('Connected (MQTT 5)')
    await openApp(second, link)
    await expect(connectionStatus(first)).toContainText('Session taken over')
    await expect(connectionStatus(first)).toContainText('same client id')
    await expect(connectionStatus(first)).toContainText('Disconnected')
    await expect(connectionStatus(second)).toContainText('Connected (MQTT 5)')
    expect(broker.takeovers()).toBe(1)
  } finally {
    await disconnectAll([first, second])
    await broker.close()
  }
})

/**
 * Given Debian's mosquitto 2.0.11 and two pages with the same MQTT 5 client id, when the second
 * connects, then mosquitto closes the first one's socket without a DISCONNECT 142 (that came in
 * 2.0.15). The pages push each other off; after two closes right after connecting, with no
 * reason given, the status says another client probably uses the same client id.
 */
test('explains a takeover by mosquitto 2.0.11 from the repeated quick closes', async ({
  context,
}) => {
  const broker = await startMosquitto()
  const [first, second] = [await context.newPage(), await context.newPage()]
  try {
    const link = { url: broker.wsUrl, v: '5', clientId: 'e2e-same-id', connect: '1' }
    await openApp(first, link)
    await expect(connectionStatus(first)).toContainText('Connected (MQTT 5)')
    await openApp(second, link)
    await expect(connectionStatus(first)).toContainText('Reconnecting')
    await expect(connectionStatus(first)).toContainText('same client id', { timeout: 25_000 })
  } finally {
    await disconnectAll([first, second])
    await broker.stop()
  }
})
