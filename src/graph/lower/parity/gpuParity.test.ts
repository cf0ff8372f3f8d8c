import { describe, expect, it } from 'vitest'
import { runCpu } from '../../../engine'
import type { WebGpuBackend } from '../../../engine/webgpu'
import { loadParityFixture, PARITY_FIXTURE_NAMES, runParityFixture, type StepExecutor } from './gpuParity'
import { PARITY_MODELS } from './models'

/** `runCpu` behind the executor interface the WebGPU backend fills in the browser. */
const cpuExecutor: StepExecutor = {
  async compile(graph, { outputs }) {
    return {
      run: async (feeds) => runCpu(graph, feeds, { outputs }),
      destroy() {},
    }
  },
}

describe('the executor-agnostic PyTorch parity runner', () => {
  it('accepts the WebGPU backend as an executor (the test page passes it in untyped HTML)', () => {
    const fits: WebGpuBackend extends StepExecutor ? true : false = true
    expect(fits).toBe(true)
  })

  it('finds a browser-loadable fixture for every parity model', () => {
    expect([...PARITY_FIXTURE_NAMES]).toEqual(Object.keys(PARITY_MODELS).sort())
  })

  it('rejects a fixture name that does not exist', async () => {
    await expect(loadParityFixture('nope')).rejects.toThrow(/no parity fixture 'nope'/)
  })

  for (const name of PARITY_FIXTURE_NAMES)
    it(`reproduces PyTorch's losses and buffers of ${name} through the step graph's outputs`, async () => {
      const r = await runParityFixture(cpuExecutor, await loadParityFixture(name))
      expect(r.losses).toHaveLength(r.steps)
      expect(r.maxRelativeError, `step ${r.worstStep}`).toBeLessThan(1e-4)
      expect(r.maxBufferError).toBeLessThan(1e-4)
    })

  it('fails the comparison when an executor returns NaN', async () => {
    const nan: StepExecutor = {
      async compile(graph, { outputs }) {
        return {
          run: async (feeds) => {
            const r = runCpu(graph, feeds, { outputs })
            return { get: (v) => ({ data: v === outputs[0] ? [Number.NaN] : r.get(v).data }) }
          },
          destroy() {},
        }
      },
    }
    const r = await runParityFixture(nan, await loadParityFixture('mlpSgd'), { steps: 2 })
    expect(r.steps).toBe(2)
    expect(r.maxRelativeError).toBe(Number.POSITIVE_INFINITY)
  })
})
