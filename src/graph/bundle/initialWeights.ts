import { initTensors } from '../../engine/init/init'
import type { ModelDocument } from '../document/schema'
import { probeModel, type Weights } from '../fit/compiledModel'

/**
 * A document's seeded initial weights, as a fresh run would start from (PyTorch-style
 * initializers for parameters, running statistics at their defaults): for export without a
 * trained state and for tests.
 */
export function initialWeights(doc: ModelDocument, seed = 0): Weights {
  const probe = probeModel(doc)
  return { params: initTensors(probe.params, seed), buffers: initTensors(probe.buffers, seed) }
}
