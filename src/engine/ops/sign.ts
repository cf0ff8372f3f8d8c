import { defineUnary } from './elementwise'

/** torch.sign: -1, 0 or 1; NaN gives 0 (PyTorch 1.13's CPU kernel). No gradient flows through it. */
export const sign = defineUnary({
  name: 'sign',
  dtypes: 'any',
  f: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
})
