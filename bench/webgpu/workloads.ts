/**
 * The browser benchmark's workloads, the same for every system: their names, units, sizes and
 * the one fixed batch each system trains on (seeded, so every system sees the same numbers).
 */
import { randomArray, randomLabels, TRANSFORMER } from '../triadWorkloads'

/** Workload keys, in the order they run. */
export const WORKLOADS = ['matmul256', 'matmul1024', 'mlp', 'cnn', 'transformer'] as const
export type WorkloadKey = (typeof WORKLOADS)[number]

/** How a workload is reported. */
export interface WorkloadInfo {
  /** The name in the table and in results.json. */
  readonly name: string
  readonly unit: 'GFLOP/s' | 'steps/s'
  /** From milliseconds per step (per product for matmul) to the reported value. */
  readonly value: (msPerStep: number) => number
}

const matmul = (n: number): WorkloadInfo => ({
  name: `matmul ${n}x${n}`,
  unit: 'GFLOP/s',
  value: (ms) => (2 * n ** 3) / (ms * 1e6),
})
const steps = (name: string): WorkloadInfo => ({ name, unit: 'steps/s', value: (ms) => 1000 / ms })

/** Every workload's reporting. */
export const WORKLOAD_INFO: Readonly<Record<WorkloadKey, WorkloadInfo>> = {
  matmul256: matmul(256),
  matmul1024: matmul(1024),
  mlp: steps('MLP 784-256-10 Adam b128'),
  cnn: steps('CNN conv16-conv32-pool-dense Adam b64'),
  transformer: steps('transformer 2L d64 h4 seq64 Adam b16'),
}

/** Batch sizes of the training workloads. */
export const BATCH = { mlp: 128, cnn: 64, transformer: 16 } as const

/** The square matrices of a matmul workload (row-major). */
export function matmulOperands(n: number): { a: Float32Array; b: Float32Array } {
  return { a: randomArray(n * n, 3), b: randomArray(n * n, 4) }
}

/** A classifier batch: inputs (flat, row-major) and class labels. */
export interface ClassBatch {
  readonly x: Float32Array
  readonly labels: Int32Array
}

/** MLP batch: x [128, 784], labels [128] in 0..9. */
export function mlpBatch(): ClassBatch {
  return { x: randomArray(BATCH.mlp * 784, 1), labels: randomLabels(BATCH.mlp, 10, 2) }
}

/** CNN batch: x [64, 1, 28, 28] (NCHW; the same numbers are NHWC with one channel), labels [64]. */
export function cnnBatch(): ClassBatch {
  return { x: randomArray(BATCH.cnn * 784, 1), labels: randomLabels(BATCH.cnn, 10, 2) }
}

/** Language-model batch: token ids [16, 64] and next-token targets [16, 64], all in 0..64. */
export function transformerBatch(): { tokens: Int32Array; targets: Int32Array } {
  const n = BATCH.transformer * TRANSFORMER.seq
  return { tokens: randomLabels(n, TRANSFORMER.vocab, 5), targets: randomLabels(n, TRANSFORMER.vocab, 6) }
}
