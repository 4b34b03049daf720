import { useSyncExternalStore } from 'react'

let version = 0

function subscribe(onChange: () => void): () => void {
  const bump = () => {
    version++
    onChange()
  }
  // The theme is `data-theme` on <html> (Light/Dark), or the OS setting when it is absent.
  const observer = new MutationObserver(bump)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  const media = window.matchMedia?.('(prefers-color-scheme: dark)')
  media?.addEventListener('change', bump)
  return () => {
    observer.disconnect()
    media?.removeEventListener('change', bump)
  }
}

/**
 * A number that changes whenever the colour theme may have changed: components that read theme
 * colours with getComputedStyle (the charts' SVG, which must carry real colours for its PNG)
 * re-render with it instead of keeping the old theme's colours until their data changes.
 */
export function useThemeVersion(): number {
  return useSyncExternalStore(subscribe, () => version)
}
