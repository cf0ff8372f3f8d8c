import { describe, expect, it } from 'vitest'
import { compileInference, initTensors, Rng, type TensorMap } from '../../../engine'
import type { ModelDocument } from '../../document/schema'
import { lowerDocument } from '../../lower/lowerDocument'
import { findTemplate } from '../../templates'
import { exportOnnx } from '../exportOnnx'
import { importOnnx } from './importOnnx'

/** A template's seeded weights, running statistics randomized so BatchNorm's are really read. */
function seeded(doc: ModelDocument) {
  const model = lowerDocument(doc, { batch: 1, training: false })
  const rng = new Rng(3)
  const buffers: TensorMap = {}
  for (const b of model.buffers) {
    const n = b.shape.reduce((a, d) => a * d, 1)
    buffers[b.name] = Float32Array.from({ length: n }, () =>
      b.name.endsWith('running_var') ? 0.5 + rng.uniform() : rng.normal(),
    )
  }
  return { params: initTensors(model.params, 0), buffers }
}

/** Runs a document's eval graph on one random batch. */
function run(doc: ModelDocument, weights: { params: TensorMap; buffers: TensorMap }, batch: number) {
  const model = lowerDocument(doc, { batch, training: false })
  const rng = new Rng(5)
  const feeds: Record<string, Float32Array | Int32Array> = {}
  for (const input of model.inputs) {
    const n = input.value.shape.reduce((a, d) => a * d, 1)
    feeds[input.name] =
      input.value.dtype === 'i32'
        ? Int32Array.from({ length: n }, () => rng.int(2))
        : Float32Array.from({ length: n }, () => rng.normal())
  }
  return compileInference(model, model.outputs).run(weights, feeds)
}

/** The module path a state_dict key becomes as a node id (blocks are inlined: `res1.conv1` -> `res1_conv1`). */
const flatKey = (key: string) => {
  const cut = key.includes('.out_proj.') ? key.indexOf('.out_proj.') : key.lastIndexOf('.')
  return `${key.slice(0, cut).replace(/\./g, '_')}${key.slice(cut)}`
}

const types = (doc: ModelDocument) =>
  doc.nodes
    .map((n) => n.type)
    .filter((t) => t !== 'dropout')
    .sort()

/** Templates whose inference graph is a plain float-input chain of catalogue layers. */
const ROUND_TRIP = ['mlp-spirals', 'cnn-mnist', 'autoencoder', 'resnet-block', 'char-transformer']

describe('exportOnnx then importOnnx', () => {
  for (const id of ROUND_TRIP)
    it(`gives back the ${id} template's layers, parameters and outputs`, () => {
      const doc = findTemplate(id)!.create()
      const weights = seeded(doc)
      const imported = importOnnx(exportOnnx(doc, weights), { name: doc.name })
      const flat = (doc.blocks.length > 0 ? [] : doc.nodes)
        .map((n) => n.id)
        .filter((i) => !doc.nodes.find((m) => m.id === i && m.type === 'dropout'))
      if (flat.length > 0) expect(imported.doc.nodes.map((n) => n.id).sort()).toEqual(flat.sort())
      if (doc.blocks.length === 0) expect(types(imported.doc)).toEqual(types(doc))
      for (const kind of ['params', 'buffers'] as const) {
        const want = Object.entries(weights[kind]).filter(([k]) => !k.endsWith('num_batches_tracked'))
        const got = Object.keys(imported.weights[kind]).filter((k) => !k.endsWith('num_batches_tracked'))
        expect(got.sort()).toEqual(want.map(([k]) => flatKey(k)).sort())
        for (const [k, v] of want)
          expect(Array.from(imported.weights[kind][flatKey(k)]!)).toEqual(Array.from(v))
      }
      const a = run(doc, weights, 3)
      const b = run(imported.doc, imported.weights, 3)
      for (const o of doc.outputs) {
        const x = a[o.name]!.data
        const y = b[o.name]!.data
        expect(y.length).toBe(x.length)
        let worst = 0
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!))
        expect(worst).toBeLessThan(1e-5)
      }
    })
})
