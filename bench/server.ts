// The bench's small HTTP server on 127.0.0.1: it hands out the app's build, the baseline page and
// MQTT.js's browser bundle, takes the pages' reports on `POST /report/<run>`, and answers a report
// with a command when the bench has one queued for that run (the typing step: the page has no
// DevTools client, so this is how it is told to type). `GET /seed/<run>` answers the page a step
// registered for that run (seed.ts: saved state written before the app starts).
import { createReadStream, existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { BASELINE_DIR, MQTT_BUNDLE } from './config.ts'
import { addCleanup } from './processes.ts'

export interface Report {
  page: string
  t: number
  received: number
  dropped: number
  status: string
  frameIntervals: number[]
  longTasks: number[]
  heap: number | null
  /** Keys typed by the page's probe so far (the app only). */
  typed?: number
}

/** A command for the page; the probes (src/app/benchProbe.ts, baseline.js) validate it again. */
export type PageCommand =
  | { type: 'typeFilter'; text: string; intervalMs: number }
  /** Stop the probe's requestAnimationFrame loop for `ms` (the idle window). */
  | { type: 'pauseFrames'; ms: number }

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
}

function isReport(value: unknown): value is Report {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  const numbers = (v: unknown): boolean => Array.isArray(v) && v.every((n) => typeof n === 'number')
  return (
    typeof r.page === 'string' &&
    typeof r.t === 'number' &&
    typeof r.received === 'number' &&
    typeof r.dropped === 'number' &&
    typeof r.status === 'string' &&
    numbers(r.frameIntervals) &&
    numbers(r.longTasks) &&
    (r.heap === null || typeof r.heap === 'number') &&
    (r.typed === undefined || typeof r.typed === 'number')
  )
}

export interface BenchServer {
  port: number
  /** Starts collecting the reports of run `runId` (a run's id is in its report URL). */
  collect(runId: string): Report[]
  forget(runId: string): void
  /** Queues a command; `onDelivered` runs when it goes out with the answer to a report. */
  command(runId: string, cmd: PageCommand, onDelivered: () => void): void
  /** Serves `html` at `/seed/<runId>` until the run is forgotten; returns its path. */
  seed(runId: string, html: string): string
}

export async function startServer(dist: string): Promise<BenchServer> {
  // Reports per run id, so a dying browser cannot pollute the next run.
  const reports = new Map<string, Report[]>()
  const commands = new Map<string, { cmd: PageCommand; onDelivered: () => void }>()
  const seeds = new Map<string, string>()

  const resolveStatic = (urlPath: string): string | undefined => {
    const clean = decodeURIComponent(urlPath)
    if (clean === '/baseline/mqtt.esm.js') return MQTT_BUNDLE
    const [base, rel] = clean.startsWith('/baseline/')
      ? [BASELINE_DIR, clean.slice('/baseline/'.length)]
      : [dist, clean.slice(1) || 'index.html']
    const file = path.resolve(base, rel)
    // No path traversal out of the served folders.
    if (file !== base && !file.startsWith(base + path.sep)) return undefined
    return file
  }

  const onReport = (runId: string, req: http.IncomingMessage, res: http.ServerResponse): void => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > 1_000_000) req.destroy() // bounded: a report is a few KB
    })
    req.on('end', () => {
      try {
        const parsed: unknown = JSON.parse(body)
        if (isReport(parsed)) reports.get(runId)?.push(parsed)
      } catch {
        // not a report; ignore
      }
      const pending = commands.get(runId)
      if (pending) {
        commands.delete(runId)
        pending.onDelivered()
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'access-control-allow-origin': '*',
          })
          .end(JSON.stringify(pending.cmd))
        return
      }
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end()
    })
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'POST' && url.pathname.startsWith('/report/')) {
      onReport(url.pathname.slice('/report/'.length), req, res)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const seed = url.pathname.startsWith('/seed/')
      ? seeds.get(url.pathname.slice('/seed/'.length))
      : undefined
    if (seed !== undefined) {
      res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store' }).end(seed)
      return
    }
    const file = resolveStatic(url.pathname)
    if (!file || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    fs.stat(file).then(
      (stat) => {
        if (!stat.isFile()) {
          res.writeHead(404).end('not found')
          return
        }
        res.writeHead(200, {
          'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
          'content-length': stat.size,
          'cache-control': 'no-store',
        })
        if (req.method === 'HEAD') res.end()
        else createReadStream(file).pipe(res)
      },
      () => res.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  addCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('http server address')
  return {
    port: address.port,
    collect: (runId) => {
      const list: Report[] = []
      reports.set(runId, list)
      return list
    },
    forget: (runId) => {
      reports.delete(runId)
      commands.delete(runId)
      seeds.delete(runId)
    },
    command: (runId, cmd, onDelivered) => commands.set(runId, { cmd, onDelivered }),
    seed: (runId, html) => {
      seeds.set(runId, html)
      return `/seed/${encodeURIComponent(runId)}`
    },
  }
}
