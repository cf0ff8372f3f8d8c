import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { initTensors } from '../../engine'
import type { ModelDocument } from '../document/schema'
import { LAYERS } from '../layers'
import { lowerDocument } from '../lower/lowerDocument'
import { findTemplate, TEMPLATES } from '../templates'
import { buildBody } from '../templates/build'
import { exportOnnx } from './exportOnnx'
import { onnxExportIssues } from './issues'
import { compareWithOnnxRuntime, singleLayerDoc } from './onnxTesting'
import { ONNX } from './proto'

/** Seeded weights of a document (params as its training step initializes them, buffers too). */
function weightsOf(doc: ModelDocument) {
  const model = lowerDocument(doc, { batch: 1, training: false })
  return { params: initTensors(model.params, 0), buffers: initTensors(model.buffers, 0) }
}

/** The graph of exported bytes, decoded (lists present, as protobufjs's classes type them). */
function graphOf(bytes: Uint8Array) {
  return ONNX.GraphProto.create(ONNX.ModelProto.decode(bytes).graph ?? {})
}

/** The dims of a graph input or output. */
function dimsOf(info: {
  type?: { tensorType?: { shape?: { dim?: unknown[] | null } | null } | null } | null
}) {
  return (info.type?.tensorType?.shape?.dim ?? []) as { dimParam?: string; dimValue?: unknown }[]
}

function template(id: string): ModelDocument {
  return findTemplate(id)!.create()
}

describe('exportOnnx on every template', () => {
  for (const t of TEMPLATES)
    it(`exports ${t.id} so that onnxruntime matches Triad within 1e-4`, async () => {
      const { worst, scale } = await compareWithOnnxRuntime(t.create(), { batch: 3, intBound: 65 })
      for (const [name, w] of Object.entries(worst)) {
        expect(w, name).toBeLessThan(1e-4)
        expect(scale[name], name).toBeGreaterThan(0)
      }
    })
})

describe('exportOnnx', () => {
  it('names inputs, outputs and initializers as the document and PyTorch state_dict do', () => {
    const doc = template('mlp-spirals')
    const bytes = exportOnnx(doc, weightsOf(doc))
    const model = ONNX.ModelProto.decode(bytes)
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]])
    const graph = graphOf(bytes)
    expect(graph.input.map((i) => i.name)).toEqual(['point'])
    expect(graph.output.map((o) => o.name)).toEqual(['logits'])
    const dims = dimsOf(graph.input[0]!)
    expect(dims[0]!.dimParam).toBe('N')
    expect(Number(dims[1]!.dimValue)).toBe(2)
    expect(graph.initializer.map((t) => t.name).sort()).toEqual(
      [
        'hidden1.bias',
        'hidden1.weight',
        'hidden2.bias',
        'hidden2.weight',
        'logits.bias',
        'logits.weight',
      ].sort(),
    )
    expect(graph.node.map((n) => n.name)).toContain('hidden1/Gemm')
  })

  it('inlines blocks under their module path and keeps BatchNorm running stats as initializers', () => {
    const doc = template('resnet-block')
    const graph = graphOf(exportOnnx(doc, weightsOf(doc)))
    const names = graph.initializer.map((t) => t.name)
    expect(names).toContain('res2.bn1.running_var')
    expect(names).toContain('res1.conv2.weight')
    expect(names).not.toContain('res1.bn1.num_batches_tracked')
    expect(graph.node.map((n) => n.name)).toContain('res2.conv1/Conv')
  })

  it('runs at any batch size with the dynamic batch, and at the fixed one only when asked', async () => {
    const doc = template('mlp-spirals')
    const dynamic = await ort.InferenceSession.create(exportOnnx(doc, weightsOf(doc)))
    for (const n of [1, 5]) {
      const out = await dynamic.run({ point: new ort.Tensor('float32', new Float32Array(2 * n), [n, 2]) })
      expect(out.logits!.dims).toEqual([n, 2])
    }
    const fixed = graphOf(exportOnnx(doc, weightsOf(doc), { batch: 4 }))
    expect(Number(dimsOf(fixed.input[0]!)[0]!.dimValue)).toBe(4)
  })

  it('exports only what the outputs need, leaving out a loss and its target input', () => {
    const body = buildBody([
      { id: 'x', type: 'input', params: { shape: [3] } },
      { id: 'target', type: 'input', params: { shape: [2] } },
      { id: 'fc', type: 'dense', params: { in_features: 3, out_features: 2 }, from: ['x'] },
      { id: 'loss', type: 'mseLoss', from: ['fc', 'target'] },
    ])
    const doc: ModelDocument = {
      schemaVersion: 1,
      name: 'with-loss',
      ...body,
      outputs: [{ name: 'prediction', node: 'fc', port: 'out' }],
      blocks: [],
      metadata: {},
    }
    expect(onnxExportIssues(doc)).toEqual([])
    const graph = graphOf(exportOnnx(doc, weightsOf(doc)))
    expect(graph.input.map((i) => i.name)).toEqual(['x'])
    expect(graph.output.map((o) => o.name)).toEqual(['prediction'])
  })

  it('copies a graph input or a pass-through to a differently named output with Identity', async () => {
    const doc = singleLayerDoc('dropout', { p: 0.5 }, [{ shape: [3] }])
    doc.outputs.push({ name: 'echo', node: 'x0', port: 'out' })
    const session = await ort.InferenceSession.create(exportOnnx(doc, { params: {}, buffers: {} }))
    const x = Float32Array.from([1, -2, 3])
    const out = await session.run({ x0: new ort.Tensor('float32', x, [1, 3]) })
    expect(Array.from(out.out!.data as Float32Array)).toEqual([1, -2, 3])
    expect(Array.from(out.echo!.data as Float32Array)).toEqual([1, -2, 3])
  })

  it('names the missing weight when the state_dict lacks one', () => {
    const doc = template('mlp-spirals')
    const { params, buffers } = weightsOf(doc)
    const { 'hidden2.bias': _, ...rest } = params
    expect(() => exportOnnx(doc, { params: rest, buffers })).toThrow(
      /no weights for parameter 'hidden2.bias'/,
    )
  })

  it('refuses any opset but 17', () => {
    const doc = template('mlp-spirals')
    expect(() => exportOnnx(doc, weightsOf(doc), { opset: 13 as 17 })).toThrow(/opset 17 only/)
  })
})

describe('onnxExportIssues', () => {
  it('finds nothing to fix in any template', () => {
    for (const t of TEMPLATES) expect(onnxExportIssues(t.create()), t.id).toEqual([])
  })

  it('names a loss output as having no ONNX form, and exportOnnx refuses it with the same reason', () => {
    const doc = singleLayerDoc('crossEntropy', {}, [{ shape: [4] }, { shape: [4] }])
    const issues = onnxExportIssues(doc)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ node: 'layer' })
    expect(issues[0]!.message).toMatch(/is a loss: the ONNX export holds the inference graph only/)
    expect(() => exportOnnx(doc, { params: {}, buffers: {} })).toThrow(/layer: .*is a loss/)
  })

  it('refuses an LSTM with proj_size, which ONNX cannot express, and says how to fix it', () => {
    const doc = singleLayerDoc('lstm', { input_size: 3, hidden_size: 4, proj_size: 2 }, [{ shape: [5, 3] }])
    expect(onnxExportIssues(doc)).toEqual([
      { node: 'layer', message: expect.stringMatching(/set proj_size to 0/) },
    ])
  })

  it('reports shape errors before anything else', () => {
    const doc = singleLayerDoc('dense', { in_features: 3, out_features: 2 }, [{ shape: [4] }])
    expect(onnxExportIssues(doc)[0]!.message).toMatch(/^Shapes do not check/)
  })

  it('knows an ONNX form for every catalogue layer but the losses', () => {
    const without = LAYERS.filter((l) => l.type !== 'input' && !l.onnx).map((l) => l.category)
    expect(new Set(without)).toEqual(new Set(['loss']))
  })
})
