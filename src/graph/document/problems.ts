import type { z } from 'zod'

/**
 * Problems found in a document, each located by its JSON path, and the formatting that turns zod
 * issues into sentences a person can act on: `nodes[2].params.out_features: expected a number,
 * got "ten"`.
 */

/** One thing wrong with a document, located by its JSON path (`nodes[2].params.out_features`). */
export interface Problem {
  path: string
  message: string
}

/** `['nodes', 2, 'params', 'x']` -> `nodes[2].params.x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out ? `.${key}` : key
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}

/** Joins a parent path and a child key the way `formatPath` would. */
export function childPath(parent: string, key: string | number): string {
  const child = formatPath([key])
  if (!parent) return child
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`
}

/** A problem as one line: `path: message` (just the message at the root). */
export function formatProblem(p: Problem): string {
  return p.path ? `${p.path}: ${p.message}` : p.message
}

/** How a value reads in an error: strings quoted, short JSON otherwise. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (Array.isArray(v)) return v.length <= 8 ? JSON.stringify(v) : `a list of ${v.length} items`
  if (typeof v === 'object' && v !== null) return 'an object'
  return JSON.stringify(v)
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
}

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = root
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

type ZodIssue = z.core.$ZodIssue

function bound(
  issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; exact?: boolean },
  min: boolean,
) {
  const n = String(min ? issue.minimum : issue.maximum)
  if (issue.exact) return `exactly ${n}`
  if (min) return issue.inclusive === false ? `more than ${n}` : `at least ${n}`
  return issue.inclusive === false ? `less than ${n}` : `at most ${n}`
}

function issueMessage(issue: ZodIssue, actual: unknown): string {
  const got = `got ${describeValue(actual)}`
  switch (issue.code) {
    case 'invalid_type':
      return actual === undefined
        ? `is missing (expected ${typeName(issue.expected)})`
        : `expected ${typeName(issue.expected)}, ${got}`
    case 'too_small':
    case 'too_big': {
      const min = issue.code === 'too_small'
      const limit = bound(issue, min)
      if (issue.origin === 'array') return `must have ${limit} item${limit.endsWith(' 1') ? '' : 's'}, ${got}`
      if (issue.origin === 'string') return `must have ${limit} character${limit.endsWith(' 1') ? '' : 's'}`
      return `must be ${limit}, ${got}`
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, ${got}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`
    case 'invalid_union': {
      const expected = new Set<string>()
      for (const branch of issue.errors)
        for (const sub of branch)
          if (sub.code === 'invalid_type' && sub.path.length === 0) expected.add(typeName(sub.expected))
      if (expected.size > 0) return `expected ${[...expected].join(' or ')}, ${got}`
      const first = issue.errors[0]?.[0]
      return first ? issueMessage(first, valueAt(actual, first.path)) : `${issue.message}, ${got}`
    }
    case 'invalid_format':
    case 'custom':
      // The schema's own messages are sentence tails ("must be a JavaScript identifier").
      return `${describeValue(actual)} ${issue.message}`
    default:
      return issue.message
  }
}

/**
 * Zod issues as problems located by JSON path. `root` is the value zod parsed (to quote the bad
 * value); `prefix` is prepended to every path (a layer's params are checked apart from the
 * document, at `nodes[2].params`). Unknown keys become one problem per key, at the key's path.
 */
export function zodProblems(
  issues: readonly ZodIssue[],
  root: unknown,
  prefix: readonly PropertyKey[] = [],
): Problem[] {
  const out: Problem[] = []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: formatPath([...path, key]), message: `unknown key "${key}"` })
      continue
    }
    out.push({ path: formatPath(path), message: issueMessage(issue, valueAt(root, issue.path)) })
  }
  return out
}
