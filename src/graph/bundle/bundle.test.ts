import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readNpy } from '../../engine/data/npy'
import { serializeDocument } from '../document/validate'
import { CompiledModel, probeModel } from '../fit/compiledModel'
import { findTemplate, TEMPLATES } from '../templates'
import { BundleError } from './errors'
import { fingerprintData } from './fingerprint'
import { initialWeights } from './initialWeights'
import { bumpMinor } from './manifest'
import { readBundle } from './readBundle'
import { BUNDLE_FILES, bundleFileName, writeBundle } from './writeBundle'

const doc = findTemplate('mlp-spirals')!.create()
const weights = initialWeights(doc, 3)
const metrics = {
  train: [
    { step: 1, loss: 1.1 },
    { step: 2, loss: 0.9 },
    { step: 3, loss: 0.7 },
  ],
  validation: [{ epoch: 1, loss: 0.8, accuracy: 0.5 }],
}
const createdAt = new Date('2026-01-02T03:04:05.000Z')

async function spiralsBundle() {
  const data = await fingerprintData('spirals', 2, [
    { name: 'features', data: Float32Array.from([0.1, 0.2, 0.3, 0.4]), shape: [2, 2] },
    { name: 'labels', data: Int32Array.from([0, 1]), shape: [2] },
  ])
  return writeBundle({ doc, weights, metrics, createdAt, version: '1.2.0', parentVersion: '1.1.0', data })
}

/** The zip with `file`'s byte `at` changed (xor 1), rezipped. */
function withChangedByte(zip: Uint8Array, file: string, at: number): Uint8Array {
  const files = unzipSync(zip)
  const bytes = files[file]!.slice()
  bytes[at % bytes.length]! ^= 1
  files[file] = bytes
  return zipSync(files)
}

describe('bundles', () => {
  it('round-trips the document, the weights and the metrics exactly', async () => {
    const zip = await spiralsBundle()
    const bundle = await readBundle(zip)
    expect(serializeDocument(bundle.doc)).toBe(serializeDocument(doc))
    expect(bundle.metrics).toEqual(metrics)
    for (const [name, w] of Object.entries(weights.params))
      expect(Array.from(bundle.weights.params[name]!)).toEqual(Array.from(w))
    expect(Object.keys(bundle.weights.params).sort()).toEqual(Object.keys(weights.params).sort())
    expect(bundle.manifest).toMatchObject({
      name: 'mlp-spirals',
      version: '1.2.0',
      parentVersion: '1.1.0',
      createdAt: '2026-01-02T03:04:05.000Z',
      training: doc.training,
      metrics: { steps: 3, train_loss: 0.7, validation_loss: 0.8, validation_accuracy: 0.5 },
      samples: { count: 4, input: 'point', output: 'logits' },
    })
    expect(bundle.manifest.data?.arrays).toEqual([
      { name: 'features', dtype: 'float32', shape: [2, 2] },
      { name: 'labels', dtype: 'int32', shape: [2] },
    ])
    expect(bundle.code).toContain("model('mlp-spirals'")
  })

  it('writes the same bytes for the same input, and names the file <name>-<version>.zip', async () => {
    expect(await spiralsBundle()).toEqual(await spiralsBundle())
    expect(bundleFileName('mlp-spirals', '1.2.0')).toBe('mlp-spirals-1.2.0.zip')
    expect(bundleFileName('My Model', '2.0.0-rc.1')).toBe('my-model-2.0.0-rc.1.zip')
  })

  it("stores Triad's eval outputs for the samples in expected.npy", async () => {
    const bundle = await readBundle(await spiralsBundle())
    const out = new CompiledModel(doc, 'logits').predict(
      weights,
      { point: Float32Array.from(bundle.samples.data as Float32Array) },
      4,
    )
    expect(bundle.expected.shape).toEqual([4, 2])
    expect(Array.from(bundle.expected.data as Float32Array)).toEqual(Array.from(out.data))
    expect(readNpy(bundle.files.get(BUNDLE_FILES.expected)!).shape).toEqual([4, 2])
  })

  it('draws the loss curve as SVG in the model card', async () => {
    const bundle = await readBundle(await spiralsBundle())
    const card = new TextDecoder().decode(bundle.files.get(BUNDLE_FILES.readme))
    expect(card).toMatch(/^# mlp-spirals 1\.2\.0/)
    expect(card).toContain('Parent version: 1.1.0.')
    expect(card).toMatch(/<svg [^>]*>[\s\S]*<polyline[^>]*points="[\d., ]+"[\s\S]*<\/svg>/)
    expect(card).toContain('| validation_accuracy | 0.5 |')
  })

  it('refuses a bundle with one changed byte in any file, naming that file', async () => {
    const zip = await spiralsBundle()
    const names = Object.keys(unzipSync(zip))
    expect(names.sort()).toEqual(Object.values(BUNDLE_FILES).sort())
    for (const name of names) {
      for (const at of [0, 17, 1000]) {
        const bad = withChangedByte(zip, name, at)
        const error = await readBundle(bad).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error, `${name} byte ${at}`).toBeInstanceOf(BundleError)
        expect((error as BundleError).file, `${name} byte ${at}: ${(error as Error).message}`).toBe(name)
        expect((error as Error).message.startsWith(`${name}: `)).toBe(true)
      }
    }
  })

  it('refuses a bundle with a file removed or added, naming it', async () => {
    const files = unzipSync(await spiralsBundle())
    const { [BUNDLE_FILES.onnx]: _, ...rest } = files
    await expect(readBundle(zipSync(rest))).rejects.toThrow(
      /^model\.onnx: is listed in manifest\.json but missing/,
    )
    await expect(readBundle(zipSync({ ...files, 'evil.js': new Uint8Array([1]) }))).rejects.toThrow(
      /^evil\.js: is not listed in manifest\.json/,
    )
  })

  it('names the JSON path of an invalid manifest field', async () => {
    const files = unzipSync(await spiralsBundle())
    const manifest = JSON.parse(new TextDecoder().decode(files[BUNDLE_FILES.manifest]))
    manifest.signature.inputs[0].shape[1] = -2
    files[BUNDLE_FILES.manifest] = new TextEncoder().encode(JSON.stringify(manifest))
    await expect(readBundle(zipSync(files))).rejects.toThrow(
      /^manifest\.json: invalid manifest: signature\.inputs\[0\]\.shape\[1\]/,
    )
  })

  it('bumps the minor version for a run trained on from a bundle', () => {
    expect(bumpMinor('1.4.2')).toBe('1.5.0')
    expect(bumpMinor('0.9.0-rc.1+build.5')).toBe('0.10.0')
    expect(() => bumpMinor('v1')).toThrow(/not a semantic version/)
  })

  it('bundles every template, and the weights of each come back identical', async () => {
    for (const template of TEMPLATES) {
      const d = template.create()
      if (probeModel(d).inputs.length !== 1) continue
      const w = initialWeights(d, 1)
      const bundle = await readBundle(await writeBundle({ doc: d, weights: w, createdAt }))
      for (const [name, values] of [...Object.entries(w.params), ...Object.entries(w.buffers)]) {
        const back = bundle.weights.params[name] ?? bundle.weights.buffers[name]
        expect(Array.from(back!), `${template.id} ${name}`).toEqual(Array.from(values))
      }
    }
  })
})
