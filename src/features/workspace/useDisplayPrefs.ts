import { useEffect } from 'react'
import { useWorkspaceStore } from './workspaceStore'

/**
 * Puts the chosen theme and density on <html>: `data-theme` is absent for "system", so the
 * stylesheet's prefers-color-scheme rule decides; `light` / `dark` override it.
 */
export function useDisplayPrefs(): void {
  const theme = useWorkspaceStore((s) => s.theme)
  const density = useWorkspaceStore((s) => s.density)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    document.documentElement.dataset.density = density
  }, [density])
}
