/**
 * Where a training step's time goes on the CPU backend: milliseconds per op (and per value for
 * the heaviest) over a few steps of the MLP and CNN workloads, and the plan's memory figures.
 * Usage: node bench/run.mjs profileCpu
 */
import { cachedPlans } from '../src/engine/cpu/runCpu'
import { cnnDocument, mlpDocument, trainLoop } from './triadWorkloads'

const loops = {
  mlp: () => trainLoop(mlpDocument(128), 784, 10, 128),
  cnn: () => trainLoop(cnnDocument(64), 784, 10, 64),
}
for (const [name, make] of Object.entries(loops)) {
  const loop = make()
  loop.step()
  const plan = cachedPlans(loop.compiled.graph)[0]!
  const profile = new Map<number, number>()
  plan.profile = profile
  const steps = name === 'mlp' ? 20 : 3
  const t0 = performance.now()
  for (let i = 0; i < steps; i++) loop.step()
  const ms = (performance.now() - t0) / steps
  plan.profile = undefined
  const nodes = loop.compiled.graph.nodes
  console.log(`${name}: ${ms.toFixed(1)} ms/step (profiled), ${nodes.length} values, plan`, plan.stats)
  const byOp = new Map<string, { ms: number; calls: number }>()
  for (const [id, t] of profile) {
    const op = nodes[id]!.op
    const e = byOp.get(op) ?? { ms: 0, calls: 0 }
    e.ms += t / steps
    e.calls++
    byOp.set(op, e)
  }
  for (const [op, e] of [...byOp].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
    console.log(`  ${op.padEnd(18)} ${e.ms.toFixed(2).padStart(8)} ms  ${e.calls} kernels`)
  console.log('  heaviest values:')
  for (const [id, t] of [...profile].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    const v = nodes[id]!
    const ins = v.inputs.map((i) => `${nodes[i]!.op}[${nodes[i]!.shape.join(',')}]`).join(', ')
    console.log(`  ${(t / steps).toFixed(2).padStart(8)} ms  #${id} ${v.op} [${v.shape.join(',')}] <- ${ins}`)
  }
}
