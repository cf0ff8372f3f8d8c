import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSafetensors } from '../../engine/io'
import { findTemplate, TEMPLATES } from '../templates'
import { exportPyTorch } from './exportPyTorch'
import { LAYER_CASES } from './layerCases'
import {
  comparePrepared,
  type ParityCase,
  type PreparedCase,
  PYTHON,
  prepareCase,
  runPyTorchCases,
  singleLayerDoc,
  torchAvailable,
} from './pytorchTesting'
import { awkwardNamesDoc, nestedBlocksDoc, unusedBranchDoc } from './specialDocs'

const torch = torchAvailable()
const skip = torch.ok ? '' : ` (skipped: ${torch.reason})`

const CASES: ParityCase[] = [
  ...TEMPLATES.map((t) => ({ name: `template ${t.id}`, doc: t.create(), intBound: 65 })),
  { name: 'node ids Python will not take as names', doc: awkwardNamesDoc() },
  { name: 'a branch and a loss no output needs', doc: unusedBranchDoc() },
  { name: 'a two-output block nested in a block used twice', doc: nestedBlocksDoc() },
  ...LAYER_CASES.map((c) => ({
    name: c.name,
    doc: singleLayerDoc(c.type, c.params ?? {}, c.inputs),
    intBound: c.intBound ?? 2,
  })),
]

describe.skipIf(!torch.ok)(`exported model.py in Debian's PyTorch${skip}`, () => {
  let root = ''
  const prepared = new Map<string, PreparedCase>()

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'triad-pytorch-'))
    CASES.forEach((c, i) => {
      prepared.set(c.name, prepareCase(join(root, String(i)), c))
    })
    runPyTorchCases([...prepared.values()].map((p) => p.dir))
  }, 120_000)

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true })
  })

  for (const c of CASES)
    it(`gives Triad's eval-mode outputs within 1e-4 for ${c.name}`, () => {
      const { worst, scale } = comparePrepared(prepared.get(c.name)!)
      for (const [name, w] of Object.entries(worst)) {
        expect(w, name).toBeLessThan(1e-4)
        expect(scale[name], name).toBeGreaterThan(0)
      }
    })
})

describe.skipIf(!torch.ok)(`model.py's load_weights${skip}`, () => {
  it('names the missing and the unexpected tensors of weights from another model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triad-pytorch-weights-'))
    try {
      const doc = findTemplate('mlp-spirals')!.create()
      writeFileSync(join(dir, 'model.py'), exportPyTorch(doc)['model.py'])
      const data = new Float32Array(16)
      writeFileSync(
        join(dir, 'wrong.safetensors'),
        writeSafetensors({
          'hidden1.weight': { dtype: 'float32', shape: [16, 2], data: new Float32Array(32) },
          'hidden1.bias': { dtype: 'float32', shape: [16], data },
          'other.bias': { dtype: 'float32', shape: [16], data },
        }),
      )
      const r = spawnSync(
        PYTHON,
        ['-c', "from model import Model, load_weights; load_weights(Model(), 'wrong.safetensors')"],
        { cwd: dir, encoding: 'utf8', timeout: 60_000 },
      )
      expect(r.status).not.toBe(0)
      expect(r.stderr).toMatch(
        /wrong\.safetensors does not fit MlpSpirals: missing \['hidden2\.weight', 'hidden2\.bias', 'logits\.weight', 'logits\.bias'\], unexpected \['other\.bias'\]/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
