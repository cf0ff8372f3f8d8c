/**
 * The op conformance suite's machinery, shared by every backend's tests: random inputs of chosen
 * kinds, the gradient check (each VJP against central finite differences, both run in f64), and
 * the precision check (the f32 run against the f64 run). A backend other than the CPU reference
 * plugs in by comparing its forward outputs with `runCpu` on the same `OpCase`s.
 */
import { grad } from '../autodiff/grad'
import { allocate, type Feeds, runCpu } from '../cpu/runCpu'
import { GraphBuilder } from '../ir/builder'
import { formatShape, numel, type Shape } from '../ir/shape'
import type { Value } from '../ir/value'
import type { CpuBuffer } from './opDef'

/**
 * How an input's values are drawn. Non-smooth ops get inputs away from their kinks so that finite
 * differences are meaningful: 'awayFromZero' (|x| in [0.2, 2]) for relu/abs, 'distinct' (values
 * at least 0.05 apart) for max and pooling, 'positive' ([0.5, 2]) for log, sqrt, pow.
 */
export type Draw =
  | 'normal'
  | 'positive'
  | 'awayFromZero'
  | 'distinct'
  | { readonly ints: number }
  | { readonly intValues: readonly number[] }
  | { readonly values: readonly number[] }

/**
 * One input of an op case. `ints` (uniform in 0..n-1) and `intValues` make i32 inputs, which are
 * not differentiated; `values` (f32) and `intValues` repeat their list to fill the shape.
 */
export interface InputSpec {
  readonly shape: Shape
  readonly draw?: Draw
}

/** One conformance case: inputs, and how to build the op (or a tiny graph around it) from them. */
export interface OpCase {
  /** Completes the sentence "it ..." in test names, e.g. 'broadcasts [3, 1, 5] with [7, 5]'. */
  readonly name: string
  readonly inputs: readonly InputSpec[]
  readonly build: (g: GraphBuilder, xs: Value[]) => Value
}

/** A small seeded generator (mulberry32): conformance runs are reproducible. */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand())
}

/** Values for one input, as f64 (i32 inputs hold integers). */
export function drawValues(spec: InputSpec, rand: () => number): number[] {
  const n = numel(spec.shape)
  const draw = spec.draw ?? 'normal'
  if (typeof draw === 'object' && 'ints' in draw)
    return Array.from({ length: n }, () => Math.floor(rand() * draw.ints))
  if (typeof draw === 'object') {
    const list = 'values' in draw ? draw.values : draw.intValues
    return Array.from({ length: n }, (_, i) => list[i % list.length]!)
  }
  switch (draw) {
    case 'normal':
      return Array.from({ length: n }, () => normal(rand))
    case 'positive':
      return Array.from({ length: n }, () => 0.5 + 1.5 * rand())
    case 'awayFromZero':
      return Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.2 + 1.8 * rand()))
    case 'distinct': {
      // a shuffled ladder with steps of 0.05 plus jitter well below the step
      const values = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.05 + 0.01 * rand())
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        ;[values[i], values[j]] = [values[j]!, values[i]!]
      }
      return values
    }
  }
}

function isInt(spec: InputSpec): boolean {
  return typeof spec.draw === 'object' && ('ints' in spec.draw || 'intValues' in spec.draw)
}

/** A case built into a graph, with its inputs named x0, x1, ... and drawn values. */
export interface BuiltCase {
  readonly g: GraphBuilder
  readonly xs: Value[]
  readonly y: Value
  readonly values: number[][]
}

/** Builds a case's graph and draws its inputs. */
export function buildCase(c: OpCase, seed: number): BuiltCase {
  const rand = makeRandom(seed)
  const g = new GraphBuilder()
  const xs = c.inputs.map((spec, i) =>
    g.input(spec.shape, { name: `x${i}`, dtype: isInt(spec) ? 'i32' : 'f32' }),
  )
  const y = c.build(g, xs)
  return { g, xs, y, values: c.inputs.map((spec) => drawValues(spec, rand)) }
}

function feedsOf(values: readonly (readonly number[])[], extra: Feeds = {}): Feeds {
  const feeds: Record<string, CpuBuffer | readonly number[]> = { ...extra }
  values.forEach((v, i) => {
    feeds[`x${i}`] = v
  })
  return feeds
}

/** Relative-and-absolute closeness, with NaN equal to NaN and infinities equal by sign. */
export function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual)
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return actual === expected
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected)
}

/**
 * Differences between the f32 run and the f64 run of a case's output (empty when they agree to
 * f32 accuracy). Catches kernels that only work at one precision.
 */
export function precisionMismatches(c: OpCase, seed = 1, rtol = 1e-4, atol = 1e-5): string[] {
  const { g, y, values } = buildCase(c, seed)
  const feeds = feedsOf(values)
  const lo = runCpu(g, feeds, { outputs: [y] }).get(y).data
  const hi = runCpu(g, feeds, { outputs: [y], precision: 'f64' }).get(y).data
  const scale = Math.max(1, ...Array.from(hi, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)))
  const out: string[] = []
  for (let i = 0; i < hi.length && out.length < 5; i++)
    if (!close(lo[i]!, hi[i]!, rtol, atol * scale)) out.push(`y[${i}]: f32 ${lo[i]} vs f64 ${hi[i]}`)
  return out
}

/** Tolerances of the gradient check (f64 throughout, so they can be tight). */
export interface GradTolerance {
  readonly rtol: number
  readonly atol: number
  /** Finite-difference step, scaled by max(1, |x|). */
  readonly step: number
}

const DEFAULT_GRAD_TOLERANCE: GradTolerance = { rtol: 1e-5, atol: 1e-6, step: 1e-6 }

/**
 * Checks every float input's gradient, as built by `grad` from the ops' VJPs, against central
 * finite differences of L = sum(y · r) for a random r, all in f64. Returns one line per mismatch
 * (empty when all agree); a gradient of the wrong shape is a mismatch too.
 */
export function gradientMismatches(
  c: OpCase,
  seed = 1,
  tol: GradTolerance = DEFAULT_GRAD_TOLERANCE,
): string[] {
  const { g, xs, y, values } = buildCase(c, seed)
  const rand = makeRandom(seed + 7919)
  const r = g.input(y.shape, { name: 'r' })
  const loss = g.sum(g.mul(y, r))
  const floats = xs.filter((x) => x.dtype === 'f32')
  const grads = grad(g, loss, floats)
  const extra = { r: drawValues({ shape: y.shape }, rand) }
  const analytic = runCpu(g, feedsOf(values, extra), { outputs: grads, precision: 'f64' })
  const lossAt = (vals: number[][]) =>
    runCpu(g, feedsOf(vals, extra), { outputs: [loss], precision: 'f64' }).get(loss).data[0]!
  const out: string[] = []
  floats.forEach((x, k) => {
    const i = xs.indexOf(x)
    const dx = grads[k]!
    if (formatShape(dx.shape) !== formatShape(x.shape)) {
      out.push(
        `x${i}: gradient shape ${formatShape(dx.shape)} differs from input shape ${formatShape(x.shape)}`,
      )
      return
    }
    const got = analytic.get(dx).data
    const vals = values.map((v) => [...v])
    const xi = vals[i]!
    for (let j = 0; j < xi.length && out.length < 8; j++) {
      const orig = xi[j]!
      const h = tol.step * Math.max(1, Math.abs(orig))
      xi[j] = orig + h
      const plus = lossAt(vals)
      xi[j] = orig - h
      const minus = lossAt(vals)
      xi[j] = orig
      const numeric = (plus - minus) / (2 * h)
      if (!close(got[j]!, numeric, tol.rtol, tol.atol))
        out.push(`x${i}[${j}] ${formatShape(x.shape)}: VJP ${got[j]} vs finite difference ${numeric}`)
    }
  })
  return out
}

/** Runs a case's forward pass in f64 and returns the output (for checks against naive references). */
export function forwardF64(c: OpCase, seed = 1): { output: Float64Array; inputs: number[][]; shape: Shape } {
  const { g, y, values } = buildCase(c, seed)
  const data = runCpu(g, feedsOf(values), { outputs: [y], precision: 'f64' }).get(y).data
  const output = allocate('f32', data.length, 'f64') as Float64Array
  output.set(data)
  return { output, inputs: values, shape: y.shape }
}
