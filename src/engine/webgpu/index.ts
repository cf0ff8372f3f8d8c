/**
 * The WebGPU backend: graphs of the primitive IR compiled to shape-specialised WGSL kernels,
 * with buffers planned by liveness and everything created before the first run. Same contract
 * as `runCpu` (feeds by name in, tensors by value out), asynchronous. The training executor
 * keeps a run's state on the GPU between steps.
 */
export {
  allocateChecked,
  createWebGpuBackend,
  type DeviceLoss,
  WebGpuBackend,
  type WebGpuCompileOptions,
  type WebGpuRunOptions,
} from './backend'
export { CompiledWebGpuGraph, type ExternalBuffers, type WebGpuPlanStats, type WriteBack } from './compiled'
export { kernelConfigFor, REQUESTED_LIMITS, type RequestedDevice, requestWebGpuDevice } from './device'
export {
  checkWebGpuTraining,
  createWebGpuExecutor,
  type WebGpuExecutorOptions,
  type WebGpuExecutorStats,
  type WebGpuTrainExecutor,
} from './executor/index'
export type { Gpu, GpuAdapter, GpuAdapterInfo, GpuDevice, GpuLimits } from './gpuTypes'
export type { Kernel, KernelConfig } from './kernels/index'
export { planWebGpu, type WebGpuPlan } from './plan'
export { WebGpuResult } from './result'
