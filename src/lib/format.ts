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

/** An age in whole seconds, minutes or hours (the steps of formatAge), for a translated view. */
export function ageParts(ms: number): { n: number; unit: 'now' | 's' | 'min' | 'h' } {
  if (ms < 1000) return { n: 0, unit: 'now' }
  if (ms < 60_000) return { n: Math.floor(ms / 1000), unit: 's' }
  if (ms < 3_600_000) return { n: Math.floor(ms / 60_000), unit: 'min' }
  return { n: Math.floor(ms / 3_600_000), unit: 'h' }
}

/** "3 s ago", "2 min ago", "1 h ago". */
export function formatAge(ms: number): string {
  const { n, unit } = ageParts(ms)
  return unit === 'now' ? 'now' : `${n} ${unit} ago`
}
