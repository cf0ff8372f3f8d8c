import { defineUnary } from './elementwise'

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI)

/**
 * The error function to double precision (the gradient checks difference it in f64, so a
 * single-precision approximation would not do). |x| < 3: the everywhere-positive series
 * erf(x) = 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3···(2n+1)); 3 ≤ |x| < 6: erfc's continued fraction;
 * beyond, ±1 (erfc(6) ≈ 2e-17).
 */
export function erfScalar(x: number): number {
  if (Number.isNaN(x)) return x
  const a = Math.abs(x)
  if (a >= 6) return Math.sign(x)
  let r: number
  if (a < 3) {
    let term = a
    let sum = a
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * a * a) / (2 * n + 1)
      sum += term
    }
    r = TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum
  } else {
    // erfc(a) = e^(-a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), evaluated bottom-up
    let f = a
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f
  }
  return x < 0 ? -r : r
}

/** torch.erf (exact GELU). d/dx = 2/√π · e^(-x²). */
export const erf = defineUnary({
  name: 'erf',
  f: erfScalar,
  vjp: (b, x, _y, dy) => b.mul(dy, b.mul(b.exp(b.neg(b.mul(x, x))), TWO_OVER_SQRT_PI)),
})
