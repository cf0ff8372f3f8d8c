/**
 * The benchmark workloads on Triad's CPU backend: a square matmul as a one-op graph, and the MLP
 * and CNN training steps compiled from model documents exactly as `triad train` compiles them.
 */
import { type CompiledTrainStep, GraphBuilder, runCpu, type TrainState } from '../src/engine'
import { type ModelDocument, SCHEMA_VERSION } from '../src/graph/document/schema'
import { compileDocument } from '../src/graph/lower/compileDocument'
import { buildBody, type Step } from '../src/graph/templates/build'

/** A seeded uniform [-1, 1) array, so every system sees the same kind of numbers. */
export function randomArray(length: number, seed: number): Float32Array {
  const out = new Float32Array(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2147483648 - 1
  }
  return out
}

/** Random class labels 0..classes-1. */
export function randomLabels(length: number, classes: number, seed: number): Int32Array {
  const u = randomArray(length, seed)
  return Int32Array.from(u, (v) => Math.min(classes - 1, Math.floor(((v + 1) / 2) * classes)))
}

function document(name: string, steps: readonly Step[], output: string, batch: number): ModelDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    name,
    ...buildBody(steps),
    outputs: [{ name: output, node: output, port: 'out' }],
    blocks: [],
    training: {
      loss: 'cross_entropy',
      optimizer: { type: 'adam', lr: 0.001 },
      batch_size: batch,
      epochs: 1,
      seed: 0,
      metrics: [],
    },
    metadata: {},
  } as ModelDocument
}

/** MLP 784-256-10 (ReLU), cross-entropy, Adam. */
export function mlpDocument(batch: number): ModelDocument {
  return document(
    'bench-mlp',
    [
      { id: 'x', type: 'input', params: { shape: [784] } },
      { id: 'hidden', type: 'dense', params: { in_features: 784, out_features: 256 }, from: ['x'] },
      { id: 'act', type: 'relu', from: ['hidden'] },
      { id: 'logits', type: 'dense', params: { in_features: 256, out_features: 10 }, from: ['act'] },
    ],
    'logits',
    batch,
  )
}

/** CNN on 28x28: conv3x3 1->16, ReLU, conv3x3 16->32, ReLU, maxpool 2, dense 6272->10; Adam. */
export function cnnDocument(batch: number): ModelDocument {
  return document(
    'bench-cnn',
    [
      { id: 'x', type: 'input', params: { shape: [1, 28, 28] } },
      {
        id: 'conv1',
        type: 'conv2d',
        params: { in_channels: 1, out_channels: 16, kernel_size: 3, padding: 1 },
        from: ['x'],
      },
      { id: 'relu1', type: 'relu', from: ['conv1'] },
      {
        id: 'conv2',
        type: 'conv2d',
        params: { in_channels: 16, out_channels: 32, kernel_size: 3, padding: 1 },
        from: ['relu1'],
      },
      { id: 'relu2', type: 'relu', from: ['conv2'] },
      { id: 'pool', type: 'maxPool2d', params: { kernel_size: 2 }, from: ['relu2'] },
      { id: 'flat', type: 'flatten', from: ['pool'] },
      {
        id: 'logits',
        type: 'dense',
        params: { in_features: 32 * 14 * 14, out_features: 10 },
        from: ['flat'],
      },
    ],
    'logits',
    batch,
  )
}

/** The transformer workload's sizes: a character-level LM over 65 symbols. */
export const TRANSFORMER = { vocab: 65, width: 64, heads: 4, ff: 256, layers: 2, seq: 64 } as const

/**
 * A 2-layer post-norm transformer encoder as a character-level LM (Triad's char-transformer
 * template, twice): token ids [N, 64] -> Embedding(65, 64) -> 2 x (self-attention with 4 heads,
 * no mask, residual add, LayerNorm; GELU feed-forward 64-256-64, residual add, LayerNorm) -> logits
 * [N, 64, 65], permuted to [N, 65, 64] for cross-entropy against the next tokens [N, 64]; Adam.
 */
export function transformerDocument(batch: number): ModelDocument {
  const { vocab, width, heads, ff, layers, seq } = TRANSFORMER
  const steps: Step[] = [
    { id: 'tokens', type: 'input', params: { shape: [seq], dtype: 'int64' } },
    {
      id: 'embed',
      type: 'embedding',
      params: { num_embeddings: vocab, embedding_dim: width },
      from: ['tokens'],
    },
  ]
  let x = 'embed'
  for (let l = 0; l < layers; l++) {
    steps.push(
      {
        id: `attn${l}`,
        type: 'multiHeadAttention',
        params: { embed_dim: width, num_heads: heads },
        from: [x],
      },
      { id: `res${l}a`, type: 'add', from: [x, `attn${l}`] },
      { id: `norm${l}a`, type: 'layerNorm', params: { normalized_shape: [width] }, from: [`res${l}a`] },
      { id: `up${l}`, type: 'dense', params: { in_features: width, out_features: ff }, from: [`norm${l}a`] },
      { id: `gelu${l}`, type: 'gelu', from: [`up${l}`] },
      { id: `down${l}`, type: 'dense', params: { in_features: ff, out_features: width }, from: [`gelu${l}`] },
      { id: `res${l}b`, type: 'add', from: [`norm${l}a`, `down${l}`] },
      { id: `norm${l}b`, type: 'layerNorm', params: { normalized_shape: [width] }, from: [`res${l}b`] },
    )
    x = `norm${l}b`
  }
  steps.push(
    { id: 'head', type: 'dense', params: { in_features: width, out_features: vocab }, from: [x] },
    { id: 'logits', type: 'permute', params: { dims: [0, 2, 1] }, from: ['head'] },
  )
  return document('bench-transformer', steps, 'logits', batch)
}

/** A training step ready to run: call `step()` repeatedly; it carries its state along. */
export interface TrainLoop {
  readonly compiled: CompiledTrainStep
  step(): number
}

/** Compiles a document's training step and returns a loop over one fixed random batch. */
export function trainLoop(doc: ModelDocument, inputSize: number, classes: number, batch: number): TrainLoop {
  const { step: compiled } = compileDocument(doc)
  let state: TrainState = compiled.initialState(0)
  const feeds = { x: randomArray(batch * inputSize, 1), target: randomLabels(batch, classes, 2) }
  return {
    compiled,
    step() {
      const r = compiled.run(state, feeds)
      state = r.state
      return r.loss
    },
  }
}

/** An n x n @ n x n matmul as a one-op graph on the CPU backend. */
export function matmulRunner(n: number): () => void {
  const g = new GraphBuilder()
  const a = g.input([n, n], { name: 'a' })
  const b = g.input([n, n], { name: 'b' })
  const c = g.matmul(a, b)
  const feeds = { a: randomArray(n * n, 3), b: randomArray(n * n, 4) }
  return () => {
    runCpu(g, feeds, { outputs: [c] })
  }
}
