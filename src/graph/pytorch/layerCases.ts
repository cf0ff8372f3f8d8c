import { img, type LayerCase, SINGLE_LAYER_CASES, seq } from '../testing/singleLayerCases'

export type { LayerCase } from '../testing/singleLayerCases'

/**
 * Single-layer configurations for the PyTorch parity test: the cases the ONNX export is checked
 * on too, and the ones whose PyTorch form needs extra care (helpers, proj_size, None momentum).
 */
export const LAYER_CASES: readonly LayerCase[] = [
  ...SINGLE_LAYER_CASES,
  {
    name: 'layerNorm without bias (a helper class: torch < 2.1 has no bias=False)',
    type: 'layerNorm',
    params: { normalized_shape: [6], bias: false, eps: 1e-3 },
    inputs: [seq(4, 6)],
  },
  {
    name: 'lstm with proj_size',
    type: 'lstm',
    params: { input_size: 4, hidden_size: 5, proj_size: 3, num_layers: 2 },
    inputs: [seq(6, 4)],
  },
  {
    name: 'multiHeadAttention with a key only',
    type: 'multiHeadAttention',
    params: { embed_dim: 4, num_heads: 2 },
    inputs: [seq(3, 4), seq(5, 4)],
  },
  {
    name: 'batchNorm2d with momentum None',
    type: 'batchNorm2d',
    params: { num_features: 3, momentum: null },
    inputs: [img(3, 4, 5)],
  },
  { name: 'globalAvgPool', type: 'globalAvgPool', inputs: [img(3, 4, 5)] },
  { name: 'relu', type: 'relu', inputs: [seq(3, 4)] },
  { name: 'sigmoid', type: 'sigmoid', inputs: [seq(3, 4)] },
  { name: 'gelu', type: 'gelu', inputs: [seq(3, 4)] },
  { name: 'concat along the batch dim', type: 'concat', params: { dim: 0 }, inputs: [seq(2, 3), seq(2, 3)] },
  { name: 'concat with the default dim 1', type: 'concat', inputs: [seq(2, 3), seq(1, 3)] },
  { name: 'softmax with the default dim -1', type: 'softmax', inputs: [seq(3, 4)] },
  {
    name: 'crossEntropy on class indices [N, d] with label smoothing',
    type: 'crossEntropy',
    params: { label_smoothing: 0.1 },
    inputs: [{ shape: [4, 3] }, { shape: [3], dtype: 'int64' }],
    intBound: 4,
  },
  {
    name: 'crossEntropy on probabilities, no reduction',
    type: 'crossEntropy',
    params: { reduction: 'none' },
    inputs: [{ shape: [4] }, { shape: [4] }],
  },
  { name: 'mseLoss', type: 'mseLoss', inputs: [seq(2, 3), seq(2, 3)] },
  { name: 'l1Loss summed', type: 'l1Loss', params: { reduction: 'sum' }, inputs: [seq(2, 3), seq(2, 3)] },
  { name: 'huberLoss with delta', type: 'huberLoss', params: { delta: 0.5 }, inputs: [seq(2, 3), seq(2, 3)] },
  { name: 'bceWithLogitsLoss', type: 'bceWithLogitsLoss', inputs: [seq(2, 3), seq(2, 3)] },
]
