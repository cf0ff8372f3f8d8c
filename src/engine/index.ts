/**
 * The engine's public surface: build primitive-IR graphs, differentiate them, run them on the
 * CPU reference. Lowering code (src/graph) and backends import from here.
 */
export { type GradOptions, grad } from './autodiff/grad'
export { allocate, type CpuPrecision, CpuResult, type Feeds, type RunCpuOptions, runCpu } from './cpu/runCpu'
export {
  fanInBias,
  fans,
  type InitSlot,
  type InitSpec,
  initTensor,
  initTensors,
  kaimingUniform,
  ONES,
  symmetricUniform,
  xavierNormal,
  xavierUniform,
  ZEROS,
} from './init/init'
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
export { type ClippedGrads, clipGradNorm } from './optim/clipGradNorm'
export {
  type AdamConfig,
  buildParamUpdate,
  checkOptimizerConfig,
  type OptimizerConfig,
  optimizerScalars,
  optimizerSlots,
  type ParamUpdate,
  type ParamUpdateArgs,
  type RmspropConfig,
  type SgdConfig,
} from './optim/optimizer'
export {
  constantLr,
  cosineAnnealing,
  type LrSchedule,
  linearWarmup,
  sequential,
  stepLr,
} from './optim/schedule'
export { hashName, Rng } from './random/rng'
export { type CompiledInference, compileInference } from './train/compileInference'
export {
  type CompiledTrainStep,
  compileTrainStep,
  drawNoise,
  optimizerStateKey,
  type RunStepOptions,
  type StepResult,
  type TrainState,
  type TrainStepOptions,
} from './train/compileTrainStep'
export {
  CustomLoop,
  type CustomLoopOptions,
  type LoopInference,
  type LoopStep,
  type LoopStepOptions,
  type StepOutcome,
} from './train/customLoop'
export {
  emptyLoopState,
  type LoopState,
  type OptimizerRecord,
  withModelTensors,
} from './train/customLoopState'
export {
  type CompiledLoopStep,
  compileLoopStep,
  type LoopStepDefinition,
  type LoopStepResult,
  type LoopStepRunOptions,
} from './train/customLoopStep'
export type { BufferSlot, ModelGraph, NoiseSlot, ParamSlot, StateTensor, TensorMap } from './train/modelGraph'
export { Trainer, type TrainerOptions } from './train/trainer'
