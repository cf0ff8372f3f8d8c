import { CenterColumn } from './CenterColumn'
import { ExportDialog } from './export/ExportDialog'
import { HelpPanel } from './help/HelpPanel'
import { Inspector } from './inspector/Inspector'
import { OpenErrors } from './OpenErrors'
import { Palette } from './palette/Palette'
import { RunPanel } from './run/RunPanel'
import { useShortcuts } from './shortcuts/useShortcuts'
import { StatusBar } from './statusbar/StatusBar'
import { appStore } from './store/appStore'
import { TaskViews } from './tasks/TaskViews'
import { TopBar } from './topbar/TopBar'
import { Tour } from './tour/Tour'
import { useFileDrop } from './useFileDrop'
import { useSession } from './useSession'
import { CompareDialog } from './versions/CompareDialog'
import { useVersionRecorder } from './versions/useVersionRecorder'
import { VersionsPanel } from './versions/VersionsPanel'

/**
 * The IDE's layout: top bar, palette | canvas over code | inspector over the run panel and the
 * versions, status bar; the export, compare and help dialogs and the first-run tour over it.
 */
export function App() {
  useShortcuts(appStore)
  useFileDrop(appStore)
  useVersionRecorder(appStore, useSession().run)
  return (
    <div className="app">
      <TopBar />
      <div className="workspace">
        <Palette />
        <CenterColumn />
        <div className="right-column">
          <Inspector />
          <RunPanel />
          <TaskViews />
          <VersionsPanel />
        </div>
      </div>
      <StatusBar />
      <OpenErrors />
      <ExportDialog />
      <CompareDialog />
      <HelpPanel />
      <Tour />
    </div>
  )
}
