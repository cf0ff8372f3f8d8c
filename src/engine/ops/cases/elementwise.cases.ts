import type { GraphBuilder } from '../../ir/builder'
import type { Value } from '../../ir/value'
import { type Draw, makeRandom, type OpCase } from '../conformance'
import type { OpEntry } from './types'

type Unary =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'abs'
  | 'sign'
  | 'relu'
  | 'tanh'
  | 'sigmoid'
  | 'erf'
  | 'sin'
  | 'cos'
type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'lt' | 'gt' | 'eq'

const UNARY_DRAW: Record<Unary, Draw> = {
  neg: 'normal',
  exp: 'normal',
  log: 'positive',
  sqrt: 'positive',
  rsqrt: 'positive',
  abs: 'awayFromZero',
  sign: 'awayFromZero',
  relu: 'awayFromZero',
  tanh: 'normal',
  sigmoid: 'normal',
  erf: 'normal',
  sin: 'normal',
  cos: 'normal',
}

/** Every unary elementwise primitive (the conformance suites of all backends iterate these). */
export const UNARY_OPS = Object.keys(UNARY_DRAW) as Unary[]

function unaryCases(op: Unary): OpCase[] {
  const draw = UNARY_DRAW[op]
  const build = (g: GraphBuilder, [x]: Value[]) => g[op](x!)
  const cases: OpCase[] = [
    { name: `${op} of a [3, 5] tensor`, inputs: [{ shape: [3, 5], draw }], build },
    { name: `${op} of a scalar`, inputs: [{ shape: [], draw }], build },
    { name: `${op} of a [0, 3] tensor`, inputs: [{ shape: [0, 3], draw }], build },
  ]
  if (op === 'erf')
    // both branches of the double-precision erf (series below 3, continued fraction above) and the tails
    cases.push({
      name: 'erf across its series, continued-fraction and saturated ranges',
      inputs: [{ shape: [9], draw: { values: [-6.5, -4.5, -3.2, -1.1, 0.3, 2.2, 2.9, 3.5, 5.5] } }],
      build,
    })
  return cases
}

/** Per binary op: how its two operands are drawn (denominators and pow bases away from 0). */
const BINARY_DRAW: Record<Binary, readonly [Draw, Draw]> = {
  add: ['normal', 'normal'],
  sub: ['normal', 'normal'],
  mul: ['normal', 'normal'],
  div: ['normal', 'awayFromZero'],
  pow: ['positive', 'normal'],
  maximum: ['normal', 'normal'],
  minimum: ['normal', 'normal'],
  lt: ['normal', 'normal'],
  gt: ['normal', 'normal'],
  eq: [{ values: [0.5, -1, 2] }, { values: [0.5, 2] }],
}

/** Every binary elementwise primitive. */
export const BINARY_OPS = Object.keys(BINARY_DRAW) as Binary[]

/**
 * Random broadcasting pairs: odd sizes, a shared suffix, random size-1 dims on either side and a
 * random rank difference. Seeded per op, so every run checks the same shapes.
 */
function randomBroadcastPairs(seed: number, count: number): [number[], number[]][] {
  const rand = makeRandom(seed)
  const pairs: [number[], number[]][] = []
  for (let k = 0; k < count; k++) {
    const rank = 1 + Math.floor(rand() * 3)
    const full = Array.from({ length: rank }, () => 1 + 2 * Math.floor(rand() * 3))
    const ones = (s: number[]) => s.map((d) => (rand() < 0.3 ? 1 : d))
    const a = ones(full)
    const b = ones(full.slice(Math.floor(rand() * rank)))
    pairs.push(rand() < 0.5 ? [a, b] : [b, a])
  }
  return pairs
}

function binaryCases(op: Binary): OpCase[] {
  const [da, db] = BINARY_DRAW[op]
  const build = (g: GraphBuilder, [a, b]: Value[]) => g[op](a!, b!)
  const pairs: [number[], number[]][] = [
    [
      [3, 5],
      [3, 5],
    ],
    [
      [3, 1, 5],
      [7, 5],
    ],
    [[], [5, 3]],
    [[3], [1]],
    [
      [0, 3],
      [1, 3],
    ],
    ...randomBroadcastPairs(op.length * 101 + op.charCodeAt(0), 3),
  ]
  return pairs.map(([sa, sb]) => ({
    name: `${op} of [${sa.join(', ')}] with [${sb.join(', ')}]`,
    inputs: [
      { shape: sa, draw: da },
      { shape: sb, draw: db },
    ],
    build,
  }))
}

const whereCases: OpCase[] = [
  {
    name: 'where with a [3, 1] mask broadcast over [3, 5] and [5] branches',
    inputs: [{ shape: [3, 1], draw: { values: [1, 0, 1] } }, { shape: [3, 5] }, { shape: [5] }],
    build: (g, [c, a, b]) => g.where(c!, a!, b!),
  },
  {
    name: 'where with a same-shape [5, 3] mask',
    inputs: [
      { shape: [5, 3], draw: { values: [0, 1, 1, 0, 1, 0, 0] } },
      { shape: [5, 3] },
      { shape: [5, 3] },
    ],
    build: (g, [c, a, b]) => g.where(c!, a!, b!),
  },
  {
    name: 'where over an empty [0, 3] mask',
    inputs: [{ shape: [0, 3] }, { shape: [1, 3] }, { shape: [3] }],
    build: (g, [c, a, b]) => g.where(c!, a!, b!),
  },
]

const unary = (op: Unary): OpEntry => ({ cases: unaryCases(op) })
const binary = (op: Binary): OpEntry => ({ cases: binaryCases(op) })

/** Conformance entries of the elementwise primitives. */
export const ELEMENTWISE_ENTRIES = {
  neg: unary('neg'),
  exp: unary('exp'),
  log: unary('log'),
  sqrt: unary('sqrt'),
  rsqrt: unary('rsqrt'),
  abs: unary('abs'),
  sign: unary('sign'),
  relu: unary('relu'),
  tanh: unary('tanh'),
  sigmoid: unary('sigmoid'),
  erf: unary('erf'),
  sin: unary('sin'),
  cos: unary('cos'),
  add: binary('add'),
  sub: binary('sub'),
  mul: binary('mul'),
  div: binary('div'),
  pow: binary('pow'),
  maximum: binary('maximum'),
  minimum: binary('minimum'),
  lt: binary('lt'),
  gt: binary('gt'),
  eq: binary('eq'),
  where: { cases: whereCases },
} satisfies Record<Unary | Binary | 'where', OpEntry>
