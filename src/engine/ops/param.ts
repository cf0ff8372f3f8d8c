import { defineOp } from './opDef'
import { fedByCaller, type SourceAttrs, sourceType } from './source'

/** A trainable parameter, fed by name (its name is its key in the weights file). */
export const param = defineOp<SourceAttrs>({
  name: 'param',
  arity: 0,
  inferType: sourceType,
  cpu: fedByCaller('param'),
})
