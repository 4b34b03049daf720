import { useLayoutEffect, useRef } from 'react'

/**
 * Text that changes many times a second outside the panels' scrolled lists (the header's
 * counters, the tabs' counts, chart legends, the details' figures) must not lay out the page each
 * time. In Chromium a box is a layout root of its own only with size and layout containment, only
 * if it is not a flex or grid item, and (measured in Chromium 156) only if no `<select>` is
 * rendered anywhere inside it: every panel has selects in its head, so a changed digit anywhere in
 * a panel made the browser lay out the whole page (~1 300 objects, 3–5 ms, 10 times a second)
 * (#12). So each such text sits in an inline block with `contain: strict` (class `live-text`,
 * app.css) as wide as the longest text it has held, in `ch`: the figures use tabular digits, so
 * the page lays out again only when a text grows longer than any before it.
 */
export function writeLiveText(el: HTMLElement, text: string): void {
  const last = written.get(el)
  if (last?.text === text) return
  const longest = last?.longest ?? 0
  if (text.length > longest) el.style.width = `${text.length}ch`
  written.set(el, { text, longest: Math.max(longest, text.length) })
  writeText(el, text)
}

/** What each live text last held and the longest it held, kept off the DOM (no reads per write). */
const written = new WeakMap<Element, { text: string; longest: number }>()

/**
 * Sets an element's text by changing its one text node in place: `textContent =` replaces the
 * node, so the browser throws away its layout object and builds a new one (style, layout tree,
 * shaping) for every figure written four times a second.
 */
export function writeText(el: Element, text: string): void {
  const node = el.firstChild
  if (node !== null && node === el.lastChild && node.nodeType === Node.TEXT_NODE) {
    if ((node as Text).data !== text) (node as Text).data = text
  } else if (el.textContent !== text) el.textContent = text
}

/** A `live-text` span rendered by React; its text is written by `writeLiveText`. */
export function LiveText({ text }: { text: string }) {
  const ref = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    if (ref.current) writeLiveText(ref.current, text)
  }, [text])
  return <span ref={ref} className="live-text" />
}

/** Stands in for the `i`th live value in a translated sentence (a private-use character). */
export function liveSlot(i: number): string {
  return String.fromCharCode(0xe000 + i)
}

/**
 * A translated sentence whose numbers change many times a second ("last 1,234 of 5,678"): the
 * words stay plain text (they change only with the language), each number is a `LiveText`. Made
 * with `t(key, { n: liveSlot(0), … })`, so each language keeps its own word order.
 */
export function LiveSentence({ text, values }: { text: string; values: readonly string[] }) {
  const parts = text.split(/([\ue000-\ue0ff])/u)
  return (
    <>
      {parts.map((part, i) => {
        const slot = part.length === 1 ? part.charCodeAt(0) - 0xe000 : -1
        const value = slot >= 0 ? values[slot] : undefined
        return value === undefined ? part : <LiveText key={i} text={value} />
      })}
    </>
  )
}
