/**
 * Runs `fn` at the next animation frame, i.e. once the browser is about to paint what was just
 * rendered. A hidden tab runs no animation frames, which is intended: the session then holds its
 * credit and keeps counting into bounded buffers. Without rAF (jsdom) it falls back to a timer.
 */
export function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn())
  else setTimeout(fn, 16)
}
