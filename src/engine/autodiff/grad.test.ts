import { describe, expect, it } from 'vitest'
import { runCpu } from '../cpu/runCpu'
import { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'
import { close, drawValues, makeRandom } from '../ops/conformance'
import { grad } from './grad'

/** Central differences of a scalar graph output with respect to one fed value, in f64. */
function finiteDifferences(
  g: GraphBuilder,
  loss: Value,
  feeds: Record<string, number[]>,
  name: string,
  step = 1e-6,
): number[] {
  const at = (values: Record<string, number[]>) =>
    runCpu(g, values, { outputs: [loss], precision: 'f64' }).get(loss).data[0]!
  return feeds[name]!.map((v, j) => {
    const plus = feeds[name]!.map((u, i) => (i === j ? v + step : u))
    const minus = feeds[name]!.map((u, i) => (i === j ? v - step : u))
    return (at({ ...feeds, [name]: plus }) - at({ ...feeds, [name]: minus })) / (2 * step)
  })
}

function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  rtol = 1e-5,
  atol = 1e-7,
): void {
  const bad = expected
    .map((e, i) => [i, actual[i]!, e] as const)
    .filter(([, a, e]) => !close(a, e, rtol, atol))
    .slice(0, 5)
  expect(bad).toEqual([])
}

describe('grad', () => {
  it('sums the gradients of a value used several times (fan-out)', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    const loss = g.sum(g.add(g.mul(x, x), g.mul(x, 3)))
    const [dx] = grad(g, loss, [x])
    const out = runCpu(g, { x: [1, -2, 0.5] }, { outputs: [dx!] })
    expect(out.array(dx!)).toEqual([5, -1, 4])
  })

  it('sums a broadcast gradient back to the shape of a bias', () => {
    const g = new GraphBuilder()
    const x = g.input([5, 3], { name: 'x' })
    const b = g.param('b', [3])
    const [db] = grad(g, g.sum(g.add(x, b)), [b])
    expect(db!.shape).toEqual([3])
    expect(runCpu(g, { x: new Float32Array(15), b: [0, 0, 0] }).array(db!)).toEqual([5, 5, 5])
  })

  it('gives zeros for a value the loss does not depend on', () => {
    const g = new GraphBuilder()
    const x = g.input([2], { name: 'x' })
    const unused = g.param('unused', [3, 1])
    const [dx, du] = grad(g, g.sum(g.exp(x)), [x, unused])
    const out = runCpu(g, { x: [0, 0], unused: [1, 2, 3] })
    expect(out.array(dx!)).toEqual([1, 1])
    expect(du!.shape).toEqual([3, 1])
    expect(out.array(du!)).toEqual([0, 0, 0])
  })

  it('stops the gradient at detach', () => {
    const g = new GraphBuilder()
    const x = g.input([2], { name: 'x' })
    const [dx] = grad(g, g.sum(g.mul(g.detach(x), x)), [x])
    expect(runCpu(g, { x: [3, -4] }).array(dx!)).toEqual([3, -4])
  })

  it('differentiates its own gradient graph (second derivative of x³ is 6x)', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    const [dx] = grad(g, g.sum(g.mul(x, g.mul(x, x))), [x])
    const [ddx] = grad(g, g.sum(dx!), [x])
    expect(runCpu(g, { x: [1, -2, 0.5] }).array(ddx!)).toEqual([6, -12, 3])
  })

  it('takes a seed for a non-scalar output (a vector-Jacobian product)', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    const seed = g.input([3], { name: 'seed' })
    const [dx] = grad(g, g.mul(x, x), [x], { seed })
    expect(runCpu(g, { x: [1, 2, 3], seed: [1, 0, -1] }).array(dx!)).toEqual([2, 0, -6])
  })

  it('refuses a loss of several elements without a seed, as backward() does', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    expect(() => grad(g, g.exp(x), [x])).toThrow(/not a single number/)
  })

  it('refuses to differentiate with respect to integer values', () => {
    const g = new GraphBuilder()
    const ids = g.input([3], { name: 'ids', dtype: 'i32' })
    const table = g.param('table', [5, 2])
    expect(() => grad(g, g.sum(g.gather(table, ids)), [ids])).toThrow(/i32/)
  })

  it('refuses values of another graph', () => {
    const g = new GraphBuilder()
    const other = new GraphBuilder()
    const x = other.input([1], { name: 'x' })
    expect(() => grad(g, g.sum(g.input([1])), [x])).toThrow(/another graph/)
  })

  it('matches finite differences on an MLP with a cross-entropy built from primitives', () => {
    // x [5, 3] -> dense 7 + bias -> tanh -> dense 7 + bias -> relu -> dense 3 + bias -> mean cross-entropy
    const g = new GraphBuilder()
    const x = g.input([5, 3], { name: 'x' })
    const labels = g.input([5], { name: 'labels', dtype: 'i32' })
    const shapes: Record<string, number[]> = {
      w1: [3, 7],
      b1: [7],
      w2: [7, 7],
      b2: [7],
      w3: [7, 3],
      b3: [3],
    }
    const p = Object.fromEntries(Object.entries(shapes).map(([name, s]) => [name, g.param(name, s)]))
    const h1 = g.tanh(g.add(g.matmul(x, p.w1!), p.b1!))
    const h2 = g.relu(g.add(g.matmul(h1, p.w2!), p.b2!))
    const logits = g.add(g.matmul(h2, p.w3!), p.b3!)
    // picked logit via a one-hot mask from iota == label, and again via gather on flat indices
    const oneHot = g.eq(g.iota([5, 3], 1), g.reshape(labels, [5, 1]))
    const picked = g.sum(g.mul(logits, oneHot), 1)
    const flat = g.add(g.mul(g.iota([5], 0), 3), labels)
    const pickedByGather = g.gather(g.reshape(logits, [-1]), flat)
    const nll = g.sub(g.logsumexp(logits, 1), g.mul(g.add(picked, pickedByGather), 0.5))
    const loss = g.mean(nll)
    const params = Object.values(p)
    const grads = grad(g, loss, params)

    const rand = makeRandom(3)
    const feeds: Record<string, number[]> = {
      x: drawValues({ shape: [5, 3] }, rand),
      labels: [0, 2, 1, 2, 0],
    }
    for (const [name, s] of Object.entries(shapes))
      feeds[name] = drawValues({ shape: s }, rand).map((v) => v * (name.startsWith('b') ? 0.1 : 0.7))
    const analytic = runCpu(g, feeds, { outputs: grads, precision: 'f64' })
    params.forEach((param, k) => {
      expectAllClose(analytic.get(grads[k]!).data, finiteDifferences(g, loss, feeds, param.name!))
    })
    // the f32 run lands near the f64 one
    const f32 = runCpu(g, feeds, { outputs: grads })
    params.forEach((_, k) => {
      expectAllClose(f32.get(grads[k]!).data, Array.from(analytic.get(grads[k]!).data), 1e-3, 1e-5)
    })
  })

  it('matches finite differences through a conv, pool and softmax network', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 1, 7, 7], { name: 'x' })
    const w = g.param('w', [3, 1, 3, 3])
    const b = g.param('b', [3, 1, 1])
    const v = g.param('v', [27, 5])
    const conv = g.sigmoid(g.add(g.conv2d(x, w, { padding: 1 }), b))
    const pooled = g.avgPool2d(g.maxPool2d(conv, { kernel_size: 2, ceil_mode: true }), {
      kernel_size: 2,
      stride: 1,
    })
    const probs = g.softmax(g.matmul(g.flatten(pooled, 1), v), -1)
    const loss = g.sum(g.mul(probs, g.constant([1, -2, 0.5, 3, -1], [5])))
    const params = [w, b, v]
    const grads = grad(g, loss, params)
    const rand = makeRandom(5)
    const feeds: Record<string, number[]> = {
      x: drawValues({ shape: [2, 1, 7, 7], draw: 'distinct' }, rand).map((u) => u * 10),
      w: drawValues({ shape: [3, 1, 3, 3] }, rand),
      b: drawValues({ shape: [3, 1, 1] }, rand),
      v: drawValues({ shape: [27, 5] }, rand),
    }
    const analytic = runCpu(g, feeds, { outputs: grads, precision: 'f64' })
    params.forEach((param, k) => {
      expectAllClose(analytic.get(grads[k]!).data, finiteDifferences(g, loss, feeds, param.name!))
    })
  })
})
