import { coded, type Coded } from '../lib/coded'
import { withoutCredentials } from './link'
import { STATUSES } from './scorecard'
import {
  CHECK_IDS,
  type BrokerCheckReport,
  type CheckId,
  type CheckResult,
  type CheckStatus,
} from './types'

export const EXPORT_FORMAT = 'mqtt-scope.broker-check'
/** Bump when a field changes meaning; readers refuse newer versions with a code saying so. */
export const EXPORT_VERSION = 1

export interface BrokerCheckExport {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  /** Epoch ms. */
  exportedAt: number
  reports: BrokerCheckReport[]
}

/** The reports as versioned JSON (targets carry no password: the runner never puts one in). */
export function exportJson(reports: readonly BrokerCheckReport[], exportedAt = Date.now()): string {
  const doc: BrokerCheckExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt,
    reports: reports.map((r) => ({
      ...r,
      target: { ...r.target, url: withoutCredentials(r.target.url) },
    })),
  }
  return `${JSON.stringify(doc, null, 2)}\n`
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCoded = (v: unknown): v is Coded =>
  isObj(v) &&
  typeof v.code === 'string' &&
  (v.values === undefined ||
    (isObj(v.values) &&
      Object.values(v.values).every((x) => typeof x === 'string' || typeof x === 'number')))

function result(v: unknown): CheckResult | undefined {
  if (!isObj(v)) return undefined
  if (!(CHECK_IDS as readonly unknown[]).includes(v.id)) return undefined
  if (!(STATUSES as readonly unknown[]).includes(v.status) || !isCoded(v.meaning)) return undefined
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? (x as unknown[]) : [])
  return {
    id: v.id as CheckId,
    status: v.status as CheckStatus,
    meaning: coded(v.meaning.code, v.meaning.values),
    figure: list(v.figure).filter(
      (q): q is CheckResult['figure'][number] =>
        isObj(q) &&
        typeof q.key === 'string' &&
        typeof q.value === 'number' &&
        typeof q.unit === 'string',
    ),
    notes: list(v.notes).filter(isCoded),
    evidence: list(v.evidence).filter(
      (e): e is CheckResult['evidence'][number] =>
        isObj(e) &&
        typeof e.at === 'number' &&
        typeof e.text === 'string' &&
        ['out', 'in', 'event'].includes(String(e.dir)),
    ),
    evidenceDropped: typeof v.evidenceDropped === 'number' ? v.evidenceDropped : 0,
    durationMs: typeof v.durationMs === 'number' ? v.durationMs : 0,
  }
}

/** One report read back (an export's or a saved one), or undefined when it cannot be used. */
export function readReport(v: unknown): BrokerCheckReport | undefined {
  if (!isObj(v) || !isObj(v.target) || typeof v.target.url !== 'string') return undefined
  if (!Array.isArray(v.results) || !isObj(v.profile) || !isObj(v.cleanup)) return undefined
  const t = v.target
  const protocol = t.protocol === '5' || t.protocol === '3.1.1' ? t.protocol : 'auto'
  return {
    ...(v as unknown as BrokerCheckReport),
    target: {
      url: withoutCredentials(t.url as string),
      protocol,
      ...(typeof t.label === 'string' ? { label: t.label } : {}),
      ...(typeof t.isPublic === 'boolean' ? { isPublic: t.isPublic } : {}),
    },
    results: v.results.map(result).filter((r): r is CheckResult => r !== undefined),
  }
}

/** Reads an export back; what it cannot use comes back as a code for the view to word. */
export function parseExport(
  text: string,
): { ok: true; reports: BrokerCheckReport[] } | { ok: false; error: Coded } {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return { ok: false, error: coded('import.notJson') }
  }
  if (!isObj(doc) || doc.format !== EXPORT_FORMAT)
    return { ok: false, error: coded('import.wrongFormat') }
  if (typeof doc.version !== 'number' || doc.version > EXPORT_VERSION)
    return { ok: false, error: coded('import.newerVersion', { version: String(doc.version) }) }
  if (!Array.isArray(doc.reports)) return { ok: false, error: coded('import.malformed') }
  const reports = doc.reports.map(readReport)
  if (reports.some((r) => r === undefined)) return { ok: false, error: coded('import.malformed') }
  return { ok: true, reports: reports as BrokerCheckReport[] }
}
