/**
 * Bad input from the user's side (a malformed file, a dataset that does not fit the model): a
 * one-line message that names the file, row, column or tensor at fault and, where it can, the fix.
 * The CLI turns it into exit code 2 (its own bugs stay ordinary errors); the UI shows it as is.
 */
export class DataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataError'
  }
}

/** `x.npy: message` when the file is known, else `message`. */
export function located(fileName: string | undefined, message: string): string {
  return fileName ? `${fileName}: ${message}` : message
}
