import type { CodeError } from '../../graph/code/codeError'
import type { LineSpan } from '../../graph/code/emitCode'
import type { NodeId } from '../../graph/document/schema'
import { provideEditorMarkers } from './editorMarkers'
import { nodeAtLine } from './nodeLines'
import { minimalEdit } from './textEdit'

type Monaco = typeof import('./monacoSetup')['monaco']

/** What the editor shows; the controller makes the editor match it. */
export interface MonacoViewState {
  text: string
  errors: readonly CodeError[]
  nodeLines: Readonly<Record<NodeId, LineSpan>>
  /** Nodes whose lines are highlighted (the canvas selection). */
  selected: readonly NodeId[]
  readOnly: boolean
}

export interface MonacoCallbacks {
  /** The user changed the text. */
  onEdit(text: string): void
  /** The user moved the cursor onto a node's lines. */
  onCursorNode(id: NodeId): void
}

/** A Monaco editor driven by state: `update` it with what to show, `destroy` it when done. */
export interface MonacoController {
  update(state: MonacoViewState): void
  /** Gives focus to the editor. */
  focus(): void
  destroy(): void
}

const MODEL_URI = 'file:///model.ts'
const MARKER_OWNER = 'triad'

/**
 * Creates the code editor in `container`: TypeScript with the DSL types, the app's dark theme.
 * Text set through `update` is applied as a minimal edit and never echoed back to `onEdit`.
 */
export function createMonacoController(
  monaco: Monaco,
  container: HTMLElement,
  callbacks: MonacoCallbacks,
): MonacoController {
  const uri = monaco.Uri.parse(MODEL_URI)
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel('', 'typescript', uri)
  const editor = monaco.editor.create(container, {
    model,
    theme: 'triad-dark',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    lineHeight: 20,
    fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    scrollBeyondLastLine: false,
    tabSize: 2,
    renderLineHighlight: 'line',
    fixedOverflowWidgets: true,
    stickyScroll: { enabled: false },
    ariaLabel: 'Model code',
  })
  const stopProviding = provideEditorMarkers(() =>
    monaco.editor
      .getModelMarkers({ owner: MARKER_OWNER, resource: uri })
      .map((m) => ({ line: m.startLineNumber, message: m.message })),
  )
  let applying = false
  let current: MonacoViewState | undefined
  let decorations: string[] = []

  const contentSub = editor.onDidChangeModelContent(() => {
    if (!applying) callbacks.onEdit(model.getValue())
  })
  const cursorSub = editor.onDidChangeCursorPosition((e) => {
    if (applying || !current || (e.source !== 'mouse' && e.source !== 'keyboard')) return
    const id = nodeAtLine(current.nodeLines, e.position.lineNumber)
    if (id && !(current.selected.length === 1 && current.selected[0] === id)) callbacks.onCursorNode(id)
  })

  const setText = (text: string) => {
    const edit = minimalEdit(model.getValue(), text)
    if (!edit) return
    const start = model.getPositionAt(edit.start)
    const end = model.getPositionAt(edit.end)
    // A change from the graph must not scroll the editor the user is reading.
    const scrollTop = editor.getScrollTop()
    const focused = editor.hasTextFocus()
    applying = true
    try {
      model.pushEditOperations(
        [],
        [
          {
            range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column),
            text: edit.text,
          },
        ],
        () => null,
      )
      model.pushStackElement()
    } finally {
      applying = false
    }
    if (!focused) editor.setScrollTop(scrollTop)
  }

  const setMarkers = (errors: readonly CodeError[]) => {
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      errors.map((e) => ({
        severity: monaco.MarkerSeverity.Error,
        message: e.message,
        startLineNumber: e.line,
        startColumn: e.column,
        endLineNumber: e.endLine ?? e.line,
        endColumn: e.endColumn ?? model.getLineMaxColumn(Math.min(e.endLine ?? e.line, model.getLineCount())),
      })),
    )
  }

  const highlight = (state: MonacoViewState) => {
    const ranges = state.selected
      .map((id) => state.nodeLines[id])
      .filter((r): r is LineSpan => r !== undefined)
    decorations = editor.deltaDecorations(
      decorations,
      ranges.map((r) => ({
        range: new monaco.Range(r.start, 1, r.end, 1),
        options: {
          isWholeLine: true,
          className: 'code-node-highlight',
          linesDecorationsClassName: 'code-node-gutter',
        },
      })),
    )
    const first = ranges[0]
    if (first && !editor.hasTextFocus()) editor.revealLinesInCenterIfOutsideViewport(first.start, first.end)
  }

  return {
    update(state) {
      const prev = current
      current = state
      if (state.text !== model.getValue()) setText(state.text)
      if (!prev || prev.readOnly !== state.readOnly) editor.updateOptions({ readOnly: state.readOnly })
      if (!prev || prev.errors !== state.errors || prev.text !== state.text) setMarkers(state.errors)
      if (!prev || prev.selected !== state.selected || prev.nodeLines !== state.nodeLines) highlight(state)
    },
    focus() {
      editor.focus()
    },
    destroy() {
      stopProviding()
      contentSub.dispose()
      cursorSub.dispose()
      editor.dispose()
      model.dispose()
    },
  }
}
