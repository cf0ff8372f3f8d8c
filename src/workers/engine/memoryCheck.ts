import {
  checkTrainingFits,
  estimateTrainingBytes,
  type MemoryLimits,
  type TrainingBytes,
} from '../../engine/train/memoryEstimate'

/** Host memory the CPU backend plans for (typed arrays in one worker): 2 GiB. */
export const CPU_BUDGET_BYTES = 2 * 2 ** 30

/**
 * The message of a model that cannot fit `limits` on `backend`, naming its needs and the fix;
 * undefined when it fits. Arithmetic on the step's shapes, so it runs before any weight exists.
 * The CPU reference keeps every value of a step alive: its estimate is the naive sum.
 */
export function memoryMisfit(
  step: Parameters<typeof estimateTrainingBytes>[0],
  backend: 'cpu' | 'webgpu',
  limits: MemoryLimits,
): { readonly needs: TrainingBytes; readonly misfit?: string } {
  const needs = estimateTrainingBytes(step, { naive: backend === 'cpu' })
  try {
    checkTrainingFits(needs, limits)
    return { needs }
  } catch (e) {
    return { needs, misfit: e instanceof Error ? e.message : String(e) }
  }
}

/** True when an error from a backend is an allocation that did not fit. */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return /out of memory|out-of-memory|Array buffer allocation failed|Invalid typed array length|allows at most .* per buffer/i.test(
    text,
  )
}
