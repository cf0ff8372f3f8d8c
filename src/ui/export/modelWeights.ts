import { initTensors } from '../../engine'
import type { ModelDocument } from '../../graph/document/schema'
import { lowerDocument } from '../../graph/lower'
import type { WeightMap } from '../../workers/engine/protocol'
import type { RunController } from '../run/runController'
import type { AppStore } from '../store/appState'
import type { ModelWeights } from '../versions/versionModel'

/** The model's weights and where they came from, in the user's words. */
export interface SourcedWeights {
  readonly weights: ModelWeights
  /** `run at step 200`, `version 0.1.0`, `model.onnx`, `seeded init (seed 0)`. */
  readonly from: string
}

/** Phases in which the engine worker holds a compiled model whose weights can be read. */
const RUN_HAS_WEIGHTS = new Set(['ready', 'training', 'paused', 'done', 'stopped'])

/**
 * The document's freshly initialised weights (PyTorch's initialisers, seeded: the training
 * setup's seed, else 0), with shapes: what a run starts from, and what an untrained model exports.
 * Throws, naming the node, when the document's shapes do not check.
 */
export function seededWeights(doc: ModelDocument): { weights: ModelWeights; seed: number } {
  const model = lowerDocument(doc, { batch: 1, training: false })
  const seed = doc.training?.seed ?? 0
  const withShapes = (slots: typeof model.params, data: Record<string, Float32Array>): WeightMap =>
    Object.fromEntries(slots.map((s) => [s.name, { shape: [...s.shape], data: data[s.name]! }]))
  return {
    weights: {
      params: withShapes(model.params, initTensors(model.params, seed)),
      buffers: withShapes(model.buffers, initTensors(model.buffers, seed)),
    },
    seed,
  }
}

/** Whether `candidate` has every tensor of `template` under the same key with the same shape. */
export function weightsFit(template: ModelWeights, candidate: ModelWeights): boolean {
  const fits = (t: WeightMap, c: WeightMap) =>
    Object.entries(t).every(([k, v]) => c[k] !== undefined && c[k]!.shape.join() === v.shape.join())
  return fits(template.params, candidate.params) && fits(template.buffers, candidate.buffers)
}

/**
 * The weights to export (or verify) for the current document, best first: weights loaded from
 * a file or a rolled-back version (until a new run starts), then the engine worker's run when it
 * holds a model, then a seeded init. Candidates whose keys or shapes do not fit the document (it
 * was edited since) are passed over, and the answer says which source was used.
 */
export async function currentWeights(
  store: AppStore,
  run: Pick<RunController, 'getWeights'>,
): Promise<SourcedWeights> {
  const { doc, loadedWeights, run: view } = store.getState()
  const seeded = seededWeights(doc)
  if (loadedWeights && weightsFit(seeded.weights, loadedWeights.weights))
    return { weights: loadedWeights.weights, from: loadedWeights.from }
  const phase = view.status?.phase
  if (phase && RUN_HAS_WEIGHTS.has(phase)) {
    try {
      const fromRun = await run.getWeights()
      if (weightsFit(seeded.weights, fromRun))
        return { weights: fromRun, from: `the run at step ${store.getState().run.status?.step ?? 0}` }
    } catch {
      // the worker refused (nothing compiled any more): the seeded init below is the answer
    }
  }
  return {
    weights: seeded.weights,
    from: `a seeded init (seed ${seeded.seed}; no trained weights fit this model)`,
  }
}

/** The tensors alone by name (what exportOnnx and the bundle writer take). */
export function tensorsOf(weights: ModelWeights): {
  params: Record<string, Float32Array>
  buffers: Record<string, Float32Array>
} {
  const data = (m: WeightMap) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, t.data]))
  return { params: data(weights.params), buffers: data(weights.buffers) }
}

/**
 * Weights given as bare tensors (an ONNX import's initializers) with shapes taken from the
 * document's own parameters. Throws naming the first tensor that is missing or has another size.
 */
export function shapeWeights(
  doc: ModelDocument,
  tensors: {
    readonly params: Readonly<Record<string, Float32Array | Float64Array>>
    readonly buffers: Readonly<Record<string, Float32Array | Float64Array>>
  },
): ModelWeights {
  const { weights } = seededWeights(doc)
  const fill = (
    template: WeightMap,
    given: Readonly<Record<string, Float32Array | Float64Array>>,
    what: string,
  ) =>
    Object.fromEntries(
      Object.entries(template).map(([k, t]) => {
        const data = given[k]
        if (!data) return [k, t]
        if (data.length !== t.data.length)
          throw new Error(
            `The file's ${what} ${k} has ${data.length} values, but the model needs [${t.shape.join(', ')}]: the file does not match its own graph.`,
          )
        return [k, { shape: t.shape, data: data instanceof Float32Array ? data : Float32Array.from(data) }]
      }),
    )
  return {
    params: fill(weights.params, tensors.params, 'parameter'),
    buffers: fill(weights.buffers, tensors.buffers, 'buffer'),
  }
}
