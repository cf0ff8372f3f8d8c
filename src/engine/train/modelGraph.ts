import type { InitSlot } from '../init/init'
import type { GraphBuilder } from '../ir/builder'
import type { Value } from '../ir/value'

/** A trainable parameter of a model graph: a `param` value, named as in PyTorch's state_dict. */
export interface ParamSlot extends InitSlot {
  readonly value: Value
  /**
   * The parameter's value after the forward pass changed it in place, when it does (Embedding's
   * max_norm renormalizes the rows it reads, under no_grad). The optimizer updates this value,
   * as PyTorch's does. Absent: the forward leaves the parameter as it was.
   */
  readonly afterForward?: Value
}

/**
 * A buffer: state that is not trained by gradients (BatchNorm's running_mean, running_var,
 * num_batches_tracked). Read through an `input` value named like the state_dict key.
 */
export interface BufferSlot extends InitSlot {
  readonly value: Value
  /** Its value after a training-mode forward pass; absent when the forward leaves it as it was. */
  readonly next?: Value
}

/**
 * Uniform [0, 1) noise fed each step (Dropout's masks are `noise >= p`). Drawn on the host from a
 * seeded counter-based stream keyed by the slot's name and the step number, so a run is
 * reproducible and a resumed run draws what the uninterrupted run would have.
 */
export interface NoiseSlot {
  readonly name: string
  readonly value: Value
}

/**
 * What the engine compiles: a graph with its parameters, buffers and noise inputs named. The
 * document's lowering (src/graph/lower) produces one; so can hand-written code. Every other
 * `input` value of the graph is data fed per batch.
 */
export interface ModelGraph {
  readonly graph: GraphBuilder
  readonly params: readonly ParamSlot[]
  readonly buffers: readonly BufferSlot[]
  readonly noise: readonly NoiseSlot[]
}

/** f32 tensors of a run's state; f64 when the step runs the reference in f64 (gradient checks). */
export type StateTensor = Float32Array | Float64Array

/** Named tensors: parameters or buffers by state_dict key. */
export type TensorMap = Record<string, StateTensor>
