import * as monaco from 'monaco-editor'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker'
import { dslTypeDeclarations } from '../../graph/code/dslTypes'

/** Where the DSL's types live for the TypeScript service, so `import ... from 'triad'` resolves. */
export const DSL_TYPES_PATH = 'file:///node_modules/triad/index.d.ts'

/** Name of the editor theme matching the app's dark palette. */
export const THEME = 'triad-dark'

// Monaco reads its workers from here; both come from the local package, bundled by Vite.
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()
  },
}

const ts = monaco.typescript
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
  lib: ['es2020'],
})
ts.typescriptDefaults.addExtraLib(dslTypeDeclarations(), DSL_TYPES_PATH)

monaco.editor.defineTheme(THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#15181e',
    'editor.lineHighlightBackground': '#1c2029',
    'editorGutter.background': '#15181e',
    'editorLineNumber.foreground': '#4b5263',
  },
})

export { monaco }
