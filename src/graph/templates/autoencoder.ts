import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBody } from './build'

/**
 * A dense autoencoder for flattened 28×28 images: 784 -> 128 -> 32 (the code) -> 128 -> 784,
 * with a sigmoid so reconstructions are pixel intensities in [0, 1]; trained with MSE against
 * its own input.
 */
export function autoencoder(): ModelDocument {
  const body = buildBody([
    { id: 'pixels', type: 'input', params: { shape: [784] } },
    { id: 'encode1', type: 'dense', params: { in_features: 784, out_features: 128 }, from: ['pixels'] },
    { id: 'encode_act', type: 'relu', from: ['encode1'] },
    { id: 'code', type: 'dense', params: { in_features: 128, out_features: 32 }, from: ['encode_act'] },
    { id: 'decode1', type: 'dense', params: { in_features: 32, out_features: 128 }, from: ['code'] },
    { id: 'decode_act', type: 'relu', from: ['decode1'] },
    { id: 'decode2', type: 'dense', params: { in_features: 128, out_features: 784 }, from: ['decode_act'] },
    { id: 'reconstruction', type: 'sigmoid', from: ['decode2'] },
  ])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'autoencoder',
    ...body,
    outputs: [
      { name: 'reconstruction', node: 'reconstruction', port: 'out' },
      { name: 'code', node: 'code', port: 'out' },
    ],
    blocks: [],
    training: {
      loss: 'mse',
      optimizer: { type: 'adam', lr: 0.001 },
      batch_size: 128,
      epochs: 10,
      seed: 0,
      dataset: 'mnist',
    },
    metadata: {
      template: 'autoencoder',
      description: 'Compresses 784 pixels to a 32-number code and reconstructs them.',
    },
  }
}
