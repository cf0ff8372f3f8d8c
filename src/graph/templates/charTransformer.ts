import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBody } from './build'

/** Characters in the vocabulary (Tiny Shakespeare has 65) and the model width. */
const VOCAB = 65
const WIDTH = 64
const CONTEXT = 64

/**
 * A one-layer character transformer (post-norm, as in "Attention is all you need"): token ids
 * -> Embedding -> self-attention with a residual add and LayerNorm -> a GELU feed-forward
 * (64 -> 256 -> 64) with a residual add and LayerNorm -> logits over the 65 characters at every
 * position.
 */
export function charTransformer(): ModelDocument {
  const body = buildBody([
    { id: 'tokens', type: 'input', params: { shape: [CONTEXT], dtype: 'int64' } },
    {
      id: 'embed',
      type: 'embedding',
      params: { num_embeddings: VOCAB, embedding_dim: WIDTH },
      from: ['tokens'],
    },
    {
      id: 'attention',
      type: 'multiHeadAttention',
      params: { embed_dim: WIDTH, num_heads: 4 },
      from: ['embed'],
      row: -1,
    },
    { id: 'residual1', type: 'add', from: ['embed', 'attention'] },
    { id: 'norm1', type: 'layerNorm', params: { normalized_shape: [WIDTH] }, from: ['residual1'] },
    {
      id: 'ff_up',
      type: 'dense',
      params: { in_features: WIDTH, out_features: 4 * WIDTH },
      from: ['norm1'],
      row: -1,
    },
    { id: 'ff_act', type: 'gelu', from: ['ff_up'], row: -1 },
    {
      id: 'ff_down',
      type: 'dense',
      params: { in_features: 4 * WIDTH, out_features: WIDTH },
      from: ['ff_act'],
      row: -1,
    },
    { id: 'residual2', type: 'add', from: ['norm1', 'ff_down'] },
    { id: 'norm2', type: 'layerNorm', params: { normalized_shape: [WIDTH] }, from: ['residual2'] },
    { id: 'logits', type: 'dense', params: { in_features: WIDTH, out_features: VOCAB }, from: ['norm2'] },
  ])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'char-transformer',
    ...body,
    outputs: [{ name: 'logits', node: 'logits', port: 'out' }],
    blocks: [],
    training: {
      loss: 'cross_entropy',
      optimizer: { type: 'adamw', lr: 0.0003, weight_decay: 0.01 },
      batch_size: 32,
      epochs: 5,
      seed: 0,
      dataset: 'tiny-shakespeare',
      metrics: ['accuracy'],
    },
    metadata: {
      template: 'char-transformer',
      description: 'A one-layer transformer that predicts the next character.',
    },
  }
}
