import { z } from 'zod'
import { type ModelDocument, trainingSchema } from '../../graph/document/schema'
import { parseDocument } from '../../graph/document/validate'
import type { WeightMap } from '../../workers/engine/protocol'
import type { ModelVersion, ModelWeights } from '../versions/versionModel'
import type { ProjectContent, SavedWeights, StoredProject } from './projectModel'

/** The `format` field of a project file, and its file name ending. */
export const PROJECT_FILE_FORMAT = 'triad-project'
export const PROJECT_FILE_EXTENSION = '.triad-project.json'
const FORMAT_VERSION = 1

/** Float32 data as base64 of its little-endian bytes (what safetensors and numpy write too). */
export function encodeFloat32(data: Float32Array): string {
  const bytes = new Uint8Array(data.length * 4)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true)
  let text = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) text += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(text)
}

/** The inverse of `encodeFloat32`; throws when the text is not base64 of whole float32 values. */
export function decodeFloat32(base64: string): Float32Array {
  const text = atob(base64)
  if (text.length % 4 !== 0) throw new Error(`${text.length} bytes is not a whole number of float32 values`)
  const view = new DataView(new ArrayBuffer(text.length))
  for (let i = 0; i < text.length; i++) view.setUint8(i, text.charCodeAt(i))
  const out = new Float32Array(text.length / 4)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

const encodedTensor = z.object({ shape: z.array(z.number().int().nonnegative()), data: z.string() })
const encodedWeights = z.object({
  params: z.record(z.string(), encodedTensor),
  buffers: z.record(z.string(), encodedTensor),
})
type EncodedWeights = z.infer<typeof encodedWeights>

const curve = z.object({ steps: z.array(z.number()), losses: z.array(z.number().nullable()) })
const validationPoint = z.object({
  epoch: z.number(),
  step: z.number(),
  loss: z.number().nullable(),
  accuracy: z.number().nullable(),
})
const version = z.object({
  version: z.string().min(1),
  parent: z.string().nullable(),
  createdAt: z.string(),
  outcome: z.enum(['done', 'stopped', 'bundle']),
  doc: z.unknown(),
  setup: z.object({
    training: trainingSchema.nullable(),
    backend: z.string().nullable(),
    steps: z.number(),
    epochs: z.number(),
  }),
  curve,
  validation: z.array(validationPoint),
  weights: encodedWeights,
})
const projectFile = z.object({
  format: z.literal(PROJECT_FILE_FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  exportedAt: z.string(),
  name: z.string().min(1),
  content: z.object({
    doc: z.unknown(),
    untracedCode: z.string().nullable(),
    currentVersion: z.string().nullable(),
    curve,
    validation: z.array(validationPoint),
  }),
  versions: z.array(version),
  weights: z
    .object({ weights: encodedWeights, from: z.string(), step: z.number().nullable(), savedAt: z.string() })
    .nullable(),
})

const encodeMap = (m: WeightMap) =>
  Object.fromEntries(
    Object.entries(m).map(([k, t]) => [k, { shape: [...t.shape], data: encodeFloat32(t.data) }]),
  )
const encodeWeights = (w: ModelWeights): EncodedWeights => ({
  params: encodeMap(w.params),
  buffers: encodeMap(w.buffers),
})

/** JSON has no NaN: a diverged loss is written as null and read back as NaN. */
const nanToNull = (xs: readonly number[]) => xs.map((x) => (Number.isFinite(x) ? x : null))
const nullToNan = (xs: readonly (number | null)[]) => xs.map((x) => x ?? Number.NaN)

/**
 * A project as one JSON file: the document, the code text, every version with its weights, the
 * latest weights and the last curve. Weights are base64 of little-endian float32, so the values
 * come back bit for bit.
 */
export function serializeProject(project: StoredProject, exportedAt: Date = new Date()): string {
  const { content, weights } = project
  const file = {
    format: PROJECT_FILE_FORMAT,
    formatVersion: FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    name: project.meta.name,
    content: {
      ...content,
      curve: { steps: content.curve.steps, losses: nanToNull(content.curve.losses) },
      validation: content.validation.map((p) => ({ ...p, loss: Number.isFinite(p.loss) ? p.loss : null })),
    },
    versions: project.versions.map((v) => ({
      ...v,
      curve: { steps: v.curve.steps, losses: nanToNull(v.curve.losses) },
      validation: v.validation.map((p) => ({ ...p, loss: Number.isFinite(p.loss) ? p.loss : null })),
      weights: encodeWeights(v.weights),
    })),
    weights: weights ? { ...weights, weights: encodeWeights(weights.weights) } : null,
  }
  return JSON.stringify(file)
}

/** A file name for a project: `mlp-spirals.triad-project.json`. */
export function projectFileName(name: string): string {
  const stem = name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'project'
  return `${stem}${PROJECT_FILE_EXTENSION}`
}

/** A project read from a file, without its id and times (the importer gives it new ones). */
export type ParsedProjectFile =
  | {
      ok: true
      name: string
      content: ProjectContent
      versions: ModelVersion[]
      weights: SavedWeights | null
    }
  | { ok: false; errors: string[] }

/**
 * Reads a project file: the JSON structure, every document (validated like an opened model file,
 * each problem with its path) and every tensor (its data must hold as many floats as its shape
 * says). A file with any problem is refused whole: the errors list them all.
 */
export function parseProjectFile(text: string): ParsedProjectFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${e instanceof Error ? e.message : String(e)}`] }
  }
  const parsed = projectFile.safeParse(json)
  if (!parsed.success) {
    const format = (json as { format?: unknown } | null)?.format
    if (format !== PROJECT_FILE_FORMAT)
      return {
        ok: false,
        errors: [
          `not a Triad project file: "format" is ${JSON.stringify(format)}, expected "${PROJECT_FILE_FORMAT}" (open model files with Open, not Import project)`,
        ],
      }
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
    }
  }
  const errors: string[] = []
  const doc = (value: unknown, at: string): ModelDocument | null => {
    const r = parseDocument(value)
    if (r.ok) return r.doc
    errors.push(...r.errors.map((e) => `${at}.${e}`))
    return null
  }
  const decodeMap = (m: EncodedWeights['params'], at: string): WeightMap => {
    const out: Record<string, WeightMap[string]> = {}
    for (const [key, t] of Object.entries(m)) {
      try {
        const data = decodeFloat32(t.data)
        const expected = t.shape.reduce((a, b) => a * b, 1)
        if (data.length !== expected)
          throw new Error(`holds ${data.length} values, its shape [${t.shape.join(', ')}] needs ${expected}`)
        out[key] = { shape: t.shape, data }
      } catch (e) {
        errors.push(`${at}.${key}: ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    return out
  }
  const decodeWeights = (w: EncodedWeights, at: string): ModelWeights => ({
    params: decodeMap(w.params, `${at}.params`),
    buffers: decodeMap(w.buffers, `${at}.buffers`),
  })
  const f = parsed.data
  const contentDoc = doc(f.content.doc, 'content.doc')
  const versions = f.versions.map((v, i) => ({
    ...v,
    doc: doc(v.doc, `versions[${i}].doc`),
    curve: { steps: v.curve.steps, losses: nullToNan(v.curve.losses) },
    validation: v.validation.map((p) => ({ ...p, loss: p.loss ?? Number.NaN })),
    weights: decodeWeights(v.weights, `versions[${i}].weights`),
  }))
  const weights = f.weights ? { ...f.weights, weights: decodeWeights(f.weights.weights, 'weights') } : null
  if (errors.length > 0 || !contentDoc) return { ok: false, errors }
  return {
    ok: true,
    name: f.name,
    content: {
      ...f.content,
      doc: contentDoc,
      curve: { steps: f.content.curve.steps, losses: nullToNan(f.content.curve.losses) },
      validation: f.content.validation.map((p) => ({ ...p, loss: p.loss ?? Number.NaN })),
    },
    // every doc parsed when no error was recorded
    versions: versions.map((v) => ({ ...v, doc: v.doc! })),
    weights,
  }
}
