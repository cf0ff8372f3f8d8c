import fc from 'fast-check'
import {
  type BlockDef,
  edgeId,
  type GraphEdge,
  type GraphNode,
  type GraphOutput,
  LOSSES,
  type ModelDocument,
  type OptimizerSetup,
  RESERVED_IDS,
  SCHEMA_VERSION,
  type TrainingSetup,
} from '../document/schema'
import { LAYERS } from '../layers'
import type { ParamSpec, ParamValue } from '../layers/params'
import { layerCallPorts } from './callPorts'
import { BLOCK_NODE_TYPE, isSingleOut } from './emitCode'

/**
 * fast-check generators of valid model documents for the code round-trip property (test
 * support only): chains and DAGs of every catalogue layer with valid params, blocks (nested,
 * one- and many-output, unused ones too), graph outputs and training setups. Shapes need not
 * check: tracing does not look at shapes.
 */

/** Words node ids are made of; some collide with layer types and with each other on purpose. */
const WORDS = [
  'h',
  'x',
  'y',
  'conv',
  'dense',
  'relu',
  'out',
  'logits',
  'stem',
  'res',
  'h_1',
  'block1',
  'Tensor',
  '$v',
  '_',
]

function valueFor(spec: ParamSpec): fc.Arbitrary<ParamValue> {
  const intIn = (min = -3, max = min + 40) => fc.integer({ min, max })
  const num = (min?: number, max?: number) =>
    fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true })
  switch (spec.kind) {
    case 'int':
      return intIn(spec.min, spec.max)
    case 'float':
      return num(spec.min, spec.max)
    case 'bool':
      return fc.boolean()
    case 'choice':
      return fc.constantFrom(...spec.options)
    case 'intOrTuple':
      return fc.oneof(
        intIn(spec.min),
        fc.array(intIn(spec.min), { minLength: spec.length, maxLength: spec.length }),
      )
    case 'intList':
      return fc.oneof(fc.constant(null), fc.array(intIn(spec.allowMinusOne ? -1 : 0), { maxLength: 4 }))
    case 'optionalFloat':
      return fc.oneof(fc.constant(null), num(spec.min))
    case 'optionalInt':
      return fc.oneof(fc.constant(null), intIn(spec.min))
  }
}

/** Valid params for a layer: a random subset of its specs, each with a valid value. */
function paramsFor(type: string): fc.Arbitrary<Record<string, ParamValue>> {
  const def = LAYERS.find((l) => l.type === type)
  const entries = Object.entries(def?.params ?? {}).map(([k, spec]) => [k, valueFor(spec)] as const)
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, ParamValue>
  >
}

/** One step of a body: what to make and how to pick its sources among the nodes before it. */
interface Step {
  kind: 'layer' | 'block'
  type: string
  params: Record<string, ParamValue>
  /** Random numbers that pick sources, connection of optional ports and variadic counts. */
  picks: number[]
  word: string
}

const stepArb = (layerTypes: readonly string[], blockCount: number): fc.Arbitrary<Step> =>
  fc
    .record({
      useBlock: blockCount > 0 ? fc.boolean() : fc.constant(false),
      type: fc.constantFrom(...layerTypes),
      blockIndex: fc.nat({ max: Math.max(0, blockCount - 1) }),
      picks: fc.array(fc.nat({ max: 1000 }), { minLength: 12, maxLength: 12 }),
      word: fc.constantFrom(...WORDS),
    })
    .chain(({ useBlock, type, blockIndex, picks, word }) =>
      useBlock
        ? fc.constant<Step>({ kind: 'block', type: String(blockIndex), params: {}, picks, word })
        : paramsFor(type).map((params): Step => ({ kind: 'layer', type, params, picks, word })),
    )

/** Output ports of a node in a document under construction. */
function outputPorts(node: GraphNode, blocks: readonly BlockDef[]): string[] {
  if (node.type === BLOCK_NODE_TYPE) {
    const b = blocks.find((x) => x.name === node.params.block)
    return b ? (isSingleOut(b.outputs) ? ['out'] : b.outputs.map((o) => o.name)) : ['out']
  }
  return LAYERS.find((l) => l.type === node.type)?.outputs.map((p) => p.name) ?? ['out']
}

function uniqueId(word: string, taken: Set<string>): string {
  let id = word
  for (let k = 2; taken.has(id) || RESERVED_IDS.has(id); k++) id = `${word}${k}`
  taken.add(id)
  return id
}

/** Builds a body: `seeds` (inputs) first, then one node per step, each fed by earlier nodes. */
function buildBody(
  seeds: GraphNode[],
  steps: readonly Step[],
  blocks: readonly BlockDef[],
  taken: Set<string>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = [...seeds]
  const edges: GraphEdge[] = []
  for (const step of steps) {
    let type = step.type
    let params = step.params
    let ports: { name: string; optional: boolean }[]
    if (step.kind === 'block') {
      const block = blocks[Number(step.type)] as BlockDef
      type = BLOCK_NODE_TYPE
      params = { block: block.name }
      ports = block.inputs.map((name) => ({ name, optional: false }))
    } else {
      const def = LAYERS.find((l) => l.type === type)
      if (!def) continue
      const call = layerCallPorts(def)
      ports = [...call.fixed]
      if (call.variadic) {
        const extra = (step.picks[11] ?? 0) % 3
        for (let i = 0; i < call.variadic.minCount + extra; i++)
          ports.push({ name: `${call.variadic.base}${i}`, optional: false })
      }
    }
    if (ports.length > 0 && nodes.length === 0) continue
    const node: GraphNode = { id: uniqueId(step.word, taken), type, params, position: { x: 0, y: 0 } }
    ports.forEach((port, i) => {
      const pick = step.picks[i % 10] ?? 0
      if (port.optional && pick % 2 === 0) return
      const source = nodes[pick % nodes.length] as GraphNode
      const outs = outputPorts(source, blocks)
      const edge = {
        source: source.id,
        sourcePort: outs[pick % outs.length] as string,
        target: node.id,
        targetPort: port.name,
      }
      edges.push({ id: edgeId(edge), ...edge })
    })
    nodes.push(node)
  }
  return { nodes, edges }
}

function pickOutputs(
  body: { nodes: GraphNode[] },
  blocks: readonly BlockDef[],
  picks: readonly number[],
  names: readonly string[],
): GraphOutput[] {
  const out: GraphOutput[] = []
  names.forEach((name, i) => {
    const node = body.nodes[(picks[i] ?? 0) % body.nodes.length]
    if (!node || out.some((o) => o.name === name)) return
    const ports = outputPorts(node, blocks)
    out.push({ name, node: node.id, port: ports[(picks[i] ?? 0) % ports.length] as string })
  })
  return out
}

const outputName = fc.constantFrom('out', 'logits', 'y', 'h', 'features', 'z_1')

const trainingArb: fc.Arbitrary<TrainingSetup> = fc
  .record(
    {
      loss: fc.constantFrom(...LOSSES),
      optimizer: fc.oneof(
        fc.record(
          {
            type: fc.constant('sgd' as const),
            lr: fc.double({ min: 1e-6, max: 1, noNaN: true }),
            momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
            nesterov: fc.boolean(),
            weight_decay: fc.constantFrom(0, 1e-4),
          },
          { requiredKeys: ['type', 'lr'] },
        ),
        fc.record(
          {
            type: fc.constantFrom('adam' as const, 'adamw' as const),
            lr: fc.constantFrom(1e-3, 3e-4, 0.01),
            betas: fc.constant([0.9, 0.999] as [number, number]),
            eps: fc.constant(1e-8),
          },
          { requiredKeys: ['type', 'lr'] },
        ),
        fc.record(
          { type: fc.constant('rmsprop' as const), lr: fc.constant(0.01), eps: fc.constant(1e-8) },
          { requiredKeys: ['type', 'lr'] },
        ),
      ) as fc.Arbitrary<OptimizerSetup>,
      batch_size: fc.integer({ min: 1, max: 512 }),
      epochs: fc.integer({ min: 1, max: 50 }),
      seed: fc.nat({ max: 1000 }),
      dataset: fc.constantFrom('mnist', 'spirals', 'it\'s "quoted"'),
      validation_split: fc.constantFrom(0, 0.1, 0.25),
      metrics: fc.array(fc.constantFrom('accuracy', 'loss'), { maxLength: 2 }),
    },
    { requiredKeys: ['loss', 'optimizer', 'batch_size', 'epochs'] },
  )
  .map((t) => t as TrainingSetup)

const blockSpecArb = (layerTypes: readonly string[], index: number) =>
  fc.record({
    inputs: fc.uniqueArray(fc.constantFrom('x', 'skip', 'a', 'b'), { minLength: 1, maxLength: 2 }),
    steps: fc.array(stepArb(layerTypes, index), { minLength: 0, maxLength: 4 }),
    outputNames: fc.oneof(fc.constant(['out']), fc.uniqueArray(outputName, { minLength: 1, maxLength: 2 })),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 3 }),
  })

/** A random valid document (nodes in any order when `shuffle` is set, as a canvas may leave them). */
export function arbitraryDocument(): fc.Arbitrary<ModelDocument> {
  const layerTypes = LAYERS.map((l) => l.type).filter((t) => t !== 'input')
  return fc
    .record({
      name: fc.string({ minLength: 1, maxLength: 12 }),
      blockCount: fc.nat({ max: 2 }),
      inputs: fc.array(paramsFor('input'), { minLength: 1, maxLength: 2 }),
      seed: fc.nat(),
    })
    .chain(({ name, blockCount, inputs }) =>
      fc
        .record({
          blockSpecs: fc.tuple(...Array.from({ length: blockCount }, (_, i) => blockSpecArb(layerTypes, i))),
          steps: fc.array(stepArb(layerTypes, blockCount), { minLength: 0, maxLength: 8 }),
          outputNames: fc.uniqueArray(outputName, { maxLength: 3 }),
          outputPicks: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 3 }),
          training: fc.option(trainingArb, { nil: undefined }),
          description: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
          order: fc.array(fc.nat({ max: 1000 }), { minLength: 16, maxLength: 16 }),
        })
        .map(({ blockSpecs, steps, outputNames, outputPicks, training, description, order }) => {
          const taken = new Set<string>()
          const blocks: BlockDef[] = []
          blockSpecs.forEach((spec, i) => {
            const blockTaken = new Set<string>()
            const seeds = spec.inputs.map((id): GraphNode => {
              blockTaken.add(id)
              return { id, type: 'input', params: {}, position: { x: 0, y: 0 } }
            })
            const body = buildBody(seeds, spec.steps, blocks, blockTaken)
            const outputs = pickOutputs(body, blocks, spec.picks, spec.outputNames)
            blocks.push({ name: i === 0 ? 'res' : `block${i}`, inputs: spec.inputs, outputs, ...body })
          })
          const seeds = inputs.map(
            (params, i): GraphNode => ({
              id: uniqueId(i === 0 ? 'image' : 'x', taken),
              type: 'input',
              params,
              position: { x: i, y: 0 },
            }),
          )
          const body = buildBody(seeds, steps, blocks, taken)
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x, i) => [x, order[i % order.length] ?? 0] as const)
              .sort((a, b) => a[1] - b[1])
              .map(([x]) => x)
          const doc: ModelDocument = {
            schemaVersion: SCHEMA_VERSION,
            name,
            nodes: shuffle(body.nodes).map((n, i) => ({
              ...n,
              position: { x: i * 10, y: (order[i % 16] ?? 0) - 500 },
            })),
            edges: shuffle(body.edges),
            outputs: pickOutputs(body, blocks, outputPicks, outputNames),
            blocks,
            ...(training ? { training } : {}),
            metadata: description === undefined ? {} : { description },
          }
          return doc
        }),
    )
}
