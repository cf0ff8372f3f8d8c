import { isSemver } from '../graph/bundle/manifest'
import { type ParsedArgs, stringFlag } from './args'
import { UsageError } from './errors'

/** The version of a model's first bundle. */
export const FIRST_VERSION = '1.0.0'

/** `--version x.y.z`: a semantic version, or undefined when absent. */
export function versionFlag(args: ParsedArgs): string | undefined {
  const v = stringFlag(args, 'version')
  if (v !== undefined && !isSemver(v))
    throw new UsageError(`--version '${v}' is not a semantic version (major.minor.patch, e.g. 1.2.0)`)
  return v
}
