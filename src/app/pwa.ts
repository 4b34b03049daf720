/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register'
import { useUpdateStore } from './updateStore'

/**
 * Registers the service worker that vite-plugin-pwa generates at build time (relative URL and
 * scope, so a sub-folder deploy works), so the dashboard can be installed and reopened offline.
 * A new build waits (`registerType: 'prompt'`) until the user says so: reloading by itself would
 * drop every live connection of a debugging session. Not in `vite` dev mode: there is no worker
 * to register, and a cache would serve stale modules.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => useUpdateStore.setState({ apply: () => void update(true) }),
    // Offline use is an extra: a failed registration (e.g. a non-secure origin other than
    // localhost) leaves the app working online.
    onRegisterError: (err: unknown) =>
      console.warn('mqtt-scope: the offline copy could not be installed:', err),
  })
}
