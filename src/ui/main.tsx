import './styles/theme.css'
import './styles/layout.css'
import './styles/canvas.css'
import './styles/panels.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createTraceClient } from '../workers/traceClient'
import { App } from './App'
import { OPENING_TEMPLATE, templateDocument } from './actions/loadTemplate'
import { installTriadApi } from './automation/triadApi'
import { startSession } from './session'
import { appStore } from './store/appStore'
import { SessionContext } from './useSession'

const opening = templateDocument(OPENING_TEMPLATE)
if (opening) appStore.getState().load(opening)

const session = startSession(appStore, createTraceClient())
installTriadApi(window, appStore, session.codeSync)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <SessionContext value={session}>
      <App />
    </SessionContext>
  </StrictMode>,
)
