import type { OpName } from '../../ops/index'
import { CONV_KERNELS } from './conv'
import { ELEMENTWISE_KERNELS } from './elementwise'
import { INDEXING_KERNELS } from './indexing'
import type { KernelGen } from './kernel'
import { MATMUL_KERNELS } from './matmul'
import { POOL_KERNELS } from './pool'
import { REDUCE_KERNELS } from './reduce'
import { VIEW_KERNELS } from './views'

/**
 * How the WebGPU runner realises a primitive: 'feed' (written from the caller's feeds each run),
 * 'constant' (evaluated once on the host by the op's CPU kernel and uploaded at compile time),
 * 'alias' (reshape, detach: the same buffer under a new shape, no dispatch), or
 * generated kernels.
 */
export type WebGpuLowering = 'feed' | 'constant' | 'alias' | KernelGen

function kernelFor(op: string): KernelGen {
  const gen =
    ELEMENTWISE_KERNELS[op] ??
    REDUCE_KERNELS[op] ??
    MATMUL_KERNELS[op] ??
    CONV_KERNELS[op] ??
    POOL_KERNELS[op] ??
    INDEXING_KERNELS[op] ??
    VIEW_KERNELS[op]
  if (!gen) throw new Error(`no WebGPU kernel for '${op}'.`)
  return gen
}

/** Every primitive of `OPS` and how WebGPU runs it (the type makes a missing one an error). */
export const WEBGPU_LOWERINGS: Readonly<Record<OpName, WebGpuLowering>> = {
  input: 'feed',
  param: 'feed',
  full: 'constant',
  constant: 'constant',
  iota: 'constant',
  neg: kernelFor('neg'),
  exp: kernelFor('exp'),
  log: kernelFor('log'),
  sqrt: kernelFor('sqrt'),
  rsqrt: kernelFor('rsqrt'),
  abs: kernelFor('abs'),
  sign: kernelFor('sign'),
  relu: kernelFor('relu'),
  tanh: kernelFor('tanh'),
  sigmoid: kernelFor('sigmoid'),
  erf: kernelFor('erf'),
  sin: kernelFor('sin'),
  cos: kernelFor('cos'),
  add: kernelFor('add'),
  sub: kernelFor('sub'),
  mul: kernelFor('mul'),
  div: kernelFor('div'),
  pow: kernelFor('pow'),
  maximum: kernelFor('maximum'),
  minimum: kernelFor('minimum'),
  lt: kernelFor('lt'),
  gt: kernelFor('gt'),
  eq: kernelFor('eq'),
  where: kernelFor('where'),
  sum: kernelFor('sum'),
  max: kernelFor('max'),
  matmul: kernelFor('matmul'),
  conv2d: kernelFor('conv2d'),
  convTranspose2d: kernelFor('convTranspose2d'),
  maxPool2d: kernelFor('maxPool2d'),
  maxPool2dIndices: kernelFor('maxPool2dIndices'),
  avgPool2d: kernelFor('avgPool2d'),
  gather: kernelFor('gather'),
  scatterAdd: kernelFor('scatterAdd'),
  reshape: 'alias',
  permute: kernelFor('permute'),
  slice: kernelFor('slice'),
  pad: kernelFor('pad'),
  concat: kernelFor('concat'),
  expand: kernelFor('expand'),
  cast: kernelFor('cast'),
  detach: 'alias',
}

export type { Kernel, KernelArgs, KernelBinding, KernelConfig, KernelGen } from './kernel'
