#!/usr/bin/env node
// Installs what `npm start`, `npm test` and `npm run bench` need and is missing, so that both
// README commands work on a fresh clone. Node built-ins only: it runs before node_modules exists.
//   node scripts/ensure-deps.mjs          npm packages
//   node scripts/ensure-deps.mjs --test   also Debian's chromium, mosquitto, mosquitto-clients,
//                                          openssl, a CJK font and rabbitmq-server (apt, as root)
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const wantSystem = process.argv.includes('--test')

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts })
  return res.status === 0
}

function fail(message) {
  console.error(`\nmqtt-scope: ${message}\n`)
  process.exit(1)
}

// 1. npm packages: install when node_modules is missing or older than the lock file.
const lock = join(root, 'package-lock.json')
const installed = join(root, 'node_modules', '.package-lock.json')
const stale = !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000
if (stale) {
  console.log('mqtt-scope: installing npm packages (npm ci)…')
  if (!run('npm', ['ci', '--no-audit', '--no-fund']))
    fail('npm ci failed. Check that the npm registry is reachable, then run the command again.')
}

// 2. System programs the tests and the bench use: a real browser and a real broker.
if (wantSystem) {
  const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
  const mosquitto = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto'
  const missing = []
  if (!existsSync(chromium)) missing.push('chromium')
  if (!existsSync(mosquitto)) missing.push('mosquitto')
  // The publish e2e tests check what arrives with an external mosquitto_sub.
  const mosquittoSub = process.env.MOSQUITTO_SUB_BIN ?? '/usr/bin/mosquitto_sub'
  if (!existsSync(mosquittoSub)) missing.push('mosquitto-clients')
  // The TLS e2e tests make a self-signed certificate with openssl.
  if (!existsSync(process.env.OPENSSL_BIN ?? '/usr/bin/openssl')) missing.push('openssl')
  // A CJK font: without one the Chinese UI renders as boxes in screenshots (the e2e tests read
  // text, not glyphs, but people look at the screenshots).
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'))
    missing.push('fonts-wqy-microhei')
  // The broker check's tests run RabbitMQ's web_mqtt (MQTT 3.1.1 at /ws) as a third broker.
  const rabbitmq = process.env.RABBITMQ_SERVER_BIN ?? '/usr/lib/rabbitmq/bin/rabbitmq-server'
  const needRabbit = !existsSync(rabbitmq)
  if (missing.length > 0 || needRabbit) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
    const hasApt = existsSync('/usr/bin/apt-get')
    const all = needRabbit ? [...missing, 'rabbitmq-server'] : missing
    if (!isRoot || !hasApt) {
      fail(
        `the tests need ${all.join(' and ')} (${chromium}, ${mosquitto}, ${rabbitmq}). ` +
          (hasApt
            ? `Install them with: sudo apt-get install -y ${missing.join(' ')}` +
              (needRabbit
                ? ' && sudo apt-get install -y --no-install-recommends rabbitmq-server'
                : '')
            : 'Install them with your system package manager, or set CHROMIUM_BIN / MOSQUITTO_BIN / RABBITMQ_SERVER_BIN to their paths.'),
      )
    }
    console.log(`mqtt-scope: installing ${all.join(' and ')} with apt…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    if (!run('apt-get', ['update', '-qq'], { env }))
      fail('apt-get update failed. Check that the Debian mirrors are reachable.')
    // With the recommended packages, as tested here: chromium's recommends bring its fonts.
    if (missing.length > 0 && !run('apt-get', ['install', '-y', '-qq', ...missing], { env }))
      fail(`apt-get install ${missing.join(' ')} failed; see the output above.`)
    // RabbitMQ without its recommends, as tested here; the tests start their own on free ports.
    if (
      needRabbit &&
      !run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'rabbitmq-server'], {
        env,
      })
    )
      fail('apt-get install rabbitmq-server failed; see the output above.')
    if (needRabbit) spawnSync('service', ['rabbitmq-server', 'stop'], { stdio: 'ignore' })
    // Debian's package may start a system mosquitto on port 1883; the tests start their own on
    // free ports, and `npm start` wants 1883 for its embedded broker.
    if (missing.includes('mosquitto'))
      spawnSync('service', ['mosquitto', 'stop'], { stdio: 'ignore' })
  }
}
