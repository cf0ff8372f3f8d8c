import type { ModelDocument } from '../document/schema'
import { SCHEMA_VERSION } from '../document/schema'
import { findLayer } from '../layers/index'
import type { ParamValue } from '../layers/params'
import { buildBody } from '../templates/build'

/**
 * Single-layer test documents and the layer configurations both exporters (ONNX, PyTorch) are
 * checked on: every catalogue layer alone, in the configurations whose exported form needs care
 * (tuples, None, groups, gate layouts, modes). Test support, shared so the two suites cannot drift.
 */

/** One input of a single-layer document: its per-sample shape and element type. */
export interface TestInput {
  readonly shape: readonly number[]
  readonly dtype?: 'float32' | 'int64'
}

/** A document of one `type` node fed by inputs `x0`, `x1`, ...; its first output is named `out`. */
export function singleLayerDoc(
  type: string,
  params: Record<string, ParamValue>,
  inputs: readonly TestInput[],
): ModelDocument {
  const sources = inputs.map((input, i) => ({
    id: `x${i}`,
    type: 'input',
    params: { shape: [...input.shape], dtype: input.dtype ?? 'float32' },
  }))
  const body = buildBody([...sources, { id: 'layer', type, params, from: sources.map((s) => s.id) }])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: `${type}-test`,
    ...body,
    outputs: [{ name: 'out', node: 'layer', port: findLayer(type)?.outputs[0]?.name ?? 'out' }],
    blocks: [],
    metadata: {},
  }
}

/** One layer configuration: its type, params and inputs. */
export interface LayerCase {
  readonly name: string
  readonly type: string
  readonly params?: Record<string, ParamValue>
  readonly inputs: readonly TestInput[]
  /** Int inputs are drawn below this (default 2). */
  readonly intBound?: number
}

export const img = (c: number, h: number, w: number): TestInput => ({ shape: [c, h, w] })
export const seq = (t: number, f: number): TestInput => ({ shape: [t, f] })

/** The layer configurations both exporters are checked on. */
export const SINGLE_LAYER_CASES: readonly LayerCase[] = [
  {
    name: 'conv1d with stride, padding, dilation and groups',
    type: 'conv1d',
    params: {
      in_channels: 4,
      out_channels: 6,
      kernel_size: 3,
      stride: 2,
      padding: 2,
      dilation: 2,
      groups: 2,
    },
    inputs: [{ shape: [4, 11] }],
  },
  {
    name: 'conv2d with rectangular kernel and no bias',
    type: 'conv2d',
    params: {
      in_channels: 3,
      out_channels: 4,
      kernel_size: [3, 2],
      stride: [2, 1],
      padding: [1, 0],
      bias: false,
    },
    inputs: [img(3, 7, 6)],
  },
  {
    name: 'convTranspose2d with output_padding, dilation and groups',
    type: 'convTranspose2d',
    params: {
      in_channels: 4,
      out_channels: 6,
      kernel_size: 3,
      stride: 2,
      padding: 1,
      output_padding: 1,
      groups: 2,
      dilation: 1,
    },
    inputs: [img(4, 5, 4)],
  },
  {
    name: 'maxPool2d with ceil_mode, padding and stride',
    type: 'maxPool2d',
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true },
    inputs: [img(2, 10, 9)],
  },
  {
    name: 'maxPool2d dropping a ceil_mode window that starts in the padding',
    type: 'maxPool2d',
    params: { kernel_size: 3, stride: 3, padding: 1, ceil_mode: true },
    inputs: [img(1, 5, 5)],
  },
  {
    name: 'maxPool2d with dilation',
    type: 'maxPool2d',
    params: { kernel_size: [3, 2], stride: 1, dilation: 2 },
    inputs: [img(2, 9, 8)],
  },
  {
    name: 'avgPool2d counting the padding',
    type: 'avgPool2d',
    params: { kernel_size: 3, stride: 2, padding: 1 },
    inputs: [img(2, 9, 8)],
  },
  {
    name: 'avgPool2d without the padding, ceil_mode',
    type: 'avgPool2d',
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false },
    inputs: [img(2, 9, 8)],
  },
  {
    name: 'avgPool2d counting the padding, ceil_mode',
    type: 'avgPool2d',
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true },
    inputs: [img(2, 10, 9)],
  },
  {
    name: 'avgPool2d with divisor_override and ceil_mode',
    type: 'avgPool2d',
    params: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, divisor_override: 5 },
    inputs: [img(2, 10, 9)],
  },
  {
    name: 'batchNorm1d over [N, C]',
    type: 'batchNorm1d',
    params: { num_features: 5 },
    inputs: [{ shape: [5] }],
  },
  {
    name: 'batchNorm1d over [N, C, L] without affine',
    type: 'batchNorm1d',
    params: { num_features: 3, affine: false, eps: 1e-3 },
    inputs: [seq(3, 7)],
  },
  {
    name: 'batchNorm2d without running stats (batch statistics in eval)',
    type: 'batchNorm2d',
    params: { num_features: 3, track_running_stats: false },
    inputs: [img(3, 4, 5)],
  },
  {
    name: 'layerNorm over two dims without bias',
    type: 'layerNorm',
    params: { normalized_shape: [3, 4], bias: false },
    inputs: [img(2, 3, 4)],
  },
  {
    name: 'layerNorm without elementwise_affine',
    type: 'layerNorm',
    params: { normalized_shape: [6], elementwise_affine: false },
    inputs: [seq(4, 6)],
  },
  {
    name: 'embedding with padding_idx',
    type: 'embedding',
    params: { num_embeddings: 7, embedding_dim: 5, padding_idx: 0 },
    inputs: [{ shape: [6], dtype: 'int64' }],
    intBound: 7,
  },
  {
    name: 'embedding with max_norm (2-norm)',
    type: 'embedding',
    params: { num_embeddings: 7, embedding_dim: 5, max_norm: 1.5 },
    inputs: [{ shape: [6], dtype: 'int64' }],
    intBound: 7,
  },
  {
    name: 'embedding with max_norm and norm_type 3',
    type: 'embedding',
    params: { num_embeddings: 7, embedding_dim: 5, max_norm: 1, norm_type: 3 },
    inputs: [{ shape: [2, 3], dtype: 'int64' }],
    intBound: 7,
  },
  { name: 'lstm', type: 'lstm', params: { input_size: 4, hidden_size: 5 }, inputs: [seq(6, 4)] },
  {
    name: 'lstm, two bidirectional layers',
    type: 'lstm',
    params: { input_size: 4, hidden_size: 3, num_layers: 2, bidirectional: true, dropout: 0.5 },
    inputs: [seq(5, 4)],
  },
  {
    name: 'lstm without bias',
    type: 'lstm',
    params: { input_size: 3, hidden_size: 4, bias: false },
    inputs: [seq(4, 3)],
  },
  { name: 'gru', type: 'gru', params: { input_size: 4, hidden_size: 5 }, inputs: [seq(6, 4)] },
  {
    name: 'gru, two bidirectional layers without bias',
    type: 'gru',
    params: { input_size: 4, hidden_size: 3, num_layers: 2, bidirectional: true, bias: false },
    inputs: [seq(5, 4)],
  },
  {
    name: 'multiHeadAttention with key and value, kdim and vdim',
    type: 'multiHeadAttention',
    params: { embed_dim: 8, num_heads: 2, kdim: 5, vdim: 3 },
    inputs: [seq(4, 8), seq(6, 5), seq(6, 3)],
  },
  {
    name: 'multiHeadAttention with bias_kv and zero attention, no bias',
    type: 'multiHeadAttention',
    params: { embed_dim: 6, num_heads: 3, add_bias_kv: true, add_zero_attn: true, bias: false, dropout: 0.2 },
    inputs: [seq(4, 6), seq(5, 6)],
  },
  { name: 'silu, tanh-approximate gelu', type: 'gelu', params: { approximate: 'tanh' }, inputs: [seq(3, 4)] },
  { name: 'silu', type: 'silu', inputs: [seq(3, 4)] },
  { name: 'tanh', type: 'tanh', inputs: [seq(3, 4)] },
  { name: 'softmax over dim 1', type: 'softmax', params: { dim: 1 }, inputs: [seq(3, 4)] },
  { name: 'logSoftmax', type: 'logSoftmax', inputs: [seq(3, 4)] },
  { name: 'leakyRelu', type: 'leakyRelu', params: { negative_slope: 0.3 }, inputs: [seq(3, 4)] },
  { name: 'dropout (identity in eval)', type: 'dropout', params: { p: 0.5 }, inputs: [seq(3, 4)] },
  {
    name: 'dense over [N, T, F]',
    type: 'dense',
    params: { in_features: 4, out_features: 3 },
    inputs: [seq(5, 4)],
  },
  { name: 'flatten of the last two dims', type: 'flatten', params: { start_dim: 2 }, inputs: [img(2, 3, 4)] },
  { name: 'flatten with the batch dim', type: 'flatten', params: { start_dim: 0 }, inputs: [seq(2, 3)] },
  { name: 'reshape with -1', type: 'reshape', params: { shape: [2, -1] }, inputs: [img(2, 3, 4)] },
  { name: 'permute', type: 'permute', params: { dims: [0, 2, 3, 1] }, inputs: [img(2, 3, 4)] },
  { name: 'concat of three', type: 'concat', params: { dim: -1 }, inputs: [seq(2, 3), seq(2, 1), seq(2, 2)] },
  { name: 'multiply with broadcasting', type: 'multiply', inputs: [seq(2, 3), seq(1, 3)] },
  { name: 'add of three', type: 'add', inputs: [seq(2, 3), seq(2, 3), seq(2, 3)] },
  { name: 'upsample nearest x2', type: 'upsample', params: { scale_factor: 2 }, inputs: [img(2, 3, 4)] },
  { name: 'upsample nearest x1.5', type: 'upsample', params: { scale_factor: 1.5 }, inputs: [img(2, 5, 4)] },
  { name: 'upsample nearest to a size', type: 'upsample', params: { size: [7, 5] }, inputs: [img(2, 3, 4)] },
  { name: 'upsample nearest 1-D x3', type: 'upsample', params: { scale_factor: 3 }, inputs: [seq(2, 5)] },
  {
    name: 'upsample bilinear x2',
    type: 'upsample',
    params: { scale_factor: 2, mode: 'bilinear' },
    inputs: [img(2, 3, 4)],
  },
  {
    name: 'upsample bilinear to a size with align_corners',
    type: 'upsample',
    params: { size: [7, 5], mode: 'bilinear', align_corners: true },
    inputs: [img(2, 3, 4)],
  },
  {
    name: 'upsample bilinear to a size',
    type: 'upsample',
    params: { size: [7, 5], mode: 'bilinear' },
    inputs: [img(2, 3, 4)],
  },
  {
    name: 'upsample bicubic x2',
    type: 'upsample',
    params: { scale_factor: 2, mode: 'bicubic' },
    inputs: [img(2, 4, 5)],
  },
  {
    name: 'upsample bicubic to a size with align_corners',
    type: 'upsample',
    params: { size: [7, 6], mode: 'bicubic', align_corners: true },
    inputs: [img(2, 4, 5)],
  },
  {
    name: 'upsample linear 1-D x2.5',
    type: 'upsample',
    params: { scale_factor: 2.5, mode: 'linear' },
    inputs: [seq(2, 4)],
  },
  {
    name: 'upsample trilinear x2',
    type: 'upsample',
    params: { scale_factor: 2, mode: 'trilinear' },
    inputs: [{ shape: [2, 3, 2, 3] }],
  },
  {
    name: 'upsample nearest 3-D to a size',
    type: 'upsample',
    params: { size: [3, 5, 4] },
    inputs: [{ shape: [1, 2, 3, 3] }],
  },
]
