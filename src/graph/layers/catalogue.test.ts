import { describe, expect, it } from 'vitest'
import { findLayer, LAYER_CATEGORIES, LAYERS, layersByCategory } from './index'
import { paramsSchema } from './params'
import type { LayerDef } from './types'

// every layer file, by folder: `./<category>/<type>.ts`
const FILES = import.meta.glob<Record<string, unknown>>(['./*/*.ts', '!./*/*.test.ts', '!./rules/*.ts'], {
  eager: true,
})

const EXPECTED_TYPES = [
  'input',
  'dense',
  'conv1d',
  'conv2d',
  'convTranspose2d',
  'maxPool2d',
  'avgPool2d',
  'globalAvgPool',
  'batchNorm1d',
  'batchNorm2d',
  'layerNorm',
  'dropout',
  'flatten',
  'reshape',
  'permute',
  'concat',
  'add',
  'multiply',
  'embedding',
  'multiHeadAttention',
  'lstm',
  'gru',
  'upsample',
  'relu',
  'leakyRelu',
  'gelu',
  'silu',
  'sigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'crossEntropy',
  'mseLoss',
  'bceWithLogitsLoss',
  'l1Loss',
  'huberLoss',
]

describe('layer catalogue', () => {
  it('holds exactly the planned layer types, each once', () => {
    const types = LAYERS.map((l) => l.type)
    expect(new Set(types).size).toBe(types.length)
    expect([...types].sort()).toEqual([...EXPECTED_TYPES].sort())
  })

  it('names every type in camelCase, usable as a DSL method', () => {
    for (const l of LAYERS) expect(l.type).toMatch(/^[a-z][a-zA-Z0-9]*$/)
  })

  it('lists every layer file in index.ts, each file named by its type in its category folder', () => {
    const paths = Object.keys(FILES)
    expect(paths.length).toBe(LAYERS.length)
    for (const [path, mod] of Object.entries(FILES)) {
      const [, folder, file] = path.match(/^\.\/([^/]+)\/([^/]+)\.ts$/) ?? []
      const exported = Object.values(mod) as LayerDef[]
      expect(exported, path).toHaveLength(1)
      const layer = exported[0] as LayerDef
      expect(LAYERS, `${path} is not listed in index.ts`).toContain(layer)
      expect(layer.type).toBe(file)
      expect(layer.category).toBe(folder)
    }
  })

  it('documents every layer and every param, with a PyTorch counterpart', () => {
    for (const l of LAYERS) {
      expect(l.doc.length, l.type).toBeGreaterThan(10)
      expect(l.label.length, l.type).toBeGreaterThan(0)
      expect(l.torch, l.type).toMatch(/^(torch\.|\(model argument\))/)
      for (const [name, spec] of Object.entries(l.params)) {
        expect(spec.doc.length, `${l.type}.${name}`).toBeGreaterThan(5)
        expect(name, `${l.type}.${name}`).toMatch(/^[a-z][a-z0-9_]*$/)
      }
    }
  })

  it('gives every param a default that passes its own schema, alone and all together', () => {
    for (const l of LAYERS) {
      const schema = paramsSchema(l.params)
      const all = Object.fromEntries(Object.entries(l.params).map(([k, s]) => [k, s.default]))
      expect(schema.safeParse(all).success, l.type).toBe(true)
      expect(schema.safeParse({}).success, l.type).toBe(true)
    }
  })

  it('rejects unknown param names, so a typo names itself', () => {
    const dense = findLayer('dense')!
    expect(paramsSchema(dense.params).safeParse({ out_feature: 3 }).success).toBe(false)
  })

  it('gives every layer exactly one output port, named out', () => {
    for (const l of LAYERS)
      expect(
        l.outputs.map((p) => p.name),
        l.type,
      ).toEqual(['out'])
  })

  it('allows a variadic port only last, and only on the merges', () => {
    for (const l of LAYERS) {
      const variadic = l.inputs.filter((p) => p.variadic)
      if (['concat', 'add', 'multiply'].includes(l.type)) {
        expect(l.inputs).toHaveLength(1)
        expect(l.inputs[0]).toMatchObject({ name: 'in', variadic: { minCount: 2 } })
      } else expect(variadic, l.type).toHaveLength(0)
    }
  })

  it('marks PyTorch required args required, and shape-given ones inferred', () => {
    const required: Record<string, string[]> = {
      input: ['shape'],
      dense: ['in_features', 'out_features'],
      conv1d: ['in_channels', 'out_channels', 'kernel_size'],
      conv2d: ['in_channels', 'out_channels', 'kernel_size'],
      convTranspose2d: ['in_channels', 'out_channels', 'kernel_size'],
      maxPool2d: ['kernel_size'],
      avgPool2d: ['kernel_size'],
      batchNorm1d: ['num_features'],
      batchNorm2d: ['num_features'],
      layerNorm: ['normalized_shape'],
      reshape: ['shape'],
      permute: ['dims'],
      embedding: ['num_embeddings', 'embedding_dim'],
      multiHeadAttention: ['embed_dim', 'num_heads'],
      lstm: ['input_size', 'hidden_size'],
      gru: ['input_size', 'hidden_size'],
    }
    const inferred = [
      'in_features',
      'in_channels',
      'num_features',
      'input_size',
      'embed_dim',
      'normalized_shape',
    ]
    for (const l of LAYERS) {
      const req = Object.entries(l.params)
        .filter(([, s]) => s.required)
        .map(([k]) => k)
      expect(req.sort(), l.type).toEqual((required[l.type] ?? []).sort())
      for (const [k, s] of Object.entries(l.params))
        expect(Boolean(s.inferredFromInput), `${l.type}.${k}`).toBe(inferred.includes(k))
    }
  })

  it('groups layers by category in palette order, losing none', () => {
    const groups = layersByCategory()
    expect([...groups.keys()]).toEqual(LAYER_CATEGORIES)
    expect([...groups.values()].flat()).toHaveLength(LAYERS.length)
    expect(groups.get('convolution')?.map((l) => l.type)).toEqual(['conv1d', 'conv2d', 'convTranspose2d'])
    for (const [category, layers] of groups) for (const l of layers) expect(l.category).toBe(category)
  })

  it('finds a layer by type and returns undefined for an unknown one', () => {
    expect(findLayer('conv2d')?.torch).toBe('torch.nn.Conv2d')
    expect(findLayer('Conv2d')).toBeUndefined()
  })
})
