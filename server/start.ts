// `npm start`: the embedded broker, the building simulator and the built dashboard in one
// process, stopped together by Ctrl-C. See design.md §4.
import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { preview } from 'vite'
import type { Plugin, PreviewServer } from 'vite'
import { startBroker } from './broker.ts'
import type { BrokerListener, EmbeddedBroker } from './broker.ts'
import { startSimulator } from './simulator.ts'
import type { Simulator } from './simulator.ts'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const SHUTDOWN_TIMEOUT_MS = 1500

interface Config {
  host: string
  tcpPort: number
  wsPort: number
  dashboardPort: number
  simRate: number
}

type PortRole = BrokerListener | 'dashboard'

/** What each port is for and which variable moves it, for the one-line busy-port message. */
const PORT_ROLES: Record<PortRole, { what: string; env: string }> = {
  tcp: { what: 'embedded broker, MQTT over TCP', env: 'MQTT_SCOPE_BROKER_TCP_PORT' },
  ws: { what: 'embedded broker, MQTT over WebSocket', env: 'MQTT_SCOPE_BROKER_WS_PORT' },
  dashboard: { what: 'dashboard', env: 'MQTT_SCOPE_PORT' },
}

class ConfigError extends Error {}

function envValue(name: string): string | undefined {
  const raw = process.env[name]?.trim()
  return raw === undefined || raw === '' ? undefined : raw
}

function portFromEnv(name: string, fallback: number): number {
  const raw = envValue(name)
  if (raw === undefined) return fallback
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(port <= 65535)) {
    throw new ConfigError(
      `Invalid ${name}=${JSON.stringify(raw)}: expected a port number 0-65535 (0 picks a free port).`,
    )
  }
  return port
}

function readConfig(): Config {
  const host = envValue('MQTT_SCOPE_HOST') ?? '127.0.0.1'
  if (/[\s/]/.test(host)) {
    throw new ConfigError(
      `Invalid MQTT_SCOPE_HOST=${JSON.stringify(host)}: expected a host name or IP.`,
    )
  }
  const rawRate = envValue('MQTT_SCOPE_SIM_RATE')
  const simRate = rawRate === undefined ? 40 : Number(rawRate)
  if (!Number.isFinite(simRate) || simRate < 0 || simRate > 100_000) {
    throw new ConfigError(
      `Invalid MQTT_SCOPE_SIM_RATE=${JSON.stringify(rawRate)}: expected messages per second, 0-100000 (0 turns the simulator off).`,
    )
  }
  return {
    host,
    tcpPort: portFromEnv('MQTT_SCOPE_BROKER_TCP_PORT', 1883),
    wsPort: portFromEnv('MQTT_SCOPE_BROKER_WS_PORT', 9001),
    dashboardPort: portFromEnv('MQTT_SCOPE_PORT', 4173),
    simRate,
  }
}

/** Host as it goes into a URL: a wildcard bind is reached via loopback; IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::'
}

/** Serves /local-broker.json, the profile the dashboard offers for the embedded broker. */
function localBrokerPlugin(bindHost: string, wsPort: number): Plugin {
  return {
    name: 'mqtt-scope-local-broker',
    configurePreviewServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname
        if (path !== '/local-broker.json' || (req.method !== 'GET' && req.method !== 'HEAD')) {
          next()
          return
        }
        // On a wildcard bind the browser may come from another machine, where 127.0.0.1 would
        // be the wrong host: use the name it reached the dashboard by.
        let host = urlHost(bindHost)
        if (isWildcard(bindHost) && req.headers.host !== undefined) {
          try {
            host = new URL(`http://${req.headers.host}`).hostname
          } catch {
            // A malformed Host header keeps the loopback default.
          }
        }
        const body = JSON.stringify({
          name: 'Local broker (npm start)',
          url: `ws://${host}:${wsPort}`,
          protocolVersion: '3.1.1',
        })
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-cache',
          'content-length': Buffer.byteLength(body),
        })
        res.end(req.method === 'HEAD' ? undefined : body)
      })
    },
  }
}

/**
 * Start Vite's preview server on dist/. Vite registers its own SIGTERM and stdin-'end'
 * handlers that close only its server and call process.exit(), which would cut our orderly
 * shutdown (simulator, broker) short; they are removed again here.
 */
async function startDashboard(cfg: Config, wsPort: number): Promise<PreviewServer> {
  const sigtermBefore = new Set(process.listeners('SIGTERM'))
  const stdinEndBefore = new Set(process.stdin.listeners('end'))
  try {
    return await preview({
      root: repoRoot,
      configFile: false,
      base: '/',
      logLevel: 'warn',
      clearScreen: false,
      build: { outDir: 'dist' },
      preview: { host: cfg.host, port: cfg.dashboardPort, strictPort: true, open: false },
      plugins: [localBrokerPlugin(cfg.host, wsPort)],
    })
  } finally {
    for (const l of process.listeners('SIGTERM')) {
      if (!sigtermBefore.has(l)) process.off('SIGTERM', l)
    }
    for (const l of process.stdin.listeners('end')) {
      if (!stdinEndBefore.has(l)) process.stdin.off('end', l as () => void)
    }
  }
}

/** The port and role behind a busy-port error, or undefined for any other error. */
function busyPort(
  err: unknown,
  dashboardPort: number,
): { port: number; role: PortRole } | undefined {
  if (!(err instanceof Error)) return undefined
  const e = err as Error & { code?: unknown; port?: unknown; listener?: unknown }
  if (
    e.code === 'EADDRINUSE' &&
    typeof e.port === 'number' &&
    (e.listener === 'tcp' || e.listener === 'ws')
  ) {
    return { port: e.port, role: e.listener }
  }
  // Vite reports a taken strictPort only as an Error with this message, without a code.
  const m = /Port (\d+) is already in use/.exec(e.message)
  if (m !== null || e.code === 'EADDRINUSE') {
    return { port: m !== null ? Number(m[1]) : dashboardPort, role: 'dashboard' }
  }
  return undefined
}

function failureLine(err: unknown, cfg: Config): string {
  const busy = busyPort(err, cfg.dashboardPort)
  if (busy !== undefined) {
    const { what, env } = PORT_ROLES[busy.role]
    const suggestion = busy.port + 10000 <= 65535 ? busy.port + 10000 : 0
    return `Port ${busy.port} is in use (${what}). Set ${env} to a free port, e.g. ${env}=${suggestion} npm start`
  }
  const message = err instanceof Error ? err.message : String(err)
  return `mqtt-scope could not start: ${message}`
}

async function main(): Promise<void> {
  let cfg: Config
  try {
    cfg = readConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(err.message)
    process.exit(1)
  }

  if (!existsSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)))) {
    console.error(
      'The dashboard is not built (dist/index.html is missing). Run `npm run build` first, or use `npm start`, which builds it.',
    )
    process.exit(1)
  }

  let broker: EmbeddedBroker | undefined
  let dashboard: PreviewServer | undefined
  let simulator: Simulator | undefined
  // Close in reverse order of start: the simulator first, so it does not see the broker go.
  const stopAll = async () => {
    await simulator?.stop().catch(() => undefined)
    await Promise.allSettled([dashboard?.close(), broker?.close()])
  }

  try {
    broker = await startBroker({ host: cfg.host, tcpPort: cfg.tcpPort, wsPort: cfg.wsPort })
    dashboard = await startDashboard(cfg, broker.wsPort)
    if (cfg.simRate > 0) {
      simulator = await startSimulator({
        brokerUrl: `mqtt://${urlHost(cfg.host)}:${broker.tcpPort}`,
        rate: cfg.simRate,
      })
    }
  } catch (err) {
    console.error(failureLine(err, cfg))
    await stopAll()
    process.exit(1)
  }

  const host = urlHost(cfg.host)
  const dashboardPort = (dashboard.httpServer.address() as AddressInfo).port
  const tcpUrl = `mqtt://${host}:${broker.tcpPort}`
  const wsUrl = `ws://${host}:${broker.wsPort}`
  const dashboardUrl = `http://${host}:${dashboardPort}/`
  const deepLink = `${dashboardUrl}?url=${encodeURIComponent(wsUrl)}&v=3.1.1&sub=%23&connect=1`
  console.log(
    [
      '',
      'mqtt-scope is running',
      `  Broker, MQTT over TCP:        ${tcpUrl}`,
      `  Broker, MQTT over WebSocket:  ${wsUrl}  (MQTT 3.1.1)`,
      `  Simulator:                    ${cfg.simRate > 0 ? `${cfg.simRate} msgs/s on demo/building/#` : 'off (MQTT_SCOPE_SIM_RATE=0)'}`,
      `  Dashboard:                    ${dashboardUrl}`,
      `  Open connected to the broker: ${deepLink}`,
      '',
      'Press Ctrl-C to stop.',
      'mqtt-scope ready',
    ].join('\n'),
  )

  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now".
      process.exit(1)
    }
    stopping = true
    console.log(`\n${signal}: stopping mqtt-scope...`)
    // A hung client or a keep-alive browser socket must not keep the terminal waiting.
    setTimeout(() => {
      console.error('mqtt-scope: shutdown took too long, exiting anyway.')
      process.exit(0)
    }, SHUTDOWN_TIMEOUT_MS).unref()
    void stopAll().then(() => process.exit(0))
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

await main()
