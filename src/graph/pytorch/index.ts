/**
 * PyTorch export: model.py (an nn.Module with Triad's parameter names) and train.py (the
 * document's training setup, DistributedDataParallel-ready under torchrun).
 */
export { exportPyTorch, type PyTorchExport } from './exportPyTorch'
export { emitModelPy, type ModelPyInfo, type PyInput } from './modelPy'
export { emitTrainPy } from './trainPy'
