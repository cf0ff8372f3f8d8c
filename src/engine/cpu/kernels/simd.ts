import { createWasmElementwise, type WasmElementwise } from './wasmElementwise'

/**
 * Whether the CPU backend's WebAssembly SIMD kernels are on (they are by default, where the
 * engine has WebAssembly SIMD). Tests turn them off to check the TypeScript kernels, which the
 * rare engine without SIMD runs. Switching takes effect at the next kernel run, not at planning.
 */
let allowed = true

/** Turns the SIMD kernels on or off; returns the previous setting. */
export function useSimd(on: boolean): boolean {
  const was = allowed
  allowed = on
  return was
}

/** Whether SIMD kernels may run now (they still need the engine to support them). */
export function simdAllowed(): boolean {
  return allowed
}

let elementwise: WasmElementwise | null | undefined

/** The SIMD elementwise ops, made on first use; undefined when off or unsupported. */
export function simdElementwise(): WasmElementwise | undefined {
  if (!allowed) return undefined
  if (elementwise === undefined) elementwise = createWasmElementwise() ?? null
  return elementwise ?? undefined
}
