import type { HostArray } from '../engine/io/hostArray'
import type { TrainState } from '../engine/train/compileTrainStep'
import { fingerprintData } from '../graph/bundle/fingerprint'
import type { BundleMetrics } from '../graph/bundle/manifest'
import { writeBundle } from '../graph/bundle/writeBundle'
import type { ModelDocument } from '../graph/document/schema'
import type { TrainPlan } from './trainPlan'

/** Rows of the training data a trained bundle keeps as samples (with the model's outputs for them). */
const SAMPLE_ROWS = 8

/**
 * The bundle `triad train --out run.zip` writes: the trained document and weights, every step's
 * loss, the data's fingerprint, the first rows of the data as samples, and the version (1.0.0,
 * or the parent bundle's version with the minor bumped, or --version).
 */
export async function trainedBundle(
  plan: TrainPlan,
  doc: ModelDocument,
  state: TrainState,
  metrics: BundleMetrics,
  extra: Readonly<Record<string, number | null>>,
): Promise<Uint8Array> {
  const { dataset, probe } = plan
  const labels = dataset.labels
  const data = await fingerprintData(dataset.name, dataset.size, [
    { name: 'features', data: dataset.features, shape: [dataset.size, ...dataset.sampleShape] },
    labels.kind === 'classes'
      ? { name: 'labels', data: labels.ids, shape: [dataset.size] }
      : { name: 'targets', data: labels.values, shape: [dataset.size, ...labels.shape] },
  ])
  const rows = Math.min(SAMPLE_ROWS, dataset.size)
  const input = probe.inputs[0]!
  const shape = [rows, ...input.value.shape.slice(1)]
  const per = dataset.features.length / Math.max(1, dataset.size)
  const head = dataset.features.subarray(0, rows * per)
  const samples: HostArray =
    input.value.dtype === 'i32'
      ? { dtype: 'int32', shape, data: Int32Array.from(head) }
      : { dtype: 'float32', shape, data: Float32Array.from(head) }
  return writeBundle({
    doc,
    weights: { params: state.params, buffers: state.buffers },
    version: plan.version,
    parentVersion: plan.parentVersion,
    metrics,
    finalMetrics: extra,
    data,
    samples,
  })
}
