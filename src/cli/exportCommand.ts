import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { bundleFileName, writeBundle } from '../graph/bundle/writeBundle'
import { emitCode } from '../graph/code/emitCode'
import { probeModel } from '../graph/fit/compiledModel'
import { exportOnnx } from '../graph/onnx/exportOnnx'
import { onnxExportIssues } from '../graph/onnx/issues'
import { exportPyTorch } from '../graph/pytorch/exportPyTorch'
import { choiceFlag, type FlagSpec, numberFlag, onePositional, type ParsedArgs, stringFlag } from './args'
import { UsageError } from './errors'
import type { CliIo } from './io'
import { loadModel } from './model'
import { checkOutDir, checkOutFile, writeFileAtomic, writeRunDirectory } from './outDir'
import { FIRST_VERSION, versionFlag } from './version'
import { resolveWeights, weightsToSafetensors } from './weights'

/** What `triad export --format` writes. */
export const EXPORT_FORMATS = ['onnx', 'pytorch', 'bundle', 'code'] as const

/** Flags of `triad export`. */
export const EXPORT_FLAGS: FlagSpec = {
  format: { type: 'string' },
  out: { type: 'string' },
  weights: { type: 'string' },
  seed: { type: 'string' },
  version: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

/**
 * `triad export <model> --format onnx|pytorch|bundle|code --out <path>`: writes the model as an
 * ONNX file (opset 17), a PyTorch folder (model.py, train.py, weights.safetensors), a versioned
 * bundle (`--out` a .zip, or a directory that receives `<name>-<version>.zip`) or its code face
 * (model.ts). Weights: --weights, else the model's own (ONNX, bundle, run directory), else a
 * seeded init (--seed). Everything is checked before a file is written; a file is written whole
 * or not at all. Prints one JSON summary line.
 */
export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const spec = onePositional(
    'export',
    args,
    'model (model.json, a template id, a run directory, a .onnx file or a bundle .zip)',
  )
  const format = choiceFlag(args, 'format', EXPORT_FORMATS)
  if (!format) throw new UsageError(`triad export needs --format (${EXPORT_FORMATS.join(', ')})`)
  const outFlag = stringFlag(args, 'out')
  if (outFlag === undefined)
    throw new UsageError(`triad export needs --out <path> (where the ${format} export goes)`)
  const seed = numberFlag(args, 'seed', { integer: true, min: 0 }) ?? 0
  const version = versionFlag(args)
  if (version !== undefined && format !== 'bundle')
    throw new UsageError(`--version applies to --format bundle, not ${format}`)
  const loaded = await loadModel(spec, io.cwd)
  const { doc } = loaded
  let out = resolve(io.cwd, outFlag)
  if (format === 'onnx') {
    const issues = onnxExportIssues(doc)
    if (issues.length > 0)
      throw new UsageError(
        `${loaded.label} cannot export to ONNX: ${issues.map((i) => (i.node ? `${i.node}: ${i.message}` : i.message)).join('; ')}`,
      )
  }
  const needsWeights = format !== 'code'
  const probe = needsWeights ? probeModel(doc) : undefined
  const weights = probe ? resolveWeights(args, io.cwd, loaded, probe, { seed }) : undefined
  let bytes = 0
  if (format === 'pytorch') {
    checkOutDir(out, outFlag)
    const files = exportPyTorch(doc)
    const safetensors = weightsToSafetensors(probe!, weights!, doc.name)
    writeRunDirectory(out, { ...files, 'weights.safetensors': safetensors })
    bytes = files['model.py'].length + files['train.py'].length + safetensors.length
  } else {
    let data: Uint8Array | string
    if (format === 'onnx') data = exportOnnx(doc, weights!)
    else if (format === 'code') data = emitCode(doc).code
    else {
      const bundle = loaded.bundle
      const v = version ?? bundle?.manifest.version ?? FIRST_VERSION
      if (existsSync(out) && statSync(out).isDirectory()) out = join(out, bundleFileName(doc.name, v))
      data = await writeBundle({
        doc,
        weights: weights!,
        version: v,
        // a new version of a bundle descends from it; the same version keeps its parent
        parentVersion: bundle
          ? v === bundle.manifest.version
            ? bundle.manifest.parentVersion
            : bundle.manifest.version
          : null,
        ...(loaded.metrics ? { metrics: loaded.metrics } : {}),
        ...(bundle
          ? { data: bundle.manifest.data, samples: bundle.samples, finalMetrics: bundle.manifest.metrics }
          : {}),
      })
    }
    checkOutFile(out, outFlag)
    writeFileAtomic(out, data)
    bytes = typeof data === 'string' ? new TextEncoder().encode(data).length : data.length
  }
  io.out(`${JSON.stringify({ command: 'export', format, model: doc.name, out, bytes })}\n`)
  return 0
}
