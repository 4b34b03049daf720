// CPU time per thread and memory of Chromium's processes, read from /proc with no DevTools client
// attached (Linux only). utime + stime of /proc/<pid>/task/<tid>/stat, in clock ticks, sampled at
// the start and the end of a step's window, give each thread's share of one core over it.
//
// Which process is which comes from its command line: the page's renderer is the `--type=renderer`
// process that is neither headless Chromium's own UI (`--top-chrome-webui`, which compiles its
// WebUI for ~10 s after start) nor the idle spare renderer (told apart by the CPU it has used:
// the page has loaded and connected by the time it is picked). On Linux a renderer's main thread
// (Blink's CrRendererMain) keeps the process's name, "chromium", as its comm: it is the thread
// whose tid is the pid. Workers are "DedicatedWorker…", the compositor "Compositor".
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'

const CLK_TCK = ((): number => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
    return n > 0 ? n : 100
  } catch {
    return 100
  }
})()

interface ProcInfo {
  pid: number
  cmdline: string
}

/** The processes of one Chromium launch (one process group). */
export interface ChromiumProcs {
  groupId: number | undefined
  renderer: number | undefined
  network: number | undefined
}

/** Ticks of one thread: comm name and utime + stime. */
interface ThreadTicks {
  comm: string
  ticks: number
}

export interface CpuSnapshot {
  /** Monotonic ms. */
  at: number
  renderer: { total: number; threads: Map<number, ThreadTicks> } | undefined
  network: number | undefined
  /** Every other process of the group (browser, GPU, zygotes, other renderers) by pid. */
  rest: Map<number, number>
  host: { busy: number; total: number } | undefined
}

/** Shares of one core (%) over a window. */
export interface CpuFigures {
  main: number
  worker: number
  compositor: number
  /** The renderer's other threads (IO, raster, service worker, exited threads) summed. */
  rendererOther: number
  network: number | null
  /** Browser process, GPU process, zygotes, other utilities and renderers, summed. */
  chromiumRest: number
  /** The whole machine, % of all its cores (other sessions' work included). */
  host: number | null
  /** Every renderer thread by name (threads with the same name summed), for the raw output. */
  threads: Record<string, number>
}

/** utime + stime from a /proc/…/stat line; the comm name may contain spaces and parentheses. */
function parseStat(text: string): { comm: string; ticks: number; pgrp: number } {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const fields = text.slice(close + 2).split(' ')
  // After the comm: state(0) ppid(1) pgrp(2) … utime(11) stime(12).
  return {
    comm: text.slice(open + 1, close),
    pgrp: Number(fields[2]),
    ticks: Number(fields[11]) + Number(fields[12]),
  }
}

async function readTicks(file: string): Promise<number | undefined> {
  try {
    return parseStat(await fs.readFile(file, 'utf8')).ticks
  } catch {
    return undefined // the process or thread ended
  }
}

async function groupProcesses(groupId: number): Promise<ProcInfo[]> {
  const found: ProcInfo[] = []
  for (const name of await fs.readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (parseStat(await fs.readFile(`/proc/${name}/stat`, 'utf8')).pgrp !== groupId) continue
      // Chromium rewrites its process title, so arguments may be separated by spaces, not NULs.
      const cmdline = (await fs.readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ')
      found.push({ pid: Number(name), cmdline })
    } catch {
      // ended while being read
    }
  }
  return found
}

/** Finds the page's renderer and the network service among the group's processes. */
export async function findChromiumProcs(groupId: number | undefined): Promise<ChromiumProcs> {
  if (groupId === undefined) return { groupId, renderer: undefined, network: undefined }
  const procs = await groupProcesses(groupId)
  const network = procs.find((p) =>
    p.cmdline.includes('--utility-sub-type=network.mojom.NetworkService'),
  )?.pid
  let renderer: number | undefined
  let most = -1
  for (const p of procs) {
    if (!p.cmdline.includes('--type=renderer')) continue
    if (p.cmdline.includes('--top-chrome-webui') || p.cmdline.includes('--extension-process')) {
      continue
    }
    const ticks = (await readTicks(`/proc/${p.pid}/stat`)) ?? -1
    if (ticks > most) {
      most = ticks
      renderer = p.pid
    }
  }
  return { groupId, renderer, network }
}

/** Ticks of every process of the group but the page's renderer and the network service. */
async function restTicks(procs: ChromiumProcs): Promise<Map<number, number>> {
  const ticks = new Map<number, number>()
  if (procs.groupId === undefined) return ticks
  for (const p of await groupProcesses(procs.groupId)) {
    if (p.pid === procs.renderer || p.pid === procs.network) continue
    const t = await readTicks(`/proc/${p.pid}/stat`)
    if (t !== undefined) ticks.set(p.pid, t)
  }
  return ticks
}

/** Ticks gained between two readings; a process that started in between counts from zero. */
function restDelta(a: Map<number, number>, b: Map<number, number>): number {
  let sum = 0
  for (const [pid, t] of b) sum += Math.max(0, t - (a.get(pid) ?? 0))
  return sum
}

async function hostTicks(): Promise<{ busy: number; total: number } | undefined> {
  try {
    const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0] ?? ''
    // cpu user nice system idle iowait irq softirq steal …
    const v = line.trim().split(/\s+/).slice(1).map(Number)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0)
    const idle = (v[3] ?? 0) + (v[4] ?? 0)
    return { busy: total - idle, total }
  } catch {
    return undefined
  }
}

export async function snapshot(procs: ChromiumProcs): Promise<CpuSnapshot> {
  const at = performance.now()
  let renderer: CpuSnapshot['renderer']
  if (procs.renderer !== undefined) {
    const pid = procs.renderer
    const total = await readTicks(`/proc/${pid}/stat`)
    if (total !== undefined) {
      const threads = new Map<number, ThreadTicks>()
      for (const tid of await fs.readdir(`/proc/${pid}/task`).catch(() => [])) {
        try {
          const { comm, ticks } = parseStat(
            await fs.readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8'),
          )
          threads.set(Number(tid), { comm, ticks })
        } catch {
          // the thread ended
        }
      }
      renderer = { total, threads }
    }
  }
  const network =
    procs.network === undefined ? undefined : await readTicks(`/proc/${procs.network}/stat`)
  return { at, renderer, network, rest: await restTicks(procs), host: await hostTicks() }
}

/** What happened between two snapshots, as % of one core. */
export function cpuBetween(
  a: CpuSnapshot,
  b: CpuSnapshot,
  rendererPid: number | undefined,
): CpuFigures | undefined {
  const seconds = (b.at - a.at) / 1000
  if (!a.renderer || !b.renderer || rendererPid === undefined || seconds <= 0) return undefined
  const pct = (ticks: number): number => (100 * ticks) / CLK_TCK / seconds
  let main = 0
  let worker = 0
  let compositor = 0
  const threads: Record<string, number> = {}
  for (const [tid, end] of b.renderer.threads) {
    // A thread started inside the window counts from zero.
    const delta = end.ticks - (a.renderer.threads.get(tid)?.ticks ?? 0)
    const name = tid === rendererPid ? 'CrRendererMain' : end.comm
    threads[name] = (threads[name] ?? 0) + pct(delta)
    if (tid === rendererPid) main += delta
    else if (end.comm.startsWith('DedicatedWorker')) worker += delta
    else if (end.comm === 'Compositor') compositor += delta
  }
  const total = b.renderer.total - a.renderer.total
  const hostBusy = a.host && b.host ? b.host.busy - a.host.busy : undefined
  const hostTotal = a.host && b.host ? b.host.total - a.host.total : undefined
  return {
    main: pct(main),
    worker: pct(worker),
    compositor: pct(compositor),
    rendererOther: pct(Math.max(0, total - main - worker - compositor)),
    network: a.network === undefined || b.network === undefined ? null : pct(b.network - a.network),
    chromiumRest: pct(restDelta(a.rest, b.rest)),
    host: hostBusy === undefined || !hostTotal ? null : (100 * Math.max(0, hostBusy)) / hostTotal,
    threads,
  }
}

/** Private resident memory (RssAnon: heaps, not mapped libraries or fonts) of a process, MB. */
export async function rssAnonMB(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8')
    const kB = Number(/^RssAnon:\s+(\d+)/m.exec(status)?.[1])
    return kB > 0 ? kB / 1024 : null
  } catch {
    return null
  }
}

/**
 * CPU of the whole Chromium group outside the page's renderer and the network service over
 * `ms`, % of one core: high while Chromium is still starting (its own WebUI compiles for
 * seconds), so a step waits for it to settle before its window.
 */
export async function chromiumRestPct(procs: ChromiumProcs, ms: number): Promise<number> {
  const a = await restTicks(procs)
  const t0 = performance.now()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const b = await restTicks(procs)
  return (100 * restDelta(a, b)) / CLK_TCK / ((performance.now() - t0) / 1000)
}
