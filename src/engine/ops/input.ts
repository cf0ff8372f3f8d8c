import { defineOp } from './opDef'
import { fedByCaller, type SourceAttrs, sourceType } from './source'

/** A value fed at run time by name (a data batch, labels). Gradients may still be taken with respect to it. */
export const input = defineOp<SourceAttrs>({
  name: 'input',
  arity: 0,
  inferType: sourceType,
  cpu: fedByCaller('input'),
})
