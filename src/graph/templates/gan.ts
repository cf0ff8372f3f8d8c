import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBlock, buildBody } from './build'

/**
 * A GAN on flattened 28×28 images, as two blocks: a `generator` (16-d noise -> 784 pixels in
 * [0, 1]) and a `discriminator` (784 pixels -> one real/fake logit). The main graph scores the
 * fakes and a real batch together (concatenated along the batch dim), so one forward gives both
 * halves of the discriminator's loss. The alternating two-optimizer loop is code: the training
 * setup here is the discriminator's.
 */
export function gan(): ModelDocument {
  const generator = buildBlock(
    'generator',
    ['z'],
    [{ name: 'image', node: 'pixels' }],
    [
      { id: 'z', type: 'input', params: { shape: [16] } },
      { id: 'fc1', type: 'dense', params: { in_features: 16, out_features: 128 }, from: ['z'] },
      { id: 'act1', type: 'relu', from: ['fc1'] },
      { id: 'fc2', type: 'dense', params: { in_features: 128, out_features: 784 }, from: ['act1'] },
      { id: 'pixels', type: 'sigmoid', from: ['fc2'] },
    ],
  )
  const discriminator = buildBlock(
    'discriminator',
    ['image'],
    [{ name: 'logit', node: 'fc2' }],
    [
      { id: 'image', type: 'input', params: { shape: [784] } },
      { id: 'fc1', type: 'dense', params: { in_features: 784, out_features: 128 }, from: ['image'] },
      { id: 'act1', type: 'leakyRelu', params: { negative_slope: 0.2 }, from: ['fc1'] },
      { id: 'fc2', type: 'dense', params: { in_features: 128, out_features: 1 }, from: ['act1'] },
    ],
  )
  const blocks = [generator, discriminator]
  const body = buildBody(
    [
      { id: 'noise', type: 'input', params: { shape: [16] } },
      { id: 'real', type: 'input', params: { shape: [784] }, row: 1 },
      { id: 'fake', type: 'block', params: { block: 'generator' }, from: ['noise'] },
      { id: 'batch', type: 'concat', params: { dim: 0 }, from: ['fake', 'real'] },
      { id: 'score', type: 'block', params: { block: 'discriminator' }, from: ['batch'] },
    ],
    blocks,
  )
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'gan',
    ...body,
    outputs: [
      { name: 'fake', node: 'fake', port: 'image' },
      { name: 'score', node: 'score', port: 'logit' },
    ],
    blocks,
    training: {
      loss: 'bce_with_logits',
      optimizer: { type: 'adam', lr: 0.0002, betas: [0.5, 0.999] },
      batch_size: 64,
      epochs: 20,
      seed: 0,
      dataset: 'mnist',
    },
    metadata: {
      template: 'gan',
      description: 'A generator and a discriminator as blocks, for a custom training loop.',
    },
  }
}
