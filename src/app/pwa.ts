/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register'

/**
 * Registers the service worker that vite-plugin-pwa generates at build time (relative URL and
 * scope, so a sub-folder deploy works), so the dashboard can be installed and reopened offline.
 * With `registerType: 'autoUpdate'` a new build takes over and reloads the page by itself. Not in
 * `vite` dev mode: there is no worker to register, and a cache would serve stale modules.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  registerSW({
    immediate: true,
    // Offline use is an extra: a failed registration (e.g. a non-secure origin other than
    // localhost) leaves the app working online.
    onRegisterError: (err: unknown) =>
      console.warn('mqtt-scope: the offline copy could not be installed:', err),
  })
}
