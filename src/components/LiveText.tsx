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
  if (el.textContent === text) return
  const longest = Number(el.dataset.ch ?? 0)
  if (text.length > longest) {
    el.dataset.ch = String(text.length)
    el.style.width = `${text.length}ch`
  }
  el.textContent = text
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
