import { describe, expect, it } from 'vitest'
import { compileTrainStep, drawNoise, numel, runCpu } from '../../engine'
import { resnetBlock } from '../templates/resnetBlock'
import { lowerDocument } from './lowerDocument'
import { PARITY_MODELS } from './parity/models'
import { caseDocument } from './testing/layerCase'

const mlp = () => PARITY_MODELS.mlpSgd!().doc

describe('lowerDocument', () => {
  it('turns input nodes into graph inputs with the batch dim and outputs into values', () => {
    const model = lowerDocument(mlp(), { batch: 5, training: false })
    expect(model.inputs.map((i) => [i.name, i.value.shape, i.value.dtype])).toEqual([['x', [5, 4], 'f32']])
    expect(model.outputs.logits!.shape).toEqual([5, 3])
    expect(model.params.map((p) => p.name)).toEqual([
      'hidden.weight',
      'hidden.bias',
      'logits.weight',
      'logits.bias',
    ])
    expect(model.loss).toBeUndefined()
  })

  it('names the parameters of block instances by module path, one set per instance', () => {
    const model = lowerDocument(resnetBlock(), { batch: 2, training: true })
    const names = model.params.map((p) => p.name)
    expect(names).toContain('res1.conv1.weight')
    expect(names).toContain('res2.bn2.bias')
    expect(model.buffers.map((b) => b.name)).toContain('res2.bn1.running_var')
    expect(new Set(names).size).toBe(names.length)
    expect(model.graph.nodes.some((v) => v.scope === 'res1.conv1')).toBe(true)
  })

  it('refuses a document whose shapes do not check, naming the node', () => {
    const doc = mlp()
    const logits = doc.nodes.find((n) => n.id === 'logits')!
    logits.params = { ...logits.params, in_features: 5 }
    expect(() => lowerDocument(doc, { batch: 2, training: true })).toThrow(/node logits.*in_features/)
    expect(() => lowerDocument(mlp(), { batch: 0, training: true })).toThrow(/batch/)
  })

  it('attaches a cross-entropy loss with an int class-index target', () => {
    const model = lowerDocument(mlp(), { batch: 3, training: true, loss: { type: 'cross_entropy' } })
    expect(model.target?.name).toBe('target')
    expect([model.target?.value.shape, model.target?.value.dtype]).toEqual([[3], 'i32'])
    expect(model.loss!.shape).toEqual([])
  })

  it('attaches pointwise losses with a float target shaped like the output, with their params', () => {
    const model = lowerDocument(mlp(), {
      batch: 2,
      training: true,
      loss: { type: 'huber', params: { delta: 0.5, reduction: 'sum' }, targetName: 'y' },
    })
    expect([model.target?.name, model.target?.value.shape, model.target?.value.dtype]).toEqual([
      'y',
      [2, 3],
      'f32',
    ])
    const feeds = {
      x: new Float32Array(8),
      y: [1, 0, 0, 0, 0, 0],
      'hidden.weight': new Float32Array(64),
      'hidden.bias': new Float32Array(16),
      'logits.weight': new Float32Array(48),
      'logits.bias': new Float32Array(3),
    }
    // all predictions are 0: one error of 1 (linear part: 0.5 · (1 - 0.25)) and zeros
    expect(runCpu(model.graph, feeds, { outputs: [model.loss!] }).array(model.loss!)).toEqual([0.375])
    expect(() =>
      lowerDocument(mlp(), { batch: 2, training: true, loss: { type: 'mse', targetName: 'x' } }),
    ).toThrow(/already has an input named "x"/)
    expect(() => lowerDocument(mlp(), { batch: 2, training: true, loss: { output: 'logits' } })).toThrow(
      /single number/,
    )
  })

  it('adds noise and running-stat updates only in training mode', () => {
    const doc = PARITY_MODELS.batchNormCnn!().doc
    const train = lowerDocument(doc, { batch: 4, training: true })
    const evalMode = lowerDocument(doc, { batch: 4, training: false })
    expect(train.buffers.map((b) => [b.name, b.next !== undefined])).toEqual([
      ['bn.running_mean', true],
      ['bn.running_var', true],
      ['bn.num_batches_tracked', true],
      ['bn1.running_mean', true],
      ['bn1.running_var', true],
      ['bn1.num_batches_tracked', true],
    ])
    expect(evalMode.buffers.every((b) => b.next === undefined)).toBe(true)
    expect(evalMode.buffers.map((b) => b.name)).toEqual(train.buffers.map((b) => b.name))
  })
})

describe('Dropout lowering', () => {
  const dropoutDoc = (p: number) =>
    caseDocument({
      name: 'dropout',
      layer: 'dropout',
      params: { p },
      mode: 'train',
      inputs: [{ shape: [50, 41], data: [] }],
    })

  it('zeroes about p of the elements in training and scales the rest by 1/(1-p)', () => {
    const model = lowerDocument(dropoutDoc(0.3), { batch: 50, training: true })
    expect(model.noise.map((n) => n.name)).toEqual(['layer#noise'])
    const ones = new Float32Array(50 * 41).fill(1)
    const out = runCpu(model.graph, { x0: ones, ...drawNoise(model.noise, 0, 0) }).array(model.outputs.out!)
    const zeros = out.filter((v) => v === 0).length / out.length
    expect(zeros).toBeGreaterThan(0.26)
    expect(zeros).toBeLessThan(0.34)
    expect(new Set(out.filter((v) => v !== 0))).toEqual(new Set([Math.fround(1 / 0.7)]))
  })

  it('is the identity in eval mode and all zeros with p = 1', () => {
    const evalModel = lowerDocument(dropoutDoc(0.3), { batch: 50, training: false })
    expect(evalModel.noise).toEqual([])
    expect(evalModel.outputs.out).toBe(evalModel.inputs[0]!.value)
    const all = lowerDocument(dropoutDoc(1), { batch: 50, training: true })
    const x = new Float32Array(50 * 41).fill(2)
    const out = runCpu(all.graph, { x0: x, ...drawNoise(all.noise, 0, 0) }).array(all.outputs.out!)
    expect(out.every((v) => v === 0)).toBe(true)
    expect(numel(all.outputs.out!.shape)).toBe(x.length)
  })
})

describe('Embedding with max_norm in a training step', () => {
  it('renormalizes the rows it reads and the optimizer keeps the renormalized table', () => {
    const doc = caseDocument({
      name: 'renorm',
      layer: 'embedding',
      params: { num_embeddings: 4, embedding_dim: 2, max_norm: 1 },
      mode: 'train',
      inputs: [{ shape: [1, 2], dtype: 'i32', data: [] }],
    })
    const model = lowerDocument(doc, { batch: 1, training: true })
    const g = model.graph
    const step = compileTrainStep(model, {
      loss: g.sum(model.outputs.out!),
      optimizer: { type: 'sgd', lr: 0 },
    })
    const weight = Float32Array.of(3, 4, 0.3, 0.4, 6, 8, 0, 2)
    const r = step.run({ ...step.initialState(0), params: { 'layer.weight': weight } }, { x0: [0, 1] })
    // row 0 (norm 5) is read and shrunk to norm 1; row 1 is read but within the norm; rows 2, 3 are not read
    const next = Array.from(r.state.params['layer.weight']!)
    expect(next[0]).toBeCloseTo(0.6, 5)
    expect(next[1]).toBeCloseTo(0.8, 5)
    expect(next.slice(2)).toEqual(Array.from(weight.slice(2)))
    expect(r.loss).toBeCloseTo(0.6 + 0.8 + 0.3 + 0.4, 5)
  })
})
