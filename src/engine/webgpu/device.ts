import type { Gpu, GpuAdapterInfo, GpuDevice, GpuLimits } from './gpuTypes'
import type { KernelConfig } from './kernels/index'

/** The limits the backend requests explicitly, at the adapter's maximum. */
export const REQUESTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
] as const satisfies readonly (keyof GpuLimits)[]

/** The largest power of two <= n (n >= 1). */
function floorPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, n)))
}

/**
 * Whether the adapter emulates a GPU on the CPU (SwiftShader, lavapipe/llvmpipe): there a
 * workgroup barrier switches between every invocation of the workgroup, so barrier-free kernels win.
 */
export function isSoftwareAdapter(info: GpuAdapterInfo | undefined): boolean {
  if (!info) return false
  const text = `${info.architecture} ${info.vendor} ${info.description}`.toLowerCase()
  return ['swiftshader', 'llvmpipe', 'lavapipe'].some((name) => text.includes(name))
}

/**
 * Kernel sizes for a device's limits: 64-thread workgroups and 16×16 matmul tiles where the
 * WebGPU defaults allow them (256 invocations, 16 KiB of workgroup memory), smaller ones on a
 * device that offers less, so a low-end adapter runs the same graphs a little slower. A software
 * adapter (`isSoftwareAdapter`) gets `barriers: 'costly'`: barrier-free products and reductions.
 */
export function kernelConfigFor(
  limits: GpuLimits,
  overrides: Partial<KernelConfig> = {},
  adapter?: GpuAdapterInfo,
): KernelConfig {
  const invocations = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX)
  const workgroupSize = floorPow2(Math.min(64, invocations))
  const fits = (t: number) =>
    t * t <= limits.maxComputeInvocationsPerWorkgroup &&
    t <= limits.maxComputeWorkgroupSizeX &&
    t <= limits.maxComputeWorkgroupSizeY &&
    2 * t * t * 4 <= limits.maxComputeWorkgroupStorageSize
  const matmulTile = [16, 8, 4, 2, 1].find(fits) ?? 1
  return {
    workgroupSize,
    matmulTile,
    maxWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
    scatterAdd: 'auto',
    ...(isSoftwareAdapter(adapter) && { barriers: 'costly' as const }),
    ...overrides,
  }
}

/** A device with what the adapter said about itself. */
export interface RequestedDevice {
  readonly device: GpuDevice
  readonly adapterInfo: GpuAdapterInfo
}

/**
 * Requests an adapter and a device with the limits the engine uses raised to the adapter's
 * maximum (a device gets only the WebGPU defaults unless it asks). Throws with a readable
 * message when there is no adapter (WebGPU disabled, or no GPU and no software fallback).
 */
export async function requestWebGpuDevice(
  gpu: Gpu,
  options: { powerPreference?: 'low-power' | 'high-performance' } = {},
): Promise<RequestedDevice> {
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' })
  if (!adapter) throw new Error('WebGPU is available but no adapter was found.')
  const requiredLimits: Record<string, number> = {}
  for (const name of REQUESTED_LIMITS) requiredLimits[name] = adapter.limits[name]
  const device = await adapter.requestDevice({ requiredLimits, label: 'triad' })
  return { device, adapterInfo: adapter.info }
}
