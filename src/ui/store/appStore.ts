import { emptyDocument } from '../../graph/document/schema'
import { createAppStore } from './appState'

/**
 * The app's one store. It starts empty; `main.tsx` loads the opening template. React code binds
 * with `useApp(selector)`; actions and controllers take the store as an argument.
 */
export const appStore = createAppStore(emptyDocument('untitled'))
