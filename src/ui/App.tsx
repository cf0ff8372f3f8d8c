import { CenterColumn } from './CenterColumn'
import { Inspector } from './inspector/Inspector'
import { OpenErrors } from './OpenErrors'
import { Palette } from './palette/Palette'
import { RunPanel } from './run/RunPanel'
import { useShortcuts } from './shortcuts/useShortcuts'
import { StatusBar } from './statusbar/StatusBar'
import { appStore } from './store/appStore'
import { TopBar } from './topbar/TopBar'
import { useFileDrop } from './useFileDrop'

/** The IDE's layout: top bar, palette | canvas over code | inspector over the run panel, status bar. */
export function App() {
  useShortcuts(appStore)
  useFileDrop(appStore)
  return (
    <div className="app">
      <TopBar />
      <div className="workspace">
        <Palette />
        <CenterColumn />
        <div className="right-column">
          <Inspector />
          <RunPanel />
        </div>
      </div>
      <StatusBar />
      <OpenErrors />
    </div>
  )
}
