import { useEffect } from 'react'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import { recordVersions } from './recordVersions'

/** Records every finished run as a version while the app is mounted (see `recordVersions`). */
export function useVersionRecorder(store: AppStore, run: RunController): void {
  useEffect(() => recordVersions(store, run).destroy, [store, run])
}
