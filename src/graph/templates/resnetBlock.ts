import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBlock, buildBody } from './build'

const CHANNELS = 16

/**
 * A small ResNet on MNIST: a stem conv to 16 channels, then the `residual` block twice (conv ->
 * batch norm -> relu -> conv -> batch norm, plus the skip connection, then relu), then global
 * average pooling, Flatten and a Dense to 10 digits.
 */
export function resnetBlock(): ModelDocument {
  const conv = { in_channels: CHANNELS, out_channels: CHANNELS, kernel_size: 3, padding: 1, bias: false }
  const residual = buildBlock(
    'residual',
    ['x'],
    [{ name: 'out', node: 'relu2' }],
    [
      { id: 'x', type: 'input', params: { shape: [CHANNELS, 28, 28] } },
      { id: 'conv1', type: 'conv2d', params: conv, from: ['x'] },
      { id: 'bn1', type: 'batchNorm2d', params: { num_features: CHANNELS }, from: ['conv1'] },
      { id: 'relu1', type: 'relu', from: ['bn1'] },
      { id: 'conv2', type: 'conv2d', params: conv, from: ['relu1'] },
      { id: 'bn2', type: 'batchNorm2d', params: { num_features: CHANNELS }, from: ['conv2'] },
      { id: 'skip', type: 'add', from: ['x', 'bn2'], row: 1 },
      { id: 'relu2', type: 'relu', from: ['skip'] },
    ],
  )
  const blocks = [residual]
  const body = buildBody(
    [
      { id: 'image', type: 'input', params: { shape: [1, 28, 28] } },
      {
        id: 'stem',
        type: 'conv2d',
        params: { in_channels: 1, out_channels: CHANNELS, kernel_size: 3, padding: 1 },
        from: ['image'],
      },
      { id: 'stem_act', type: 'relu', from: ['stem'] },
      { id: 'res1', type: 'block', params: { block: 'residual' }, from: ['stem_act'] },
      { id: 'res2', type: 'block', params: { block: 'residual' }, from: ['res1'] },
      { id: 'pool', type: 'globalAvgPool', from: ['res2'] },
      { id: 'flat', type: 'flatten', from: ['pool'] },
      { id: 'logits', type: 'dense', params: { in_features: CHANNELS, out_features: 10 }, from: ['flat'] },
    ],
    blocks,
  )
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'resnet-block',
    ...body,
    outputs: [{ name: 'logits', node: 'logits', port: 'out' }],
    blocks,
    training: {
      loss: 'cross_entropy',
      optimizer: { type: 'sgd', lr: 0.05, momentum: 0.9, weight_decay: 0.0001 },
      batch_size: 64,
      epochs: 3,
      seed: 0,
      dataset: 'mnist',
      validation_split: 0.1,
      metrics: ['accuracy'],
    },
    metadata: {
      template: 'resnet-block',
      description: 'A residual block, defined once and used twice, in a small ResNet.',
    },
  }
}
