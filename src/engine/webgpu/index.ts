/**
 * The WebGPU backend: graphs of the primitive IR compiled to shape-specialised WGSL kernels,
 * with buffers planned by liveness and everything created before the first run. Same contract
 * as `runCpu` (feeds by name in, tensors by value out), asynchronous.
 */
export { createWebGpuBackend, WebGpuBackend, type WebGpuRunOptions } from './backend'
export { CompiledWebGpuGraph, type WebGpuPlanStats } from './compiled'
export { kernelConfigFor, REQUESTED_LIMITS, type RequestedDevice, requestWebGpuDevice } from './device'
export type { Gpu, GpuAdapter, GpuAdapterInfo, GpuDevice, GpuLimits } from './gpuTypes'
export type { Kernel, KernelConfig } from './kernels/index'
export { planWebGpu, type WebGpuPlan } from './plan'
export { WebGpuResult } from './result'
