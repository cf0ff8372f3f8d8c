/**
 * Lowering: model documents into the engine's primitive IR, and compiled training steps for them.
 * The graph layer imports the engine here; the engine never imports the graph.
 */
export { attachLoss, LOSS_LAYERS, type LossName, type LossSpec } from './attachLoss'
export {
  type CompileDocumentOptions,
  type CompiledDocument,
  compileDocument,
  optimizerFromSetup,
} from './compileDocument'
export { LowerState, NodeContext } from './lowerContext'
export { type LoweredInput, type LoweredModel, type LowerOptions, lowerDocument } from './lowerDocument'
export { defineLowering, type LowerCall, type Lowering } from './lowering'
export { findLowering, LOWERINGS } from './registry'
export {
  type LoweredProgram,
  type LoweredStep,
  type LowerProgramOptions,
  type LowerStepOptions,
  lowerProgram,
  lowerStep,
  type StepProgram,
  type StepProgramResult,
} from './steps'
export { StepContext } from './stepsContext'
