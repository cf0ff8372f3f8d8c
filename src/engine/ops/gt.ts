import { defineBinary } from './elementwise'

/** torch.gt as an f32 mask: 1 where a > b, else 0 (also 0 for NaN). No gradient flows through it. */
export const gt = defineBinary({ name: 'gt', result: 'f32', f: (a, b) => (a > b ? 1 : 0) })
