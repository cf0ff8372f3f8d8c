import { type ModelDocument, SCHEMA_VERSION } from '../../document/schema'
import { buildBlock, buildBody, type Step } from '../../templates/build'
import type { LossName } from '../attachLoss'

/**
 * The PyTorch parity models as Triad documents, node ids equal to the PyTorch module names of
 * scripts/torchParityTraining.py, so both state_dicts have the same keys.
 */
export interface ParityModel {
  readonly doc: ModelDocument
  /** The document input the data `x` feeds. */
  readonly input: string
  readonly loss: LossName
}

function model(name: string, steps: readonly Step[], output: string, blocks = [] as ModelDocument['blocks']) {
  return {
    schemaVersion: SCHEMA_VERSION,
    name,
    ...buildBody(steps, blocks),
    outputs: [{ name: output, node: output, port: 'out' }],
    blocks,
    metadata: {},
  } satisfies ModelDocument
}

const residual = buildBlock(
  'residual',
  ['x'],
  [{ name: 'out', node: 'sum' }],
  [
    { id: 'x', type: 'input', params: { shape: [7] } },
    { id: 'dense', type: 'dense', params: { in_features: 7, out_features: 7 }, from: ['x'] },
    { id: 'act', type: 'tanh', from: ['dense'] },
    { id: 'sum', type: 'add', from: ['x', 'act'] },
  ],
)

/** Every parity model by fixture name. */
export const PARITY_MODELS: Readonly<Record<string, () => ParityModel>> = {
  mlpSgd: () => ({
    input: 'x',
    loss: 'cross_entropy',
    doc: model(
      'mlpSgd',
      [
        { id: 'x', type: 'input', params: { shape: [4] } },
        { id: 'hidden', type: 'dense', params: { in_features: 4, out_features: 16 }, from: ['x'] },
        { id: 'act', type: 'relu', from: ['hidden'] },
        { id: 'logits', type: 'dense', params: { in_features: 16, out_features: 3 }, from: ['act'] },
      ],
      'logits',
    ),
  }),
  mlpMomentumMse: () => ({
    input: 'x',
    loss: 'mse',
    doc: model(
      'mlpMomentumMse',
      [
        { id: 'x', type: 'input', params: { shape: [5] } },
        { id: 'stem', type: 'dense', params: { in_features: 5, out_features: 7 }, from: ['x'] },
        { id: 'res1', type: 'block', params: { block: 'residual' }, from: ['stem'] },
        { id: 'res2', type: 'block', params: { block: 'residual' }, from: ['res1'] },
        { id: 'head', type: 'dense', params: { in_features: 7, out_features: 2 }, from: ['res2'] },
      ],
      'head',
      [residual],
    ),
  }),
  cnnAdam: () => ({
    input: 'image',
    loss: 'cross_entropy',
    doc: model(
      'cnnAdam',
      [
        { id: 'image', type: 'input', params: { shape: [1, 8, 8] } },
        {
          id: 'conv1',
          type: 'conv2d',
          params: { in_channels: 1, out_channels: 4, kernel_size: 3, padding: 1 },
          from: ['image'],
        },
        { id: 'act1', type: 'relu', from: ['conv1'] },
        { id: 'pool', type: 'maxPool2d', params: { kernel_size: 2 }, from: ['act1'] },
        {
          id: 'conv2',
          type: 'conv2d',
          params: { in_channels: 4, out_channels: 6, kernel_size: 3 },
          from: ['pool'],
        },
        { id: 'act2', type: 'relu', from: ['conv2'] },
        { id: 'flat', type: 'flatten', from: ['act2'] },
        { id: 'logits', type: 'dense', params: { in_features: 24, out_features: 3 }, from: ['flat'] },
      ],
      'logits',
    ),
  }),
  attentionAdamw: () => ({
    input: 'tokens',
    loss: 'cross_entropy',
    doc: model(
      'attentionAdamw',
      [
        { id: 'tokens', type: 'input', params: { shape: [7], dtype: 'int64' } },
        {
          id: 'embed',
          type: 'embedding',
          params: { num_embeddings: 11, embedding_dim: 8 },
          from: ['tokens'],
        },
        {
          id: 'attention',
          type: 'multiHeadAttention',
          params: { embed_dim: 8, num_heads: 2 },
          from: ['embed'],
        },
        { id: 'residual', type: 'add', from: ['embed', 'attention'] },
        { id: 'norm', type: 'layerNorm', params: { normalized_shape: [8] }, from: ['residual'] },
        { id: 'act', type: 'gelu', from: ['norm'] },
        { id: 'ff', type: 'dense', params: { in_features: 8, out_features: 11 }, from: ['act'] },
        { id: 'classes', type: 'permute', params: { dims: [0, 2, 1] }, from: ['ff'] },
      ],
      'classes',
    ),
  }),
  lstmRmsprop: () => ({
    input: 'x',
    loss: 'mse',
    doc: model(
      'lstmRmsprop',
      [
        { id: 'x', type: 'input', params: { shape: [6, 3] } },
        { id: 'lstm', type: 'lstm', params: { input_size: 3, hidden_size: 8 }, from: ['x'] },
        { id: 'flat', type: 'flatten', from: ['lstm'] },
        { id: 'head', type: 'dense', params: { in_features: 48, out_features: 1 }, from: ['flat'] },
      ],
      'head',
    ),
  }),
  batchNormCnn: () => ({
    input: 'x',
    loss: 'cross_entropy',
    doc: model(
      'batchNormCnn',
      [
        { id: 'x', type: 'input', params: { shape: [2, 6, 6] } },
        {
          id: 'conv',
          type: 'conv2d',
          params: { in_channels: 2, out_channels: 4, kernel_size: 3, padding: 1 },
          from: ['x'],
        },
        { id: 'bn', type: 'batchNorm2d', params: { num_features: 4 }, from: ['conv'] },
        { id: 'act', type: 'relu', from: ['bn'] },
        { id: 'pool', type: 'maxPool2d', params: { kernel_size: 2 }, from: ['act'] },
        { id: 'flat', type: 'flatten', from: ['pool'] },
        { id: 'fc', type: 'dense', params: { in_features: 36, out_features: 6 }, from: ['flat'] },
        { id: 'bn1', type: 'batchNorm1d', params: { num_features: 6 }, from: ['fc'] },
        { id: 'act2', type: 'relu', from: ['bn1'] },
        { id: 'logits', type: 'dense', params: { in_features: 6, out_features: 3 }, from: ['act2'] },
      ],
      'logits',
    ),
  }),
}
