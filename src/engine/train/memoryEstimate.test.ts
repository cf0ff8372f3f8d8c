import { describe, expect, it } from 'vitest'
import { ZEROS } from '../init/init'
import { GraphBuilder } from '../ir/builder'
import { WEBGPU_LOWERINGS } from '../webgpu/kernels/index'
import { planWebGpu } from '../webgpu/plan'
import { compileTrainStep } from './compileTrainStep'
import { checkTrainingFits, ESTIMATE_OP_CLASSES, estimateTrainingBytes } from './memoryEstimate'
import type { ModelGraph } from './modelGraph'

/** A dense layer in -> out on a batch, cross-entropy-free MSE loss; weights never initialised here. */
function dense(batch: number, inF: number, outF: number) {
  const g = new GraphBuilder()
  const x = g.input([batch, inF], { name: 'x' })
  const target = g.input([batch, outF], { name: 'target' })
  const w = g.param('fc.weight', [outF, inF])
  const b = g.param('fc.bias', [outF])
  const y = g.add(g.matmul(x, g.transpose(w, 0, 1)), b)
  const d = g.sub(y, target)
  const loss = g.mean(g.mul(d, d))
  const model: ModelGraph = {
    graph: g,
    params: [
      { name: 'fc.weight', shape: [outF, inF], init: ZEROS, value: w },
      { name: 'fc.bias', shape: [outF], init: ZEROS, value: b },
    ],
    buffers: [],
    noise: [],
  }
  return compileTrainStep(model, { loss, optimizer: { type: 'adam', lr: 1e-3 }, guard: true })
}

const CONFIG = {
  workgroupSize: 64,
  matmulTile: 16,
  maxWorkgroupsPerDimension: 65535,
  scatterAdd: 'auto',
} as const

describe('estimateTrainingBytes', () => {
  it('counts parameters, Adam state (two tensors a parameter) and the batch from shapes', () => {
    const step = dense(8, 3, 5)
    const bytes = estimateTrainingBytes(step)
    expect(bytes.params).toBe((15 + 5) * 4)
    expect(bytes.optimizer).toBe(2 * (15 + 5) * 4)
    expect(bytes.buffers).toBe(0)
    // x, target, Adam's two scalars and the guard flag
    expect(bytes.data).toBe((8 * 3 + 8 * 5 + 2 + 1) * 4)
    expect(bytes.total).toBe(
      bytes.params + bytes.optimizer + bytes.buffers + bytes.data + bytes.constants + bytes.intermediates,
    )
  })

  it('plans the intermediates by liveness: no less than the (fused) WebGPU plan, less than one buffer each', () => {
    const step = dense(16, 12, 7)
    const plan = planWebGpu(step.graph, CONFIG, step.outputs)
    const planned = estimateTrainingBytes(step).intermediates
    const naive = estimateTrainingBytes(step, { naive: true }).intermediates
    expect(planned).toBeGreaterThanOrEqual(plan.plannedBytes)
    expect(planned).toBeLessThan(naive)
    expect(naive).toBeGreaterThanOrEqual(plan.naiveBytes)
  })

  it('classes ops as the WebGPU lowerings do', () => {
    for (const [op, lowering] of Object.entries(WEBGPU_LOWERINGS)) {
      expect(ESTIMATE_OP_CLASSES.feed.has(op), op).toBe(lowering === 'feed')
      expect(ESTIMATE_OP_CLASSES.constant.has(op), op).toBe(lowering === 'constant')
      expect(ESTIMATE_OP_CLASSES.view.has(op), op).toBe(lowering === 'alias')
    }
  })

  it('refuses a 50000x50000 dense layer by arithmetic, naming the MB it needs and the fix', () => {
    const step = dense(32, 50_000, 50_000)
    const bytes = estimateTrainingBytes(step)
    expect(bytes.params).toBe((50_000 * 50_000 + 50_000) * 4)
    expect(bytes.largest.bytes).toBe(50_000 * 50_000 * 4)
    expect(() =>
      checkTrainingFits(bytes, { maxBufferBytes: 2 ** 30, device: 'this GPU (swiftshader)' }),
    ).toThrow(
      /training this model needs [\d,.]+ MB \(parameters 9,536\.9 MB, optimizer state 19,073\.9 MB.*'fc\.weight', needs 9,536\.7 MB but this GPU \(swiftshader\) allows at most 1,024 MB per buffer: reduce the batch size or the layer widths/,
    )
  })

  it('refuses a model over the total budget and passes one under it', () => {
    const bytes = estimateTrainingBytes(dense(4, 3, 2))
    expect(() => checkTrainingFits(bytes, { maxTotalBytes: bytes.total - 1 })).toThrow(
      /in all: reduce the batch/,
    )
    expect(() =>
      checkTrainingFits(bytes, { maxTotalBytes: bytes.total, maxBufferBytes: 2 ** 20 }),
    ).not.toThrow()
  })
})
