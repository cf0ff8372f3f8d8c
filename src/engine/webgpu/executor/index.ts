/**
 * The WebGPU training executor: state resident in GPU buffers, losses read back through a ring of
 * staging buffers, a non-finite guard without readbacks. See `createWebGpuExecutor`.
 */
export { LossRing, type StepRecord } from './lossRing'
export { StateBuffers } from './stateBuffers'
export {
  checkWebGpuTraining,
  createWebGpuExecutor,
  type WebGpuExecutorOptions,
  type WebGpuExecutorStats,
  type WebGpuTrainExecutor,
} from './webGpuExecutor'
