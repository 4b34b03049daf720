import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// First: the language is detected and the catalogs loaded before anything renders.
import './i18n'
import { App } from './app/App'
import { startApp } from './app/startup'
import { registerServiceWorker } from './app/pwa'
import './app/app.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
startApp(window.location).catch((err: unknown) => console.error('mqtt-scope failed to start:', err))
registerServiceWorker()
// Test hook of e2e/scripting.spec.ts: the script sandbox in a browser worker, loaded only when asked.
if (new URLSearchParams(window.location.search).has('scripting-probe'))
  void import('./scripting/probe').then((m) => m.installScriptingProbe())
