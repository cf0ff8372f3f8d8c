import { LOSSES } from '../graph/document/schema'
import { bindData } from '../graph/fit/bindData'
import { CompiledModel, probeModel } from '../graph/fit/compiledModel'
import { evaluate } from '../graph/fit/evaluate'
import { choiceFlag, type FlagSpec, onePositional, type ParsedArgs, stringFlag } from './args'
import { loadData } from './data'
import { UsageError } from './errors'
import { NEEDS_WEIGHTS } from './infer'
import type { CliIo } from './io'
import { loadModel } from './model'
import { resolveBackend } from './setup'
import { resolveWeights } from './weights'

/** Flags of `triad eval`. */
export const EVAL_FLAGS: FlagSpec = {
  weights: { type: 'string' },
  data: { type: 'string' },
  x: { type: 'string' },
  y: { type: 'string' },
  loss: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

/**
 * `triad eval <model> --weights w.safetensors --data <name|file.csv>`: the mean loss and the
 * accuracy of trained weights over a whole dataset, in eval mode, as one JSON line.
 */
export async function evalCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const loaded = await loadModel(
    onePositional(
      'eval',
      args,
      'model (model.json, a template id, a run directory, a .onnx file or a bundle .zip)',
    ),
    io.cwd,
  )
  const { doc } = loaded
  resolveBackend(args)
  const loss = choiceFlag(args, 'loss', LOSSES) ?? doc.training?.loss
  if (!loss) throw new UsageError(`"${doc.name}" has no training setup: pass --loss (${LOSSES.join(', ')})`)
  const x = stringFlag(args, 'x')
  const y = stringFlag(args, 'y')
  const data =
    stringFlag(args, 'data') ?? (x === undefined && y === undefined ? doc.training?.dataset : undefined)
  const dataset = loadData(
    { ...(data ? { data } : {}), ...(x ? { x } : {}), ...(y ? { y } : {}) },
    io.cwd,
    'eval',
  )
  const probe = probeModel(doc)
  const binding = bindData(doc, probe, dataset, loss)
  const weights = resolveWeights(args, io.cwd, loaded, probe, { require: NEEDS_WEIGHTS('eval') })
  const model = new CompiledModel(doc, binding.outputName, binding.lossSpec)
  const result = evaluate(model, weights, dataset, binding)
  io.out(
    `${JSON.stringify({ command: 'eval', model: doc.name, dataset: dataset.name, loss: result.loss, accuracy: result.accuracy, samples: result.samples })}\n`,
  )
  return 0
}
