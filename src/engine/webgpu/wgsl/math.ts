/**
 * Scalar math in WGSL with the CPU reference's semantics (JavaScript's Math on f32 values):
 * NaN and infinities handled explicitly (WGSL leaves log(-1), sqrt(-1), pow(-2, 3) and the
 * builtins' non-finite behaviour to the implementation), and precise forms where the builtins
 * are only loosely specified: sin/cos (Vulkan allows 2^-11 absolute error), tanh (NaN for large
 * |x| on some drivers), erf (not a builtin). Each helper names the helpers it calls.
 */
import { f32 } from './common'

interface Helper {
  readonly deps: readonly string[]
  readonly src: string
}

/** erf's Maclaurin coefficients 2/√π · (-1)^n / (n! (2n+1)), n = 0..10: below 1e-9 error for |x| < 1. */
const ERF_SERIES = Array.from({ length: 11 }, (_, n) => {
  let fact = 1
  for (let k = 2; k <= n; k++) fact *= k
  return ((2 / Math.sqrt(Math.PI)) * (n % 2 === 0 ? 1 : -1)) / (fact * (2 * n + 1))
})

/** tanh's Maclaurin coefficients of x^(2n+1), n = 0..8: below 5e-8 relative error for |x| < 0.55. */
const TANH_SERIES = [
  1,
  -1 / 3,
  2 / 15,
  -17 / 315,
  62 / 2835,
  -1382 / 155925,
  21844 / 6081075,
  -929569 / 638512875,
  6404582 / 10854718875,
]

/** Horner's scheme over `z` for coefficients listed from degree 0 up. */
function horner(coefficients: readonly number[], z: string): string {
  let expr = f32(coefficients[coefficients.length - 1]!)
  for (let k = coefficients.length - 2; k >= 0; k--) expr = `${f32(coefficients[k]!)} + ${z} * (${expr})`
  return expr
}

const HELPERS: Record<string, Helper> = {
  t_exp: {
    deps: [],
    src: `fn t_exp(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.73) { return inf_f32(); }
  if (x < -104.0) { return 0.0; }
  return exp(x);
}`,
  },
  t_log: {
    deps: [],
    src: `fn t_log(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return -inf_f32(); }
  if (is_inf(x)) { return x; }
  return log(x);
}`,
  },
  t_sqrt: {
    deps: [],
    src: `fn t_sqrt(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (is_inf(x) || x == 0.0) { return x; }
  return sqrt(x);
}`,
  },
  t_rsqrt: {
    deps: [],
    src: `fn t_rsqrt(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f32(); }
  if (x == 0.0) { return select(inf_f32(), -inf_f32(), (bitcast<u32>(x) >> 31u) == 1u); }
  if (is_inf(x)) { return 0.0; }
  return 1.0 / sqrt(x);
}`,
  },
  t_sigmoid: {
    deps: ['t_exp'],
    src: `fn t_sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + t_exp(-x)); }`,
  },
  t_tanh: {
    deps: [],
    src: `fn t_tanh(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.55) { let z = x * x; return x * (${horner(TANH_SERIES, 'z')}); }
  if (ax > 9.0) { return select(1.0, -1.0, x < 0.0); }
  let t = 1.0 - 2.0 / (exp(2.0 * ax) + 1.0);
  return select(t, -t, x < 0.0);
}`,
  },
  t_erf: {
    deps: [],
    // |x| < 1: the series; beyond: 1 - erfc with Numerical Recipes' erfcc (relative error < 1.2e-7)
    src: `fn t_erf(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 1.0) { let z = x * x; return x * (${horner(ERF_SERIES, 'z')}); }
  if (ax >= 6.0) { return select(1.0, -1.0, x < 0.0); }
  let t = 1.0 / (1.0 + 0.5 * ax);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let r = 1.0 - t * exp(-ax * ax + poly);
  return select(r, -r, x < 0.0);
}`,
  },
  // Cody-Waite reduction by π/4 with cephes' single-precision polynomials (sinf.c, cosf.c)
  t_sin_poly: {
    deps: [],
    src: `fn t_sin_poly(z: f32) -> f32 {
  let zz = z * z;
  return ((-1.9515295891e-4 * zz + 8.3321608736e-3) * zz - 1.6666654611e-1) * zz * z + z;
}
fn t_cos_poly(z: f32) -> f32 {
  let zz = z * z;
  return ((2.443315711809948e-5 * zz - 1.388731625493765e-3) * zz + 4.166664568298827e-2) * zz * zz - 0.5 * zz + 1.0;
}
fn t_octant(ax: f32) -> vec2<f32> {
  var j = u32(ax * 1.27323954473516);
  var y = f32(j);
  if ((j & 1u) == 1u) { j = j + 1u; y = y + 1.0; }
  let z = ((ax - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  return vec2<f32>(f32(j & 7u), z);
}`,
  },
  t_sin: {
    deps: ['t_sin_poly'],
    src: `fn t_sin(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f32(); }
  var sign = select(1.0, -1.0, x < 0.0);
  let o = t_octant(abs(x));
  var j = u32(o.x);
  if (j > 3u) { sign = -sign; j = j - 4u; }
  let r = select(t_sin_poly(o.y), t_cos_poly(o.y), j == 1u || j == 2u);
  return sign * r;
}`,
  },
  t_cos: {
    deps: ['t_sin_poly'],
    src: `fn t_cos(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return nan_f32(); }
  let o = t_octant(abs(x));
  var j = u32(o.x);
  var sign = 1.0;
  if (j > 3u) { j = j - 4u; sign = -sign; }
  if (j > 1u) { sign = -sign; }
  let r = select(t_cos_poly(o.y), t_sin_poly(o.y), j == 1u || j == 2u);
  return sign * r;
}`,
  },
  // Math.pow's rules: y = 0 gives 1 (even for NaN), |x| = 1 with y = ±inf is NaN, a negative
  // finite base needs an integer exponent (odd ones keep the sign), -0 and -inf keep theirs too
  t_pow: {
    deps: [],
    src: `fn t_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  let ax = abs(x);
  if (ax == 1.0 && is_inf(y)) { return nan_f32(); }
  var r: f32;
  if (ax == 0.0) { r = select(0.0, inf_f32(), y < 0.0); }
  else if (is_inf(ax)) { r = select(0.0, inf_f32(), y > 0.0); }
  else if (is_inf(y)) { r = select(0.0, inf_f32(), (ax > 1.0) == (y > 0.0)); }
  else { r = exp2(y * log2(ax)); }
  if ((bitcast<u32>(x) >> 31u) == 1u && !is_inf(y)) {
    let integral = floor(y) == y;
    if (!integral && ax != 0.0 && !is_inf(ax)) { return nan_f32(); }
    if (integral && abs(y) < 16777216.0 && fract(y * 0.5) != 0.0) { return -r; }
  }
  return r;
}`,
  },
  t_max: {
    deps: [],
    src: `fn t_max(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return select(b, a, a > b);
}`,
  },
  t_min: {
    deps: [],
    src: `fn t_min(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return select(b, a, a < b);
}`,
  },
  // Int32Array's conversion of a float (ECMAScript ToInt32): NaN and ±inf give 0, finite values
  // truncate and wrap modulo 2^32 (values past 2^31 are integers in f32, so their low bits are exact)
  t_to_i32: {
    deps: [],
    src: `fn t_to_i32(x: f32) -> i32 {
  if (is_nan(x) || is_inf(x)) { return 0i; }
  if (abs(x) < 2147483648.0) { return i32(trunc(x)); }
  let bits = bitcast<u32>(x);
  let shift = ((bits >> 23u) & 0xffu) - 150u;
  if (shift >= 32u) { return 0i; }
  let low = ((bits & 0x7fffffu) | 0x800000u) << shift;
  return select(bitcast<i32>(low), -bitcast<i32>(low), (bits >> 31u) == 1u);
}`,
  },
}

/** The WGSL source of the named helpers and everything they call, each once. */
export function mathHelpers(names: Iterable<string>): string {
  const seen = new Set<string>()
  const out: string[] = []
  const visit = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const h = HELPERS[name]
    if (!h) throw new Error(`no WGSL helper '${name}'.`)
    for (const d of h.deps) visit(d)
    out.push(h.src)
  }
  for (const n of names) visit(n)
  return out.join('\n')
}

/** Names of the helpers an expression calls (any `t_...(` in it). */
export function helpersIn(expr: string): string[] {
  return [...new Set(expr.match(/\bt_[a-z0-9_]+(?=\()/g) ?? [])].filter((n) => n in HELPERS)
}
