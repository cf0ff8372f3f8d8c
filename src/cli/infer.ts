import { basename, resolve } from 'node:path'
import { checkDataShape } from '../engine/data/checkShape'
import { readArrayFile } from '../engine/data/node/files'
import { writeNpy } from '../engine/data/npy'
import { DataError } from '../engine/io/dataError'
import { toFloat32 } from '../engine/io/hostArray'
import { CompiledModel, probeModel } from '../graph/fit/compiledModel'
import { EVAL_BATCH } from '../graph/fit/evaluate'
import { type FlagSpec, numberFlag, onePositional, type ParsedArgs, stringFlag } from './args'
import { UsageError } from './errors'
import type { CliIo } from './io'
import { loadModel } from './model'
import { writeFileAtomic } from './outDir'
import { resolveBackend } from './setup'
import { resolveWeights } from './weights'

/** Flags of `triad infer`. */
export const INFER_FLAGS: FlagSpec = {
  weights: { type: 'string' },
  x: { type: 'string' },
  out: { type: 'string' },
  output: { type: 'string' },
  batch: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

/** The message when a command that needs trained weights gets none. */
export const NEEDS_WEIGHTS = (command: string) =>
  `triad ${command} needs --weights w.safetensors (or a triad train --out directory, a bundle .zip or an .onnx file as the model)`

/**
 * `triad infer <model> [--weights w.safetensors] --x x.npy --out y.npy`: runs the eval-mode graph on
 * every sample of `x` and writes the chosen output (default the first) as a float32 NPY file
 * `[n, ...]`. The input's shape is checked against the model before anything runs.
 */
export async function inferCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const loaded = await loadModel(
    onePositional(
      'infer',
      args,
      'model (model.json, a template id, a run directory, a .onnx file or a bundle .zip)',
    ),
    io.cwd,
  )
  const { doc } = loaded
  resolveBackend(args)
  const xFlag = stringFlag(args, 'x')
  if (xFlag === undefined)
    throw new UsageError('triad infer needs --x x.npy (the inputs, [n, ...] as the model input)')
  const outFlag = stringFlag(args, 'out')
  if (outFlag === undefined) throw new UsageError('triad infer needs --out y.npy (where the predictions go)')
  const outputName = stringFlag(args, 'output') ?? doc.outputs[0]!.name
  if (!doc.outputs.some((o) => o.name === outputName))
    throw new UsageError(
      `--output '${outputName}' is not an output of ${loaded.label} (outputs: ${doc.outputs.map((o) => o.name).join(', ')})`,
    )
  const batchFlag = numberFlag(args, 'batch', { integer: true, min: 1 })
  const x = readArrayFile(resolve(io.cwd, xFlag))
  const xName = basename(xFlag)
  if (x.shape.length === 0)
    throw new DataError(`${xName}: a scalar is not a set of inputs (expected [n, ...])`)
  const probe = probeModel(doc)
  const input = probe.inputs[0]!
  const sampleShape = x.shape.length === 1 ? [1] : x.shape.slice(1)
  const misfit = checkDataShape(sampleShape, input.value.shape.slice(1))
  if (misfit) throw new DataError(`${xName}: ${misfit}`)
  const model = new CompiledModel(doc, outputName)
  const weights = resolveWeights(args, io.cwd, loaded, probe, { require: NEEDS_WEIGHTS('infer') })
  const n = x.shape[0]!
  const features = toFloat32(x)
  const per = features.length / Math.max(1, n)
  const outShape = probe.outputs[outputName]!.shape.slice(1)
  const outPer = outShape.reduce((a, b) => a * b, 1)
  const result = new Float32Array(n * outPer)
  const batch = Math.min(batchFlag ?? EVAL_BATCH, Math.max(1, n))
  for (let start = 0; start < n; start += batch) {
    const b = Math.min(batch, n - start)
    const out = model.evaluate(
      weights,
      { [input.name]: features.subarray(start * per, (start + b) * per) },
      b,
    )
    result.set(out.prediction.data, start * outPer)
  }
  const outPath = resolve(io.cwd, outFlag)
  writeFileAtomic(outPath, writeNpy({ dtype: 'float32', shape: [n, ...outShape], data: result }))
  io.out(
    `${JSON.stringify({ command: 'infer', model: doc.name, output: outputName, samples: n, shape: [n, ...outShape], out: outPath })}\n`,
  )
  return 0
}
