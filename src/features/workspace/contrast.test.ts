import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SERIES_COLORS } from '../../store/chartsStore'

// Read as text: the test checks the stylesheet the app ships, not a copy of its colours.
const css = readFileSync(join(import.meta.dirname, '../../app/app.css'), 'utf8')

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The custom properties of the first rule whose selector is exactly `selector`. */
function varsOf(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`app.css has no rule ${selector}`)
  const body = css.slice(start, css.indexOf('}', start))
  return Object.fromEntries(
    Array.from(body.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g), (m) => [m[1]!, m[2]!]),
  )
}

const themes = {
  light: varsOf(':root'),
  dark: varsOf(":root[data-theme='dark']"),
}

describe.each(Object.entries(themes))('the %s theme', (_name, v) => {
  const backgrounds = ['bg', 'panel', 'selected', 'fresh'] as const

  it.each(['text', 'muted', 'accent', 'error', 'ok', 'warn'])(
    '--%s text reaches 4.5:1 (WCAG AA) on every background',
    (fg) => {
      for (const bg of backgrounds)
        expect(contrast(v[fg]!, v[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5)
    },
  )

  it.each(['syntax-string', 'syntax-number', 'syntax-literal'])(
    'JSON value colour --%s reaches 4.5:1 on the panel',
    (fg) => {
      expect(contrast(v[fg]!, v.panel!)).toBeGreaterThanOrEqual(4.5)
    },
  )

  it('primary buttons: --accent-text on --accent reaches 4.5:1', () => {
    expect(contrast(v['accent-text']!, v.accent!)).toBeGreaterThanOrEqual(4.5)
  })

  it('every chart series colour reaches 3:1 against the plot background', () => {
    for (const c of SERIES_COLORS) expect(contrast(c, v.panel!), c).toBeGreaterThanOrEqual(3)
  })
})

it('the operating system dark theme uses the same colours as the chosen one', () => {
  const start = css.indexOf('@media (prefers-color-scheme: dark)')
  const osDark = Object.fromEntries(
    Array.from(
      css.slice(start, css.indexOf('}', start)).matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g),
      (m) => [m[1]!, m[2]!],
    ),
  )
  expect(osDark).toEqual(themes.dark)
  expect(Object.keys(themes.dark).length).toBeGreaterThan(10)
})
