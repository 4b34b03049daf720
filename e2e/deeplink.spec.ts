import { publishAll } from './fixtures/publisher'
import { connectionStatus, expect, openApp, test } from './fixtures/test'

/**
 * Given a link with `select=lab/room2/env` opened before that topic exists, when its siblings
 * and then the topic itself arrive, then that topic (not a sibling) is selected, its parents are
 * open in the tree and the details show its last payload.
 */
test('select= selects a topic as soon as it arrives and opens its parents', async ({
  page,
  mosquitto,
}) => {
  const target = 'lab/room2/env'
  await openApp(page, { url: mosquitto.wsUrl, sub: 'lab/#', connect: '1', select: target })
  await expect(connectionStatus(page)).toContainText('Connected')
  await expect(page.getByRole('listitem').filter({ hasText: 'lab/#' })).toContainText('active')

  // Siblings and a look-alike first: none of them is the linked topic.
  await publishAll(mosquitto.tcpUrl, [
    { topic: 'lab/room1/env', payload: '{"t":1}' },
    { topic: 'lab/room2/envelope', payload: 'no' },
  ])
  const tree = page.getByRole('tree', { name: 'Topics' })
  await expect(tree.getByRole('treeitem', { name: /^lab\b/ })).toBeVisible()
  await expect(tree.locator('[aria-selected="true"]')).toHaveCount(0)

  await publishAll(mosquitto.tcpUrl, [{ topic: target, payload: '{"t":21.5,"h":40}' }])
  const details = page.getByRole('region', { name: 'Topic details' })
  await expect(details).toContainText(target)
  await expect(details).toContainText('21.5')
  const room2 = tree.getByRole('treeitem', { name: /^room2\b/ })
  await expect(room2).toHaveAttribute('aria-expanded', 'true')
  const env = tree.getByRole('treeitem', { name: /^env\b/ })
  await expect(env).toHaveAttribute('aria-selected', 'true')
  await expect(tree.getByRole('treeitem', { name: /^lab\b/ })).toHaveAttribute(
    'aria-expanded',
    'true',
  )
})
