import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBlock, buildBody } from '../templates/build'

/**
 * Documents that stress the PyTorch export's naming and structure (test support): ids Python
 * or nn.Module will not take as names, nodes no output needs, nested blocks with two outputs.
 */

/** Node ids that are Python keywords, nn.Module attributes, `$` names and the emitter's own names. */
export function awkwardNamesDoc(): ModelDocument {
  const body = buildBody([
    { id: 'self', type: 'input', params: { shape: [3] } },
    { id: 'forward', type: 'dense', params: { in_features: 3, out_features: 4 }, from: ['self'] },
    { id: 'lambda', type: 'relu', from: ['forward'] },
    { id: 'torch', type: 'dense', params: { in_features: 4, out_features: 4 }, from: ['lambda'] },
    { id: 'x$1', type: 'layerNorm', params: { normalized_shape: [4] }, from: ['torch'] },
    { id: '_private', type: 'dense', params: { in_features: 4, out_features: 2 }, from: ['x$1'] },
    { id: 'nn', type: 'softmax', from: ['_private'] },
  ])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: '3 awkward "names"',
    ...body,
    outputs: [{ name: 'nn', node: 'nn', port: 'out' }],
    blocks: [],
    metadata: { description: 'Ids Python will not take as they are, and a docstring with """ and \\ in it.' },
  }
}

/** A dense branch and a loss with its target input that no output needs. */
export function unusedBranchDoc(): ModelDocument {
  const body = buildBody([
    { id: 'x', type: 'input', params: { shape: [3] } },
    { id: 'target', type: 'input', params: { shape: [2] } },
    { id: 'fc', type: 'dense', params: { in_features: 3, out_features: 2 }, from: ['x'] },
    { id: 'side', type: 'dense', params: { in_features: 3, out_features: 5 }, from: ['x'], row: 1 },
    { id: 'loss', type: 'mseLoss', from: ['fc', 'target'], row: 2 },
  ])
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'unused-branch',
    ...body,
    outputs: [{ name: 'prediction', node: 'fc', port: 'out' }],
    blocks: [],
    metadata: {},
  }
}

/** A block with two outputs used inside another block, which the model uses twice. */
export function nestedBlocksDoc(): ModelDocument {
  const pair = buildBlock(
    'pair',
    ['x'],
    [
      { name: 'linear', node: 'fc' },
      { name: 'gated', node: 'gate' },
    ],
    [
      { id: 'x', type: 'input', params: { shape: [4] } },
      { id: 'fc', type: 'dense', params: { in_features: 4, out_features: 4 }, from: ['x'] },
      { id: 'gate', type: 'sigmoid', from: ['fc'] },
    ],
  )
  const outer = buildBlock(
    'outer',
    ['h'],
    [{ name: 'out', node: 'mix' }],
    [
      { id: 'h', type: 'input', params: { shape: [4] } },
      { id: 'inner', type: 'block', params: { block: 'pair' }, from: ['h'] },
      {
        id: 'mix',
        type: 'multiply',
        from: [
          { node: 'inner', port: 'linear' },
          { node: 'inner', port: 'gated' },
        ],
      },
    ],
    [pair],
  )
  const blocks = [pair, outer]
  const body = buildBody(
    [
      { id: 'x', type: 'input', params: { shape: [4] } },
      { id: 'first', type: 'block', params: { block: 'outer' }, from: ['x'] },
      { id: 'second', type: 'block', params: { block: 'outer' }, from: ['first'] },
      { id: 'both', type: 'concat', params: { dim: 1 }, from: ['first', 'second'] },
    ],
    blocks,
  )
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'nested-blocks',
    ...body,
    outputs: [
      { name: 'both', node: 'both', port: 'out' },
      { name: 'second', node: 'second', port: 'out' },
    ],
    blocks,
    metadata: {},
  }
}
