import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readNpy } from '../engine/data/npy'
import { readSafetensors } from '../engine/io/safetensors'
import { sha256Hex } from '../graph/bundle/hash'
import { readBundle } from '../graph/bundle/readBundle'
import { BUNDLE_FILES, sealManifest } from '../graph/bundle/writeBundle'
import { importOnnx } from '../graph/onnx/import'
import { runCli, tempDir } from './testing'

let dir: string
let remove: () => void
beforeAll(() => {
  ;({ dir, remove } = tempDir('triad-bundle-cli-'))
})
afterAll(() => remove())

const file = (name: string) => join(dir, name)
const read = (name: string) => new Uint8Array(readFileSync(file(name)))

/** Runs the CLI and checks the bad-input contract: exit `code`, one `triad: ` line matching `message`. */
async function expectError(argv: string[], message: RegExp, code = 2) {
  const run = await runCli(argv, dir)
  const lines = run.stderr.split('\n').filter((l) => l !== '')
  expect(run.code, run.stderr).toBe(code)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^triad: /)
  expect(lines[0]).toMatch(message)
}

/** Largest absolute difference between two weight files' tensors. */
function weightDiff(a: Uint8Array, b: Uint8Array): number {
  const ta = readSafetensors(a).tensors
  const tb = readSafetensors(b).tensors
  expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort())
  let worst = 0
  for (const [name, t] of ta) {
    const u = tb.get(name)!
    for (let i = 0; i < t.data.length; i++)
      worst = Math.max(worst, Math.abs(Number(t.data[i]) - Number(u.data[i])))
  }
  return worst
}

const zipEntry = (zip: Uint8Array, name: string) => unzipSync(zip)[name]!

// the runs build on each other: a trained bundle, a bundle trained from it, an ONNX export of it
describe('triad train --out bundle.zip, export, infer and verify', () => {
  it('trains into a bundle (version 1.0.0, every step in metrics.json) that verifies', async () => {
    const run = await runCli(['train', 'mlp-spirals', '--steps', '6', '--out', 'spirals.zip'], dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.summary).toMatchObject({ out: file('spirals.zip'), version: '1.0.0', parent_version: null })
    const bundle = await readBundle(read('spirals.zip'))
    expect(bundle.metrics.train.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(bundle.manifest.metrics.steps).toBe(6)
    expect(bundle.manifest.data).toMatchObject({ name: 'spirals', samples: 500 })
    expect(bundle.manifest.training).toMatchObject({ loss: 'cross_entropy', seed: 0 })
    // the samples are the data's first rows
    expect(bundle.samples.shape).toEqual([8, 2])
    const verify = await runCli(['verify', 'spirals.zip'], dir)
    expect(verify.stderr).toBe('')
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(
      /^OK mlp-spirals 1\.0\.0: manifest valid, 11 files match their sha256, onnxruntime on model\.onnx matches expected\.npy for 8 samples \(max \|diff\| [\d.e-]+ <= 0\.0001\)\n$/,
    )
  })

  it('trains on from a bundle: its weights, its setup, parent = its version, minor bumped', async () => {
    const run = await runCli(
      ['train', 'spirals.zip', '--optimizer', 'sgd', '--lr', '1e-12', '--steps', '1', '--out', 'next.zip'],
      dir,
    )
    expect(run.stderr).toBe('')
    expect(run.summary).toMatchObject({ version: '1.1.0', parent_version: '1.0.0' })
    const next = await readBundle(read('next.zip'))
    expect(next.manifest).toMatchObject({ version: '1.1.0', parentVersion: '1.0.0' })
    expect(next.manifest.training?.dataset).toBe('spirals')
    // with lr 1e-12 one step leaves the weights where the parent bundle left them
    const diff = weightDiff(
      zipEntry(read('spirals.zip'), BUNDLE_FILES.weights),
      zipEntry(read('next.zip'), BUNDLE_FILES.weights),
    )
    expect(diff).toBeLessThan(1e-6)
  })

  it('exports a bundle as ONNX, and trains from the ONNX file, starting from its initializers', async () => {
    const out = await runCli(['export', 'spirals.zip', '--format', 'onnx', '--out', 'spirals.onnx'], dir)
    expect(out.stderr).toBe('')
    expect(out.summary).toMatchObject({ command: 'export', format: 'onnx', out: file('spirals.onnx') })
    expect(importOnnx(read('spirals.onnx')).doc.nodes.length).toBeGreaterThan(0)
    await expectError(
      ['train', 'spirals.onnx', '--data', 'spirals', '--out', 'x.zip'],
      /has no training setup: pass --loss/,
    )
    expect(existsSync(file('x.zip'))).toBe(false)
    const run = await runCli(
      [
        'train',
        'spirals.onnx',
        '--data',
        'spirals',
        '--loss',
        'cross_entropy',
        '--optimizer',
        'sgd',
        '--lr',
        '1e-12',
        '--steps',
        '1',
        '--out',
        'from-onnx.zip',
      ],
      dir,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const bundle = await readBundle(read('from-onnx.zip'))
    expect(bundle.manifest).toMatchObject({ version: '1.0.0', parentVersion: null })
    const a = readSafetensors(zipEntry(read('spirals.zip'), BUNDLE_FILES.weights)).tensors
    const b = readSafetensors(zipEntry(read('from-onnx.zip'), BUNDLE_FILES.weights)).tensors
    // the imported document names its nodes itself: compare the tensors in order of their shapes
    const values = (m: typeof a) =>
      [...m.values()]
        .map((t) => Array.from(t.data as Float32Array))
        .sort((x, y) => x.length - y.length || x[0]! - y[0]!)
    const [va, vb] = [values(a), values(b)]
    expect(vb.length).toBe(va.length)
    for (let i = 0; i < va.length; i++)
      for (let j = 0; j < va[i]!.length; j++) expect(Math.abs(vb[i]![j]! - va[i]![j]!)).toBeLessThan(1e-6)
  })

  it("infers with a bundle's own weights: its samples give its expected outputs", async () => {
    const bundle = await readBundle(read('spirals.zip'))
    writeFileSync(file('samples.npy'), bundle.files.get(BUNDLE_FILES.samples)!)
    const run = await runCli(['infer', 'spirals.zip', '--x', 'samples.npy', '--out', 'y.npy'], dir)
    expect(run.stderr).toBe('')
    const y = readNpy(read('y.npy'))
    expect(y.shape).toEqual(bundle.expected.shape)
    const want = bundle.expected.data as Float32Array
    ;(y.data as Float32Array).forEach((v, i) => {
      expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6)
    })
  })

  it('exports PyTorch (model.py, train.py, weights), code and a bundle into a directory', async () => {
    const py = await runCli(['export', 'spirals.zip', '--format', 'pytorch', '--out', 'py'], dir)
    expect(py.stderr).toBe('')
    expect(readFileSync(file('py/model.py'), 'utf8')).toMatch(/class \w+\(nn\.Module\)/)
    expect(readFileSync(file('py/train.py'), 'utf8')).toMatch(/DistributedDataParallel/)
    expect(
      weightDiff(read('py/weights.safetensors'), zipEntry(read('spirals.zip'), BUNDLE_FILES.weights)),
    ).toBe(0)
    const code = await runCli(['export', 'mlp-spirals', '--format', 'code', '--out', 'model.ts'], dir)
    expect(code.code).toBe(0)
    expect(readFileSync(file('model.ts'), 'utf8')).toContain("model('mlp-spirals'")
    const zip = await runCli(
      ['export', 'cnn-mnist', '--format', 'bundle', '--version', '0.3.0', '--seed', '2', '--out', '.'],
      dir,
    )
    expect(zip.stderr).toBe('')
    expect(zip.summary).toMatchObject({ out: file('cnn-mnist-0.3.0.zip') })
    const verify = await runCli(['verify', 'cnn-mnist-0.3.0.zip'], dir)
    expect(verify.stdout).toMatch(/^OK cnn-mnist 0\.3\.0: /)
  })

  it('fails verify (exit 1) and infer (exit 2), naming the file, for a changed byte in each file', async () => {
    const files = unzipSync(read('spirals.zip'))
    for (const name of Object.keys(files)) {
      const bytes = files[name]!.slice()
      bytes[Math.floor(bytes.length / 2)]! ^= 0x20
      writeFileSync(file('bad.zip'), zipSync({ ...files, [name]: bytes }))
      await expectError(
        ['verify', 'bad.zip'],
        new RegExp(`^triad: verify failed: bad\\.zip: ${name.replace('.', '\\.')}: `),
        1,
      )
      await expectError(
        ['infer', 'bad.zip', '--x', 'samples.npy', '--out', 'z.npy'],
        new RegExp(`^triad: bad\\.zip: ${name.replace('.', '\\.')}: `),
      )
    }
  })

  it('fails verify when model.onnx does not reproduce expected.npy, though every hash matches', async () => {
    const files = unzipSync(read('spirals.zip'))
    const expected = readNpy(files[BUNDLE_FILES.expected]!)
    const data = Float32Array.from(expected.data as Float32Array)
    data[3]! += 0.01
    const { writeNpy } = await import('../engine/data/npy')
    const changed = writeNpy({ dtype: 'float32', shape: expected.shape, data })
    const manifest = JSON.parse(new TextDecoder().decode(files[BUNDLE_FILES.manifest]))
    manifest.files[BUNDLE_FILES.expected] = { sha256: await sha256Hex(changed), size: changed.length }
    const rezipped = zipSync({
      ...files,
      [BUNDLE_FILES.expected]: changed,
      [BUNDLE_FILES.manifest]: await sealManifest(manifest),
    })
    writeFileSync(file('wrong.zip'), rezipped)
    await expectError(
      ['verify', 'wrong.zip'],
      /verify failed: wrong\.zip: model\.onnx does not reproduce expected\.npy: output 'logits' element 3 differs by 0\.01/,
      1,
    )
  })

  it('refuses bad input: missing files, a wrong format, a corrupt bundle, a non-zip to verify', async () => {
    await expectError(['verify', 'nope.zip'], /nope\.zip: no such bundle file/)
    await expectError(
      ['train', 'mlp-spirals', '--version', '2.0.0', '--out', 'dir'],
      /--version names a bundle: give it with --out <name>\.zip/,
    )
    await expectError(['verify'], /triad verify needs a bundle/)
    await expectError(
      ['export', 'nope.onnx', '--format', 'onnx', '--out', 'a.onnx'],
      /nope\.onnx: no such model file/,
    )
    await expectError(
      ['export', 'mlp-spirals', '--format', 'tflite', '--out', 'a'],
      /--format 'tflite' is not one of onnx, pytorch, bundle, code/,
    )
    await expectError(
      ['export', 'mlp-spirals', '--out', 'a'],
      /needs --format \(onnx, pytorch, bundle, code\)/,
    )
    await expectError(['export', 'mlp-spirals', '--format', 'onnx'], /needs --out <path>/)
    await expectError(
      ['export', 'mlp-spirals', '--format', 'code', '--version', '1.0', '--out', 'a.ts'],
      /--version '1\.0' is not a semantic version/,
    )
    const zip = read('spirals.zip')
    writeFileSync(file('cut.zip'), zip.subarray(0, zip.length - 100))
    await expectError(['infer', 'cut.zip', '--x', 'samples.npy', '--out', 'z.npy'], /^triad: cut\.zip: /)
    await expectError(['verify', 'cut.zip'], /verify failed: cut\.zip: /, 1)
    writeFileSync(file('junk.onnx'), new Uint8Array([1, 2, 3, 4, 5]))
    await expectError(['export', 'junk.onnx', '--format', 'code', '--out', 'j.ts'], /^triad: junk\.onnx: /)
    writeFileSync(file('text.zip'), 'not a zip at all, just text that is long enough')
    await expectError(
      ['verify', 'text.zip'],
      /^triad: verify failed: text\.zip: not a zip file \(no end of central directory record\)$/,
      1,
    )
    expect(existsSync(file('a.onnx')) || existsSync(file('a.ts')) || existsSync(file('z.npy'))).toBe(false)
  })
})
