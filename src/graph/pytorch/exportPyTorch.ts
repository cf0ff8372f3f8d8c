import type { ModelDocument } from '../document/schema'
import { inferShapes } from '../shapes/inferShapes'
import { emitModelPy } from './modelPy'
import { emitTrainPy } from './trainPy'

/** The files of a PyTorch export, by name (a bundle's pytorch/ folder). */
export interface PyTorchExport {
  readonly 'model.py': string
  readonly 'train.py': string
}

/**
 * Exports a document for PyTorch, the path for users who outgrow one browser: model.py (an
 * nn.Module whose state_dict keys are Triad's parameter and buffer names, blocks as nested
 * modules, forward in topological order; in eval mode it gives Triad's outputs) and train.py
 * (the document's training setup, DistributedDataParallel-ready under torchrun). The text is
 * deterministic: the same document gives the same bytes. Throws, naming the node, for a
 * document whose shapes do not check (as compiling it would).
 *
 * @example
 * const files = exportPyTorch(mlpSpirals())
 * // files['model.py']: class MlpSpirals(nn.Module): ... self.hidden1 = nn.Linear(2, 16) ...
 */
export function exportPyTorch(doc: ModelDocument): PyTorchExport {
  const issues = Object.values(inferShapes(doc).issues)
  if (issues.length > 0) {
    const first = issues[0]!
    throw new Error(
      `Cannot export "${doc.name}" to PyTorch: node ${first.node}${first.port ? ` (port ${first.port})` : ''}: ${first.message}` +
        (issues.length > 1 ? ` (and ${issues.length - 1} more issues)` : ''),
    )
  }
  const model = emitModelPy(doc)
  return { 'model.py': model.source, 'train.py': emitTrainPy(doc, model.info) }
}
