import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileInference, Rng } from '../../../engine'
import { parseDocument } from '../../document/validate'
import { compileDocument } from '../../lower/compileDocument'
import { lowerDocument } from '../../lower/lowerDocument'
import { inferShapes } from '../../shapes/inferShapes'
import { importOnnx } from './importOnnx'

/** A fixture written by scripts/onnxImportFixtures.py: PyTorch's input and eval-mode output. */
interface Golden {
  readonly opset: number
  readonly input: { readonly shape: number[]; readonly data: number[] }
  readonly output: { readonly shape: number[]; readonly data: number[] }
}

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url)

function load(stem: string) {
  const bytes = new Uint8Array(readFileSync(fixture(`${stem}.onnx`)))
  const golden = JSON.parse(readFileSync(fixture(`${stem}.json`), 'utf8')) as Golden
  return { bytes, golden }
}

/** Runs an imported document's eval graph on Triad's CPU reference. */
function runImported(stem: string) {
  const { bytes, golden } = load(stem)
  const { doc, weights } = importOnnx(bytes)
  const batch = golden.input.shape[0]!
  const model = lowerDocument(doc, { batch, training: false })
  const out = compileInference(model, model.outputs).run(weights, { x: Float32Array.from(golden.input.data) })
  return { doc, weights, golden, y: out.y! }
}

const MODELS = ['mlp', 'cnn', 'residual', 'transformer', 'convmix'] as const

describe('importOnnx on PyTorch exports', () => {
  for (const name of MODELS)
    for (const opset of [13, 17])
      it(`imports the ${name} exported at opset ${opset} and matches PyTorch's output within 1e-4`, () => {
        const { doc, golden, y } = runImported(`${name}-opset${opset}`)
        expect(parseDocument(JSON.parse(JSON.stringify(doc))).ok).toBe(true)
        expect(inferShapes(doc).issues).toEqual({})
        expect([...y.shape]).toEqual(golden.output.shape)
        let worst = 0
        golden.output.data.forEach((want, i) => {
          worst = Math.max(worst, Math.abs(y.data[i]! - want))
        })
        expect(worst).toBeLessThan(1e-4)
      })
})

describe('importOnnx layers', () => {
  const typesOf = (stem: string) => {
    const { doc } = importOnnx(load(stem).bytes)
    return { doc, types: doc.nodes.map((n) => `${n.id}:${n.type}`) }
  }

  it("lifts torch 1.13's attention, LayerNorm (fused at 17, decomposed at 13) and FFN to catalogue layers", () => {
    for (const opset of [13, 17]) {
      const { doc, types } = typesOf(`transformer-opset${opset}`)
      expect(types).toEqual([
        'x:input',
        'layer_self_attn:multiHeadAttention',
        'layer_add:add',
        'layer_norm1:layerNorm',
        'layer_linear1:dense',
        'layer_relu:relu',
        'layer_linear2:dense',
        'layer_add_1:add',
        'layer_norm2:layerNorm',
        'head:dense',
      ])
      const attention = doc.nodes.find((n) => n.type === 'multiHeadAttention')!
      expect(attention.params).toMatchObject({ embed_dim: 32, num_heads: 2 })
      expect(doc.nodes.find((n) => n.id === 'layer_norm1')!.params).toMatchObject({ normalized_shape: [32] })
    }
  })

  it('keeps BatchNorm with its eps and momentum, reads view(x.size(0), -1) as Flatten and names nodes by module', () => {
    const { doc, types } = typesOf('cnn-opset13')
    expect(types).toEqual([
      'x:input',
      'conv1:conv2d',
      'bn1:batchNorm2d',
      'relu:relu',
      'pool1:maxPool2d',
      'conv2:conv2d',
      'bn2:batchNorm2d',
      'relu_1:relu',
      'pool2:avgPool2d',
      'flatten:flatten',
      'fc:dense',
      'bn3:batchNorm1d',
      'softmax:softmax',
    ])
    const bn = doc.nodes.find((n) => n.id === 'bn1')!
    expect(bn.params.eps ?? 1e-5).toBe(1e-5)
    expect(bn.params.momentum ?? 0.1).toBe(0.1)
    expect(doc.nodes.find((n) => n.id === 'conv2')!.params).toMatchObject({ bias: false })
  })

  it("reads Gemm as Dense, torch's erf GELU as one GELU and drops Dropout", () => {
    const { types, doc } = typesOf('mlp-opset13')
    expect(types).toEqual([
      'x:input',
      'fc1:dense',
      'relu:relu',
      'fc2:dense',
      'act2:gelu',
      'fc3:dense',
      'leakyRelu:leakyRelu',
      'tanh:tanh',
      'fc4:dense',
      'sigmoid:sigmoid',
      'fc5:dense',
      'logSoftmax:logSoftmax',
    ])
    expect(doc.nodes.find((n) => n.id === 'leakyRelu')!.params).toEqual({ negative_slope: 0.2 })
  })

  it('lays the graph out top to bottom by depth, branches side by side', () => {
    const { doc } = importOnnx(load('residual-opset17').bytes)
    const at = (id: string) => doc.nodes.find((n) => n.id === id)!.position
    expect(at('stem').y).toBeGreaterThan(at('x').y)
    expect(at('fc').y).toBeGreaterThan(at('mix').y)
    const ys = doc.nodes.map((n) => `${n.position.x},${n.position.y}`)
    expect(new Set(ys).size).toBe(ys.length)
  })

  it('keeps PyTorch state_dict names for modules without dots and marks the document external', () => {
    const { doc, weights } = importOnnx(load('residual-opset17').bytes, { name: 'res' })
    expect(doc.name).toBe('res')
    expect(doc.metadata.origin).toBe('external')
    expect(Object.keys(weights.params)).toContain('stem.weight')
    expect(Object.keys(weights.buffers)).toEqual(
      expect.arrayContaining(['bn1.running_var', 'bn1.num_batches_tracked']),
    )
  })
})

describe('fine-tuning an imported model', () => {
  for (const name of ['mlp', 'cnn', 'residual', 'transformer'] as const)
    it(`trains the imported ${name} from PyTorch's weights and the loss falls`, () => {
      const { bytes, golden } = load(`${name}-opset17`)
      const { doc, weights } = importOnnx(bytes)
      const batch = golden.input.shape[0]!
      // the MLP ends in log_softmax: a classifier, trained as one
      const loss = name === 'mlp' ? ({ type: 'cross_entropy' } as const) : ({ type: 'mse' } as const)
      const { step } = compileDocument(doc, { batch, loss, optimizer: { type: 'adam', lr: 1e-2 } })
      const rng = new Rng(2)
      const feeds: Record<string, number[]> = {}
      for (const v of step.batchInputs) {
        const n = v.shape.reduce((a, d) => a * d, 1)
        feeds[v.name!] =
          v.name === 'x'
            ? golden.input.data
            : Array.from({ length: n }, () => (v.dtype === 'i32' ? rng.int(3) : rng.uniform()))
      }
      // the step starts from the file's weights, not from a fresh initialization
      let state = { ...step.initialState(0), params: weights.params, buffers: weights.buffers }
      const losses: number[] = []
      for (let k = 0; k < 8; k++) {
        const r = step.run(state, feeds)
        state = r.state
        losses.push(r.loss)
      }
      expect(losses.every(Number.isFinite)).toBe(true)
      expect(losses[7]!).toBeLessThan(losses[0]! * 0.9)
      // every parameter the step trains is one the file gave
      expect(Object.keys(state.params).sort()).toEqual(Object.keys(weights.params).sort())
    })
})
