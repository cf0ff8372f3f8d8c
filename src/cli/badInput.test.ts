import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeNpy } from '../engine/data/npy'
import { mlpSpirals } from '../graph/templates/mlpSpirals'
import { npyBytes, runCli, tempDir } from './testing'

let dir: string
let remove: () => void
beforeEach(() => {
  ;({ dir, remove } = tempDir())
})
afterEach(() => remove())

const f32 = (shape: number[]) =>
  writeNpy({
    dtype: 'float32',
    shape,
    data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i % 7),
  })
const i32 = (n: number) =>
  writeNpy({ dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, (_, i) => i % 2) })

/**
 * Runs `triad train` with bad input and checks the contract: exit code 2, exactly one line on
 * stderr matching `message`, nothing on stdout's last line that looks like a summary, and no
 * --out directory created.
 */
async function expectBadInput(argv: string[], message: RegExp) {
  const run = await runCli([...argv, '--out', 'run'], dir)
  expect(run.code).toBe(2)
  const lines = run.stderr.split('\n').filter((l) => l !== '')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^triad: /)
  expect(lines[0]).toMatch(message)
  expect(run.summary).toBeUndefined()
  expect(existsSync(join(dir, 'run'))).toBe(false)
}

describe('triad train on bad input', () => {
  it('refuses an unknown dataset and lists the known ones', async () => {
    await expectBadInput(
      ['train', 'mlp-spirals', '--data', 'spirls'],
      /unknown dataset 'spirls' \(known: spirals, .*mnist/,
    )
  })

  it('refuses a CSV with a ragged row, naming the file and the row', async () => {
    writeFileSync(join(dir, 'ragged.csv'), 'x1,x2,label\n0.1,0.2,0\n0.3,1\n0.5,0.6,1\n')
    await expectBadInput(
      ['train', 'mlp-spirals', '--data', 'ragged.csv'],
      /ragged\.csv: row 3 has 2 fields, the header has 3/,
    )
  })

  it('refuses text in a numeric CSV column, naming the row and the column', async () => {
    writeFileSync(join(dir, 'text.csv'), 'x1,x2,label\n0.1,0.2,0\n0.3,abc,1\n')
    await expectBadInput(
      ['train', 'mlp-spirals', '--data', 'text.csv'],
      /text\.csv: row 3, column 'x2': 'abc' is not a number/,
    )
  })

  it('refuses an NPY file of an unsupported dtype, naming the file and the dtype', async () => {
    writeFileSync(join(dir, 'x.npy'), npyBytes('<c8', [4, 2], new Uint8Array(64)))
    writeFileSync(join(dir, 'y.npy'), i32(4))
    await expectBadInput(
      ['train', 'mlp-spirals', '--x', 'x.npy', '--y', 'y.npy'],
      /x\.npy: .*'<c8'.*not supported/,
    )
  })

  it('refuses x and y of different lengths, naming both', async () => {
    writeFileSync(join(dir, 'x.npy'), f32([10, 2]))
    writeFileSync(join(dir, 'y.npy'), i32(9))
    await expectBadInput(
      ['train', 'mlp-spirals', '--x', 'x.npy', '--y', 'y.npy'],
      /x\.npy has 10 samples but y\.npy has 9/,
    )
  })

  it('refuses data whose rows do not fit the model input, with the fix', async () => {
    writeFileSync(join(dir, 'x.npy'), f32([10, 3]))
    writeFileSync(join(dir, 'y.npy'), i32(10))
    await expectBadInput(
      ['train', 'mlp-spirals', '--x', 'x.npy', '--y', 'y.npy'],
      /x\.npy: data rows have 3 features but the model input is \[2\]: set the Input shape to \[3\]/,
    )
  })

  it('refuses labels with more classes than the model outputs', async () => {
    await expectBadInput(['train', 'mlp-spirals', '--data', 'iris'], /iris: data rows have 4 features/)
    writeFileSync(join(dir, 'x.npy'), f32([6, 2]))
    writeFileSync(
      join(dir, 'y.npy'),
      writeNpy({ dtype: 'int32', shape: [6], data: Int32Array.from([0, 1, 2, 0, 1, 2]) }),
    )
    await expectBadInput(
      ['train', 'mlp-spirals', '--x', 'x.npy', '--y', 'y.npy'],
      /labels have 3 classes but the model output is \[2\]/,
    )
  })

  it('refuses an unknown template and a missing model file', async () => {
    await expectBadInput(
      ['train', 'mlp-spiral', '--data', 'spirals'],
      /unknown template 'mlp-spiral' \(templates: mlp-spirals/,
    )
    await expectBadInput(['train', 'nope/model.json'], /nope\/model\.json: no such model file/)
  })

  it("refuses an invalid document with parseDocument's first problem", async () => {
    const doc = mlpSpirals()
    doc.nodes[1]!.params.out_features = 'ten'
    writeFileSync(join(dir, 'model.json'), JSON.stringify(doc))
    await expectBadInput(
      ['train', 'model.json'],
      /model\.json: not a valid model document: nodes\[1\]\.params\.out_features/,
    )
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1,')
    await expectBadInput(['train', 'broken.json'], /broken\.json: not a valid model document: not valid JSON/)
  })

  it('refuses an unknown flag, a bad flag value and the webgpu backend', async () => {
    await expectBadInput(['train', 'mlp-spirals', '--epoch', '3'], /unknown option '--epoch' for triad train/)
    await expectBadInput(['train', 'mlp-spirals', '--lr', '0'], /--lr '0' must be a number > 0/)
    await expectBadInput(['train', 'mlp-spirals', '--batch'], /option '--batch' needs a value/)
    await expectBadInput(['train', 'mlp-spirals', '--batch', '2.5'], /--batch '2.5' must be an integer >= 1/)
    await expectBadInput(
      ['train', 'mlp-spirals', '--loss', 'nll'],
      /--loss 'nll' is not one of cross_entropy, mse/,
    )
    await expectBadInput(
      ['train', 'mlp-spirals', '--epochs', '2', '--steps', '5'],
      /--epochs or --steps, not both/,
    )
    await expectBadInput(
      ['train', 'mlp-spirals', '--optimizer', 'adam', '--momentum', '0.9'],
      /--momentum applies to sgd/,
    )
    await expectBadInput(
      ['train', 'mlp-spirals', '--backend', 'webgpu'],
      /webgpu is not available in Node yet/,
    )
    await expectBadInput(['frobnicate'], /unknown command 'frobnicate'/)
  })

  it('refuses --x without --y, and an --out that is a file, before training', async () => {
    writeFileSync(join(dir, 'x.npy'), f32([10, 2]))
    await expectBadInput(['train', 'mlp-spirals', '--x', 'x.npy'], /--x and --y go together/)
    writeFileSync(join(dir, 'taken'), 'a file')
    const run = await runCli(['train', 'mlp-spirals', '--out', 'taken'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--out taken: a file is in the way/)
  })
})

describe('triad infer and eval on bad input', () => {
  it('refuses weights that do not belong to the model, naming the tensor', async () => {
    await runCli(['train', 'mlp-spirals', '--steps', '1', '--out', 'spirals'], dir)
    const doc = mlpSpirals()
    doc.nodes[1]!.params.out_features = 8
    doc.nodes[3]!.params.in_features = 8
    writeFileSync(join(dir, 'narrow.json'), JSON.stringify(doc))
    writeFileSync(join(dir, 'x.npy'), f32([4, 2]))
    const run = await runCli(
      ['infer', 'narrow.json', '--weights', 'spirals/weights.safetensors', '--x', 'x.npy', '--out', 'y.npy'],
      dir,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^triad: weights\.safetensors: tensor 'hidden1\.weight' has shape \[16, 2\], the model needs \[8, 2\]\n$/,
    )
    expect(existsSync(join(dir, 'y.npy'))).toBe(false)
  })

  it('refuses infer inputs of the wrong shape and eval without weights', async () => {
    writeFileSync(join(dir, 'x.npy'), f32([4, 5]))
    const run = await runCli(
      ['infer', 'mlp-spirals', '--weights', 'w.safetensors', '--x', 'x.npy', '--out', 'y.npy'],
      dir,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/x\.npy: data rows have 5 features but the model input is \[2\]/)
    const evalRun = await runCli(['eval', 'mlp-spirals', '--data', 'spirals'], dir)
    expect(evalRun.code).toBe(2)
    expect(evalRun.stderr).toMatch(/needs --weights/)
  })
})
