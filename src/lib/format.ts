/** Number and time formatting shared by the panels. Counters use en-US digits with commas. */

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
const rateFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return countFormat.format(n)
}

/** Messages per second: whole numbers above 10, one decimal below. */
export function formatRate(n: number): string {
  return n >= 10 ? countFormat.format(n) : rateFormat.format(n)
}

/** 1536 → "1.5 KB" (binary units, as payload sizes are usually thought of). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`
  return `${(n / (1024 * 1024)).toFixed(1)} MB`
}

/** Wall-clock time with milliseconds, e.g. "14:03:07.125". */
export function formatClock(ts: number): string {
  const d = new Date(ts)
  const pad = (v: number, w = 2) => String(v).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/**
 * An age in the steps a row shows it: "now" (under a second), "under a minute", whole minutes,
 * whole hours. No step of seconds: an age that counts seconds changes the page every second
 * while nothing arrives (#12: an idle page lays out nothing); the exact time is in the row's
 * tooltip and the details.
 */
export function ageParts(ms: number): { n: number; unit: 'now' | 'underMin' | 'min' | 'h' } {
  if (ms < 1000) return { n: 0, unit: 'now' }
  if (ms < 60_000) return { n: 0, unit: 'underMin' }
  if (ms < 3_600_000) return { n: Math.floor(ms / 60_000), unit: 'min' }
  return { n: Math.floor(ms / 3_600_000), unit: 'h' }
}
