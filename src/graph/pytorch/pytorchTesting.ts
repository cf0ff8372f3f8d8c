import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileInference, initTensors, Rng, type TensorMap } from '../../engine'
import { type HostArray, readSafetensors, toFloat32, writeSafetensors } from '../../engine/io'
import type { ModelDocument } from '../document/schema'
import { compileDocument } from '../lower/compileDocument'
import { lowerDocument } from '../lower/lowerDocument'
import { exportPyTorch } from './exportPyTorch'

/**
 * Test support (Node only): export documents to PyTorch, run them in Debian's python3-torch with
 * scripts/pytorchExportCheck.py, and compare with Triad's CPU eval-mode outputs.
 */

/** The Python that runs the checks: Debian's, which has python3-torch (not a pyenv one on PATH). */
export const PYTHON = process.env.TRIAD_PYTHON ?? '/usr/bin/python3'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** Whether PYTHON imports torch; when not, the reason, for the tests' skip message. */
export function torchAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  if (!existsSync(PYTHON))
    return { ok: false, reason: `${PYTHON} does not exist (apt-get install python3-torch)` }
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (r.status !== 0)
    return {
      ok: false,
      reason: `${PYTHON} cannot import torch (apt-get install python3-torch): ${r.stderr.trim()}`,
    }
  return { ok: true, version: r.stdout.trim() }
}

/** One model to check: a document and how to feed it. */
export interface ParityCase {
  readonly name: string
  readonly doc: ModelDocument
  /** Int inputs (token ids, class labels) are drawn below this (default 2). */
  readonly intBound?: number
}

/** A prepared case: its folder and Triad's outputs. */
export interface PreparedCase {
  readonly dir: string
  readonly expected: Readonly<Record<string, { shape: readonly number[]; data: Float32Array }>>
}

const f32 = (shape: readonly number[], data: Float32Array): HostArray => ({ dtype: 'float32', shape, data })

/**
 * Writes model.py, weights.safetensors (Triad's seeded initial parameters: the training step's
 * `initialState` when the document has a training setup; buffers randomized, running variances
 * positive, so running statistics are really exercised) and inputs.safetensors (a random batch)
 * into `dir`, and returns Triad's CPU eval-mode outputs on that batch.
 */
export function prepareCase(
  dir: string,
  c: ParityCase,
  options: { batch?: number; seed?: number } = {},
): PreparedCase {
  const batch = options.batch ?? 3
  const seed = options.seed ?? 0
  mkdirSync(dir, { recursive: true })
  const model = lowerDocument(c.doc, { batch, training: false })
  const params: TensorMap = c.doc.training
    ? compileDocument(c.doc, { batch }).step.initialState(seed).params
    : initTensors(model.params, seed)
  const rng = new Rng(seed + 1)
  const buffers: TensorMap = {}
  for (const b of model.buffers) {
    const n = b.shape.reduce((a, d) => a * d, 1)
    const kind = b.name.endsWith('running_var') ? 'var' : b.name.endsWith('running_mean') ? 'mean' : 'other'
    buffers[b.name] = Float32Array.from({ length: n }, () =>
      kind === 'var' ? 0.5 + rng.uniform() : kind === 'mean' ? rng.uniform() * 2 - 1 : 0,
    )
  }
  const weights: Record<string, HostArray> = {}
  for (const slot of [...model.params, ...model.buffers]) {
    const t = params[slot.name] ?? buffers[slot.name]
    if (!t) throw new Error(`no weights for ${slot.name}`)
    weights[slot.name] = f32(slot.shape, Float32Array.from(t))
  }
  const feeds: Record<string, Float32Array | Int32Array> = {}
  const inputs: Record<string, HostArray> = {}
  for (const input of model.inputs) {
    const shape = [...input.value.shape]
    const n = shape.reduce((a, d) => a * d, 1)
    if (input.value.dtype === 'i32') {
      const ids = Int32Array.from({ length: n }, () => rng.int(c.intBound ?? 2))
      feeds[input.name] = ids
      inputs[input.name] = { dtype: 'int64', shape, data: BigInt64Array.from(ids, (v) => BigInt(v)) }
    } else {
      const x = Float32Array.from({ length: n }, () => rng.normal())
      feeds[input.name] = x
      inputs[input.name] = f32(shape, x)
    }
  }
  const out = compileInference(model, model.outputs).run({ params, buffers }, feeds)
  const expected: Record<string, { shape: readonly number[]; data: Float32Array }> = {}
  for (const [name, t] of Object.entries(out))
    expected[name] = { shape: t.shape, data: Float32Array.from(t.data) }
  const files = exportPyTorch(c.doc)
  writeFileSync(join(dir, 'model.py'), files['model.py'])
  writeFileSync(join(dir, 'train.py'), files['train.py'])
  writeFileSync(join(dir, 'weights.safetensors'), writeSafetensors(weights))
  writeFileSync(join(dir, 'inputs.safetensors'), writeSafetensors(inputs))
  return { dir, expected }
}

/** Runs scripts/pytorchExportCheck.py over the case folders (one Python process for all). */
export function runPyTorchCases(dirs: readonly string[]): void {
  const r = spawnSync(PYTHON, [join(ROOT, 'scripts/pytorchExportCheck.py'), ...dirs], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  })
  if (r.status !== 0) throw new Error(`pytorchExportCheck.py failed (${r.status}): ${r.stderr}`)
}

/** The largest difference per output between PyTorch's outputs and Triad's, and Triad's largest value. */
export function comparePrepared(c: PreparedCase): {
  worst: Record<string, number>
  scale: Record<string, number>
} {
  const error = join(c.dir, 'error.txt')
  if (existsSync(error)) throw new Error(`PyTorch failed:\n${readFileSync(error, 'utf8')}`)
  const actual = readSafetensors(new Uint8Array(readFileSync(join(c.dir, 'outputs.safetensors')))).tensors
  const worst: Record<string, number> = {}
  const scale: Record<string, number> = {}
  for (const [name, want] of Object.entries(c.expected)) {
    const got = actual.get(name)
    if (!got) throw new Error(`PyTorch gave no output ${name} (it gave ${[...actual.keys()].join(', ')}).`)
    if (got.shape.join() !== want.shape.join())
      throw new Error(`output ${name}: PyTorch's shape [${got.shape}] but Triad's [${want.shape}].`)
    const data = toFloat32(got)
    let w = 0
    let s = 0
    for (let i = 0; i < want.data.length; i++) {
      const d = Math.abs(data[i]! - want.data[i]!)
      w = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(w, d)
      s = Math.max(s, Math.abs(want.data[i]!))
    }
    worst[name] = w
    scale[name] = s
  }
  return { worst, scale }
}

export { singleLayerDoc, type TestInput } from '../testing/singleLayerCases'
