import { philox4x32 } from './philox'

/**
 * A seeded, reproducible random stream (Philox4x32-10 in counter mode). Everything random in
 * Triad draws from one of these: initial weights, dropout masks, data shuffling. A stream is
 * named by a seed and a key (`Rng.stream(seed, 'dense1.weight')`), so adding a layer does not
 * change the draws of the others, and the same seed gives the same run on every machine.
 *
 * @example
 * const rng = Rng.stream(0, 'dense1.weight')
 * const w = rng.uniformArray(12, -0.5, 0.5)
 */
export class Rng {
  private readonly block = new Uint32Array(4)
  private used = 4
  private counter = 0

  /**
   * @param seed any integer in [0, 2^53): its low 32 bits and high bits form the Philox key's
   *   first word and the counter's high words
   * @param key a 32-bit stream id (see `Rng.stream` for string keys)
   */
  constructor(
    private readonly seed: number,
    private readonly key = 0,
  ) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new Error(`Rng seed must be a non-negative integer, got ${seed}.`)
  }

  /** The stream named `name` under `seed` (FNV-1a of the name picks the key). */
  static stream(seed: number, name: string): Rng {
    return new Rng(seed, hashName(name))
  }

  /** An independent stream derived from this one's seed and key plus `name`. */
  fork(name: string): Rng {
    return new Rng(this.seed, hashName(`${this.key}/${name}`))
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    if (this.used === 4) {
      const hi = Math.floor(this.seed / 4294967296)
      philox4x32(this.counter, this.counter / 4294967296, hi, 0x5eed, this.seed >>> 0, this.key, this.block)
      this.counter++
      this.used = 0
    }
    return this.block[this.used++]!
  }

  /** Uniform in [0, 1) with 24 random bits: every value is exactly representable in f32. */
  uniform(): number {
    return (this.nextUint32() >>> 8) * 2 ** -24
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296)
      throw new Error(`Rng.int needs 1 <= n <= 2^32, got ${n}.`)
    const limit = 4294967296 - (4294967296 % n)
    for (;;) {
      const u = this.nextUint32()
      if (u < limit) return u % n
    }
  }

  /** A standard normal draw (Box-Muller; both uniforms from this stream). */
  normal(): number {
    const u1 = 1 - this.uniform() // (0, 1]: the log stays finite
    const u2 = this.uniform()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  }

  /** `n` draws of U(low, high) as float32. */
  uniformArray(n: number, low = 0, high = 1): Float32Array {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = low + (high - low) * this.uniform()
    return out
  }

  /** `n` draws of N(mean, std²) as float32. */
  normalArray(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal()
    return out
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates), as torch.randperm. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) out[i] = i
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = out[i]!
      out[i] = out[j]!
      out[j] = t
    }
    return out
  }
}

/** FNV-1a over the UTF-16 code units of `name`: a stable 32-bit stream id. */
export function hashName(name: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
