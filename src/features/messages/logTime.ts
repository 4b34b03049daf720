import type { TFunction } from 'i18next'

/** "+0.250 s", "+2 min 3.004 s", "+1 h 5 min": time since an earlier row. */
export function formatDelta(ms: number, t: TFunction<'messages'>): string {
  const d = Math.max(0, ms)
  if (d < 60_000) return t('+{{s}} s', { s: (d / 1000).toFixed(3) })
  if (d < 3_600_000)
    return t('+{{min}} min {{s}} s', {
      min: Math.floor(d / 60_000),
      s: ((d % 60_000) / 1000).toFixed(3),
    })
  return t('+{{h}} h {{min}} min', {
    h: Math.floor(d / 3_600_000),
    min: Math.floor((d % 3_600_000) / 60_000),
  })
}
