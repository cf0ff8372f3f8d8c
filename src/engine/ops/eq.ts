import { defineBinary } from './elementwise'

/** torch.eq as an f32 mask: 1 where a == b, else 0 (NaN equals nothing). No gradient flows through it. */
export const eq = defineBinary({ name: 'eq', result: 'f32', f: (a, b) => (a === b ? 1 : 0) })
