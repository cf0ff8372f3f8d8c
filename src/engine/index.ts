/**
 * The engine's public surface: build primitive-IR graphs, differentiate them, run them on the
 * CPU reference. Lowering code (src/graph) and backends import from here.
 */
export { type GradOptions, grad } from './autodiff/grad'
export { allocate, type CpuPrecision, CpuResult, type Feeds, type RunCpuOptions, runCpu } from './cpu/runCpu'
export {
  type AvgPool2dOptions,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  GraphBuilder,
  type IntPair,
  type MaxPool2dOptions,
  type Operand,
} from './ir/builder'
export { broadcastShapes, formatShape, numel, type Shape, ShapeError } from './ir/shape'
export type { DType, Graph, TensorType, Value } from './ir/value'
export { OPS, type OpName, opDef } from './ops/index'
export type { CpuBuffer, CpuTensor, OpDef, VjpArgs } from './ops/opDef'
