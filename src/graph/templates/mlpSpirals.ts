import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBody } from './build'

/**
 * Two interleaved spirals, the classic toy task for seeing a decision boundary bend: a 2-16-16-2
 * MLP with ReLUs, trained with cross-entropy and Adam.
 */
export function mlpSpirals(): ModelDocument {
  const body = buildBody([
    { id: 'point', type: 'input', params: { shape: [2] } },
    { id: 'hidden1', type: 'dense', params: { in_features: 2, out_features: 16 }, from: ['point'] },
    { id: 'act1', type: 'relu', from: ['hidden1'] },
    { id: 'hidden2', type: 'dense', params: { in_features: 16, out_features: 16 }, from: ['act1'] },
    { id: 'act2', type: 'relu', from: ['hidden2'] },
    { id: 'logits', type: 'dense', params: { in_features: 16, out_features: 2 }, from: ['act2'] },
  ])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'mlp-spirals',
    ...body,
    outputs: [{ name: 'logits', node: 'logits', port: 'out' }],
    blocks: [],
    training: {
      loss: 'cross_entropy',
      optimizer: { type: 'adam', lr: 0.01 },
      batch_size: 32,
      epochs: 50,
      seed: 0,
      dataset: 'spirals',
      validation_split: 0.2,
      metrics: ['accuracy'],
    },
    metadata: { template: 'mlp-spirals', description: 'A small MLP that separates two spirals.' },
  }
}
