import './styles/theme.css'
import './styles/layout.css'
import './styles/canvas.css'
import './styles/panels.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createEngineClient } from '../workers/engine/engineClient'
import { createTraceClient } from '../workers/traceClient'
import { App } from './App'
import { OPENING_TEMPLATE, templateDocument } from './actions/loadTemplate'
import { installTriadApi } from './automation/triadApi'
import { startAppProjects } from './projects/startAppProjects'
import { ProjectsContext } from './projects/useProjects'
import { startSession } from './session'
import { appStore } from './store/appStore'
import { SessionContext } from './useSession'

const opening = templateDocument(OPENING_TEMPLATE)
if (opening) appStore.getState().load(opening)

// the engine worker owns the GPU device and the training state; it starts on the first run
const startEngine = () =>
  createEngineClient(
    new Worker(new URL('../workers/engine/engineWorker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    }),
  )
const session = startSession(appStore, createTraceClient(), startEngine)
// the last project (document, code, versions, weights) is reopened before the first render
const projects = await startAppProjects(appStore, session)
installTriadApi(window, appStore, session)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <SessionContext value={session}>
      <ProjectsContext value={projects}>
        <App />
      </ProjectsContext>
    </SessionContext>
  </StrictMode>,
)
