import { describe, expect, it } from 'vitest'
import { parseDocument, serializeDocument } from '../document/validate'
import { inferShapes } from '../shapes/inferShapes'
import { findTemplate, TEMPLATES } from '.'

describe.each(TEMPLATES.map((t) => [t.id, t] as const))('template %s', (id, template) => {
  it('parses with parseDocument, through its JSON text', () => {
    const doc = template.create()
    const result = parseDocument(JSON.parse(serializeDocument(doc)))
    if (!result.ok) throw new Error(result.errors.join('\n'))
    expect(result.doc).toEqual(doc)
  })

  it('has no shape issues and a shape for every output', () => {
    const doc = template.create()
    const report = inferShapes(doc)
    expect(report.issues).toEqual({})
    for (const out of doc.outputs) expect(report.outputs[out.node], out.name).toBeDefined()
  })

  it('records its id, a description and a training setup', () => {
    const doc = template.create()
    expect(doc.metadata.template).toBe(id)
    expect(doc.metadata.description).toBeTruthy()
    expect(doc.training).toBeDefined()
    expect(findTemplate(id)).toBe(template)
  })

  it('lays nodes out left to right along the edges, without overlaps', () => {
    const doc = template.create()
    for (const body of [doc, ...doc.blocks]) {
      const at = new Map(body.nodes.map((n) => [n.id, n.position]))
      for (const e of body.edges) expect(at.get(e.target)!.x).toBeGreaterThan(at.get(e.source)!.x)
      const spots = body.nodes.map((n) => `${n.position.x},${n.position.y}`)
      expect(new Set(spots).size).toBe(spots.length)
    }
  })
})

describe('templates', () => {
  it('give the shapes and parameter counts PyTorch gives for the same models', () => {
    const mlp = inferShapes(findTemplate('mlp-spirals')!.create())
    expect(mlp.outputs.logits).toEqual([['N', 2]])
    expect(mlp.totalParams).toBe(2 * 16 + 16 + 16 * 16 + 16 + 16 * 2 + 2)
    const cnn = inferShapes(findTemplate('cnn-mnist')!.create())
    expect(cnn.outputs.pool2).toEqual([['N', 32, 7, 7]])
    expect(cnn.outputs.logits).toEqual([['N', 10]])
    expect(cnn.totalParams).toBe(16 * 9 + 16 + 32 * 16 * 9 + 32 + 1568 * 10 + 10)
    const tf = inferShapes(findTemplate('char-transformer')!.create())
    expect(tf.outputs.logits).toEqual([['N', 64, 65]])
    const resnet = inferShapes(findTemplate('resnet-block')!.create())
    expect(resnet.outputs.res2).toEqual([['N', 16, 28, 28]])
    expect(resnet.stats.res1?.paramCount).toBe(2 * (16 * 16 * 9) + 2 * (2 * 16))
  })

  it("score the GAN's fakes and reals in one batch", () => {
    const report = inferShapes(findTemplate('gan')!.create())
    expect(report.outputs.fake).toEqual([['N', 784]])
    expect(report.outputs.score?.[0]?.[1]).toBe(1)
  })

  it('have unique ids and return a fresh document on every call', () => {
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length)
    const t = TEMPLATES[0]!
    expect(t.create()).not.toBe(t.create())
  })
})
