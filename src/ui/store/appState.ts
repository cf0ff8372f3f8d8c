import type { StoreApi } from 'zustand/vanilla'
import { createStore } from 'zustand/vanilla'
import type { ModelDocument } from '../../graph/document/schema'
import { type CodeSlice, createCodeSlice } from './codeSlice'
import { createDocumentSlice, type DocumentSlice } from './documentSlice'
import { createProjectsSlice, type ProjectsSlice } from './projectsSlice'
import { createRunSlice, type RunSlice } from './runSlice'
import { createSelectionSlice, type SelectionSlice } from './selectionSlice'
import { createUiSlice, type UiSlice } from './uiSlice'
import { createVersionsSlice, type VersionsSlice } from './versionsSlice'

/** The whole app state: one zustand store built from slices. */
export type AppState = DocumentSlice &
  SelectionSlice &
  CodeSlice &
  UiSlice &
  RunSlice &
  VersionsSlice &
  ProjectsSlice

/** The vanilla store: React binds through `useApp`, everything else through getState/subscribe. */
export type AppStore = StoreApi<AppState>

/** Builds a store holding `doc`. Tests build their own; the app builds one in `appStore.ts`. */
export function createAppStore(doc: ModelDocument): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createDocumentSlice(doc)(...a),
    ...createSelectionSlice(...a),
    ...createCodeSlice(...a),
    ...createUiSlice(...a),
    ...createRunSlice(...a),
    ...createVersionsSlice(...a),
    ...createProjectsSlice(...a),
  }))
}
