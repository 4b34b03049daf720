import { useEffect, useRef, useState, type RefObject } from 'react'

/** The rows to render: [start, end) of the list. */
export interface RowWindow {
  start: number
  end: number
}

/** What the scroll element says about itself, kept from events (never read in a render). */
interface Viewport {
  top: number
  height: number
}

/** Rows rendered before the first height is known (a ResizeObserver reports it after layout). */
const FIRST_GUESS_ROWS = 40
/** After a wheel, key or touch that did not scroll, the snapping comes back after this, in ms. */
const RELEASE_MS = 300

/**
 * A virtual window over a list of fixed-height rows that follows the newest row without ever
 * scrolling from script. While following, the scroll element carries `data-follow`, which turns
 * on CSS scroll snapping to an end marker (`.log-end`): when rows are added, the browser keeps the
 * view at the end as part of its own layout, so no frame forces a synchronous layout, and the
 * rendered window is computed from the row count alone. The scroll position is read only in
 * scroll events (when layout is fresh) and the height from a ResizeObserver.
 *
 * Following stops when the user scrolls away from the end (a wheel, a key, a drag or a touch
 * first lifts the snapping, so it never fights them) and starts again at the end.
 */
export function useFollowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): {
  window: RowWindow
  /** Rows that fit on the screen (a guess until the first layout). */
  visible: number
  follow: boolean
  setFollow: (follow: boolean) => void
  onScroll: () => void
} {
  const [follow, setFollowState] = useState(true)
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 })
  const followRef = useRef(follow)

  const setFollow = (next: boolean) => {
    followRef.current = next
    setFollowState(next)
    const el = scrollRef.current
    // "Jump to latest" is a click: one scroll from script is fine there (not the frame path).
    if (next && el) el.scrollTop = el.scrollHeight
  }

  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const observer =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(([entry]) => {
            const height = Math.round(entry?.contentRect.height ?? 0)
            setViewport((v) => (v.height === height ? v : { ...v, height }))
            // Shown again (a narrow window's Log tab) or resized: a hidden scroller lost its
            // position and snapping only keeps a position it holds, so a following log goes to
            // its end once. Layout is fresh in a ResizeObserver callback: this forces nothing.
            if (followRef.current && height > 0) el.scrollTop = el.scrollHeight
          })
        : undefined
    observer?.observe(el)
    // The safety net under the snapping: when the list's height changes (rows added, or a hidden
    // tab shown again) while following, go to the end. Snapping re-snaps on its own in most
    // cases, but not always when the list grows by thousands of pixels at once (a narrow log fed
    // 3 000 msgs/s stayed where it was, blank, with the newest rows rendered below). A resize
    // callback runs after layout, so these reads and the write force no layout of their own.
    const grown =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => {
            if (followRef.current && el.hasAttribute('data-follow'))
              el.scrollTop = el.scrollHeight - el.clientHeight
          })
        : undefined
    for (const child of Array.from(el.children)) grown?.observe(child)
    // A person scrolling: lift the snapping first, so the browser does not pull them back. It
    // comes back when their scroll ends at the end (scrollend), or at once if nothing scrolled
    // (a wheel turned down while already at the end).
    let scrolled = false
    let restore: ReturnType<typeof setTimeout> | undefined
    const snapAgain = () => {
      if (followRef.current) el.setAttribute('data-follow', '')
    }
    const release = () => {
      el.removeAttribute('data-follow')
      scrolled = false
      clearTimeout(restore)
      restore = setTimeout(() => {
        if (!scrolled) snapAgain()
      }, RELEASE_MS)
    }
    const keys = (e: KeyboardEvent) => {
      if (/^(ArrowUp|PageUp|Home)$/.test(e.key)) release()
    }
    const onAnyScroll = () => {
      scrolled = true
    }
    el.addEventListener('wheel', release, { passive: true })
    el.addEventListener('touchstart', release, { passive: true })
    el.addEventListener('pointerdown', release)
    el.addEventListener('keydown', keys)
    el.addEventListener('scroll', onAnyScroll, { passive: true })
    el.addEventListener('scrollend', snapAgain)
    return () => {
      observer?.disconnect()
      grown?.disconnect()
      clearTimeout(restore)
      el.removeEventListener('wheel', release)
      el.removeEventListener('touchstart', release)
      el.removeEventListener('pointerdown', release)
      el.removeEventListener('keydown', keys)
      el.removeEventListener('scroll', onAnyScroll)
      el.removeEventListener('scrollend', snapAgain)
    }
  }, [scrollRef])

  const visible =
    viewport.height > 0 ? Math.ceil(viewport.height / rowHeight) + 1 : FIRST_GUESS_ROWS
  // Following, the window is the last rows (a paused log's count does not grow, so it holds).
  const window: RowWindow = follow
    ? { start: Math.max(0, count - visible - overscan), end: count }
    : {
        start: Math.min(count, Math.max(0, Math.floor(viewport.top / rowHeight) - overscan)),
        end: Math.min(count, Math.floor(viewport.top / rowHeight) + visible + overscan),
      }

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    // In a scroll event layout is fresh: these reads force nothing.
    const top = el.scrollTop
    const atEnd = top + el.clientHeight >= el.scrollHeight - rowHeight * 1.5
    if (atEnd !== followRef.current) {
      followRef.current = atEnd
      setFollowState(atEnd)
    }
    // Following, the window comes from the count (the browser's own snapping scrolls, and that
    // scroll must not cost a second render); otherwise re-render only when the first row on
    // screen changed, not for every pixel scrolled.
    if (!atEnd)
      setViewport((v) =>
        Math.floor(v.top / rowHeight) === Math.floor(top / rowHeight) ? v : { ...v, top },
      )
  }

  return { window, visible, follow, setFollow, onScroll }
}
