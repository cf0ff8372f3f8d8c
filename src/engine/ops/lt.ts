import { defineBinary } from './elementwise'

/** torch.lt as an f32 mask: 1 where a < b, else 0 (also 0 for NaN). No gradient flows through it. */
export const lt = defineBinary({ name: 'lt', result: 'f32', f: (a, b) => (a < b ? 1 : 0) })
