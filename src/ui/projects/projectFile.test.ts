import { describe, expect, it } from 'vitest'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import type { ModelVersion } from '../versions/versionModel'
import { sameWeights } from '../versions/versionModel'
import {
  decodeFloat32,
  encodeFloat32,
  parseProjectFile,
  projectFileName,
  serializeProject,
} from './projectFile'
import type { StoredProject } from './projectModel'

const tricky = new Float32Array([0, -0, 1.5, -3.25e-39, 3.4028234663852886e38, Number.NaN, 1 / 3, -1e-7])

function project(): StoredProject {
  const doc = mlpSpirals()
  const weights = { params: { 'fc.weight': { shape: [2, 4], data: tricky } }, buffers: {} }
  const version: ModelVersion = {
    version: '0.1.0',
    parent: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    outcome: 'done',
    doc,
    setup: { training: doc.training ?? null, backend: 'cpu', steps: 3, epochs: 1 },
    curve: { steps: [1, 2, 3], losses: [1, Number.NaN, 0.5] },
    validation: [{ epoch: 1, step: 3, loss: 0.4, accuracy: 0.9 }],
    weights,
  }
  return {
    meta: { id: 'p-1', name: doc.name, createdAt: 'x', updatedAt: 'y' },
    content: {
      doc,
      untracedCode: '// my code\n',
      currentVersion: '0.1.0',
      curve: { steps: [1, 2], losses: [0.7, 0.6] },
      validation: [],
    },
    versions: [version],
    weights: { weights, from: 'the checkpoint of step 3', step: 3, savedAt: '2026-01-01T00:00:01.000Z' },
  }
}

describe('project files', () => {
  it('encode float32 data as base64 and read it back bit for bit, NaN, -0 and subnormals included', () => {
    const back = decodeFloat32(encodeFloat32(tricky))
    expect(back.length).toBe(tricky.length)
    for (let i = 0; i < tricky.length; i++) expect(Object.is(back[i], tricky[i])).toBe(true)
    expect(decodeFloat32(encodeFloat32(new Float32Array(0))).length).toBe(0)
  })

  it('round-trip a project: document, code, versions, curves with NaN losses, and weights', () => {
    const p = project()
    const parsed = parseProjectFile(serializeProject(p))
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'))
    expect(parsed.name).toBe(p.meta.name)
    expect(parsed.content.doc).toEqual(p.content.doc)
    expect(parsed.content.untracedCode).toBe('// my code\n')
    expect(parsed.content.currentVersion).toBe('0.1.0')
    expect(parsed.versions[0]!.curve.losses[1]).toBeNaN()
    expect(parsed.versions[0]!.validation).toEqual(p.versions[0]!.validation)
    expect(sameWeights(parsed.versions[0]!.weights, p.versions[0]!.weights)).toBe(true)
    expect(parsed.weights?.from).toBe('the checkpoint of step 3')
    expect(sameWeights(parsed.weights!.weights, p.weights!.weights)).toBe(true)
  })

  it('refuse a file that is not a project file and say which Open to use', () => {
    const r = parseProjectFile(JSON.stringify({ schemaVersion: 1, nodes: [] }))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toMatch(/not a Triad project file.*Open/)
    const bad = parseProjectFile('{"format": ')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.errors[0]).toMatch(/not valid JSON/)
  })

  it('refuse a tensor whose data does not match its shape, naming the tensor', () => {
    const json = JSON.parse(serializeProject(project()))
    json.weights.weights.params['fc.weight'].shape = [3, 4]
    const r = parseProjectFile(JSON.stringify(json))
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors).toContain('weights.params.fc.weight: holds 8 values, its shape [3, 4] needs 12')
  })

  it('refuse a broken document inside the file with the path of the problem', () => {
    const json = JSON.parse(serializeProject(project()))
    json.versions[0].doc.nodes[0].type = 'no-such-layer'
    const r = parseProjectFile(JSON.stringify(json))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.some((e) => e.startsWith('versions[0].doc.'))).toBe(true)
  })

  it('name files after the project, safe for any file system', () => {
    expect(projectFileName('mlp-spirals')).toBe('mlp-spirals.triad-project.json')
    expect(projectFileName('my model / v2')).toBe('my-model-v2.triad-project.json')
    expect(projectFileName('///')).toBe('project.triad-project.json')
  })
})
