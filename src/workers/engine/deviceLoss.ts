/** Device-loss recreations tried before a run fails. */
export const MAX_RECOVERY_ATTEMPTS = 3

/** Thrown into the loop when the GPU device under the executor is lost. */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError'
}

/** True for an error a lost GPU device causes (the executor's, or the browser's). */
export function isDeviceLost(error: unknown): boolean {
  if (error instanceof DeviceLostError) return true
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return /device (was |is |has been )?lost|DeviceLost|device.*destroyed/i.test(text)
}
