/**
 * The training plan shared by the CLI (Node) and the engine worker (browser): how a dataset binds
 * to a model under a loss, the compiled graphs per batch size, evaluation and the validation
 * split. Browser-safe: no file system here (the CLI reads files, the worker fetches them).
 */
export { bindData, type DataBinding, type Hits } from './bindData'
export { CompiledModel, type EvalOutputs, probeModel, type Weights } from './compiledModel'
export { EVAL_BATCH, type EvalResult, evaluate } from './evaluate'
export { splitValidation } from './split'
