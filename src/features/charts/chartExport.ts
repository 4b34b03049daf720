/** CSV and PNG export of a chart: the full series rings (not the downsampled points), and the SVG. */

/** One series' points for export. */
export interface ExportedSeries {
  label: string
  ts: Float64Array
  values: Float64Array
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** CSV with one row per sample: series, ISO time, epoch ms, value; rows in time order per series. */
export function chartCsv(series: readonly ExportedSeries[]): string {
  const lines = ['series,time,time_ms,value']
  for (const s of series) {
    const name = csvField(s.label)
    for (let i = 0; i < s.ts.length; i++) {
      const t = s.ts[i]!
      lines.push(`${name},${new Date(t).toISOString()},${t},${s.values[i]!}`)
    }
  }
  return lines.join('\n') + '\n'
}

/**
 * Renders an SVG element to a PNG blob at device pixel ratio 2 on `background`. The SVG is
 * serialised with its computed stroke colours inline, so the image looks like the screen.
 */
export async function svgToPng(svg: SVGSVGElement, background: string): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect()
  const clone = svg.cloneNode(true) as SVGSVGElement
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  clone.setAttribute('width', String(width))
  clone.setAttribute('height', String(height))
  const text = new XMLSerializer().serializeToString(clone)
  const image = new Image()
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'))
  })
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`
  await loaded
  const scale = 2
  const canvas = document.createElement('canvas')
  canvas.width = Math.ceil(width * scale)
  canvas.height = Math.ceil(height * scale)
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('This browser cannot draw to a canvas.')
  ctx.fillStyle = background
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.scale(scale, scale)
  ctx.drawImage(image, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'),
  )
}
