/**
 * The slice of the WebGPU API the engine uses, as plain structural types. src/engine type-checks
 * without the DOM library (it runs in Node and in workers too), so it cannot name `GPUDevice`;
 * these interfaces are subsets of the DOM's, so the page or worker passes `navigator.gpu` (or a
 * `GPUDevice`) straight in (e2e/webgpu.spec.ts checks that assignability against the DOM types).
 */

/** Anything the API labels (every WebGPU object). Opaque objects are just this. */
export interface GpuObject {
  label: string
}

/** The numeric limits the engine reads and requests (a subset of GPUSupportedLimits). */
export interface GpuLimits {
  readonly maxBufferSize: number
  readonly maxStorageBufferBindingSize: number
  readonly maxStorageBuffersPerShaderStage: number
  readonly maxComputeInvocationsPerWorkgroup: number
  readonly maxComputeWorkgroupSizeX: number
  readonly maxComputeWorkgroupSizeY: number
  readonly maxComputeWorkgroupStorageSize: number
  readonly maxComputeWorkgroupsPerDimension: number
}

/** What the adapter says about itself; `architecture` is 'swiftshader' on the CPU fallback. */
export interface GpuAdapterInfo {
  readonly vendor: string
  readonly architecture: string
  readonly description: string
}

/** A GPU buffer. */
export interface GpuBuffer extends GpuObject {
  readonly size: number
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>
  getMappedRange(offset?: number, size?: number): ArrayBuffer
  unmap(): void
  destroy(): void
}

/** One compilation message of a shader module. */
export interface GpuCompilationMessage {
  readonly message: string
  readonly type: string
  readonly lineNum: number
  readonly linePos: number
}

/** A compiled WGSL module. */
export interface GpuShaderModule extends GpuObject {
  getCompilationInfo(): Promise<{ readonly messages: readonly GpuCompilationMessage[] }>
}

/** A bind group layout, pipeline layout, pipeline, bind group or command buffer: opaque handles. */
export type GpuBindGroupLayout = GpuObject
export type GpuPipelineLayout = GpuObject
export type GpuComputePipeline = GpuObject
export type GpuBindGroup = GpuObject
export type GpuCommandBuffer = GpuObject

/** A compute pass being recorded. */
export interface GpuComputePass {
  setPipeline(pipeline: GpuComputePipeline): void
  setBindGroup(index: number, group: GpuBindGroup | null): void
  dispatchWorkgroups(x: number, y?: number, z?: number): void
  end(): void
}

/** A command encoder: one per run. */
export interface GpuCommandEncoder {
  beginComputePass(descriptor?: { label?: string }): GpuComputePass
  copyBufferToBuffer(
    source: GpuBuffer,
    sourceOffset: number,
    destination: GpuBuffer,
    destinationOffset: number,
    size?: number,
  ): void
  finish(): GpuCommandBuffer
}

/** The device's queue. */
export interface GpuQueue {
  submit(commandBuffers: GpuCommandBuffer[]): void
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView): void
  onSubmittedWorkDone(): Promise<void>
}

/** A storage binding of a bind group layout: read-only or read-write. */
export interface GpuBufferLayoutEntry {
  binding: number
  visibility: number
  buffer: { type: 'read-only-storage' | 'storage' }
}

/** The device: everything the backend creates comes from it. */
export interface GpuDevice extends GpuObject {
  readonly limits: GpuLimits
  readonly queue: GpuQueue
  readonly lost: Promise<{ readonly message: string; readonly reason: string }>
  createBuffer(descriptor: {
    size: number
    usage: number
    mappedAtCreation?: boolean
    label?: string
  }): GpuBuffer
  createShaderModule(descriptor: { code: string; label?: string }): GpuShaderModule
  createBindGroupLayout(descriptor: { entries: GpuBufferLayoutEntry[]; label?: string }): GpuBindGroupLayout
  createPipelineLayout(descriptor: {
    bindGroupLayouts: (GpuBindGroupLayout | null)[]
    label?: string
  }): GpuPipelineLayout
  createComputePipelineAsync(descriptor: {
    layout: GpuPipelineLayout | 'auto'
    compute: { module: GpuShaderModule; entryPoint?: string }
    label?: string
  }): Promise<GpuComputePipeline>
  createBindGroup(descriptor: {
    layout: GpuBindGroupLayout
    entries: {
      binding: number
      resource: { buffer: GpuBuffer; offset?: number; size?: number } | GpuObject
    }[]
    label?: string
  }): GpuBindGroup
  createCommandEncoder(descriptor?: { label?: string }): GpuCommandEncoder
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void
  popErrorScope(): Promise<{ readonly message: string } | null>
  destroy(): void
}

/** An adapter: the physical (or software) GPU a device is requested from. */
export interface GpuAdapter {
  readonly limits: GpuLimits
  readonly info: GpuAdapterInfo
  requestDevice(descriptor?: { requiredLimits?: Record<string, number>; label?: string }): Promise<GpuDevice>
}

/** `navigator.gpu`, as the engine receives it from the page or worker. */
export interface Gpu {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null>
}

/** GPUBufferUsage flags (the globals exist only in browsers, so the values are spelled out). */
export const BUFFER_USAGE = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  STORAGE: 0x0080,
} as const

/** GPUMapMode.READ. */
export const MAP_READ = 0x0001

/** GPUShaderStage.COMPUTE. */
export const SHADER_STAGE_COMPUTE = 0x4
