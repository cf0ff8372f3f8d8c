import type { ParamSpec, ParamValue } from '../layers/params'

/**
 * How the PyTorch export writes Python: literals, identifiers and the names it must not take.
 * Pure text functions, so the same document always gives the same bytes.
 */

/** Python's keywords (3.11): never a local, attribute or class name. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
)

/**
 * Public attributes of `torch.nn.Module` (1.13 and 2.x). A submodule named like one of them cannot
 * be assigned as `self.<name>` (PyTorch refuses, or the attribute would shadow it), so it is
 * registered in `self._modules` under its exact name instead, keeping the state_dict key.
 */
export const MODULE_ATTRIBUTES: ReadonlySet<string> = new Set(
  'T_destination add_module apply bfloat16 buffers call_super_init children compile cpu cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules mtia named_buffers named_children named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook register_load_state_dict_pre_hook register_module register_parameter register_state_dict_post_hook register_state_dict_pre_hook requires_grad_ set_extra_state set_submodule share_memory state_dict to to_empty train training type xpu zero_grad'.split(
    ' ',
  ),
)

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** True for a plain Python identifier that is not a keyword. */
export function isPythonName(name: string): boolean {
  return PY_IDENTIFIER.test(name) && !PYTHON_KEYWORDS.has(name)
}

/**
 * True when a submodule can be written `self.<id>`: a Python name, not private (`_x`) and not an
 * attribute `nn.Module` already has.
 */
export function isAttributeName(id: string): boolean {
  return isPythonName(id) && !id.startsWith('_') && !MODULE_ATTRIBUTES.has(id)
}

/** A Python string literal in single quotes (JSON escapes are valid Python escapes). */
export function pyString(s: string): string {
  const body = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")
  return `'${body}'`
}

/** Text for a Python docstring: backslashes and triple quotes escaped. */
export function docText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')
}

/** An int literal. */
export function pyInt(n: number): string {
  return Object.is(n, -0) ? '0' : String(n)
}

/** A float literal: always with a point or exponent, so `1` reads as `1.0`. */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "float('nan')" : n > 0 ? "float('inf')" : "float('-inf')"
  const s = String(n)
  return /[.e]/.test(s) ? s : `${s}.0`
}

/** A tuple literal: `(3,)` for one element. */
export function pyTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
}

/** A list literal. */
export function pyList(items: readonly string[]): string {
  return `[${items.join(', ')}]`
}

/** A parameter value as its spec says PyTorch takes it: ints, floats, tuples, lists, None. */
export function pyParam(spec: ParamSpec, value: ParamValue): string {
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'string') return pyString(value)
  if (Array.isArray(value))
    return spec.kind === 'intOrTuple' ? pyTuple(value.map(pyInt)) : pyList(value.map(pyInt))
  return spec.kind === 'float' || spec.kind === 'optionalFloat' ? pyFloat(value) : pyInt(value)
}

/** Any JSON-like value (a training setup) as a Python literal. */
export function pyData(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return Number.isInteger(v) ? pyInt(v) : pyFloat(v)
  if (typeof v === 'string') return pyString(v)
  if (Array.isArray(v)) return pyList(v.map(pyData))
  const entries = Object.entries(v as Record<string, unknown>)
  return `{${entries.map(([k, x]) => `${pyString(k)}: ${pyData(x)}`).join(', ')}}`
}

/** `MlpSpirals` from `mlp-spirals`: a PascalCase Python class name (prefixed when it starts with a digit). */
export function className(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0)
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
  if (joined === '') return 'Model'
  return /^[0-9]/.test(joined) ? `Model${joined}` : joined
}

/**
 * Hands out Python names, each once: the wanted name when it is free and valid, else a cleaned
 * form with a numeric suffix. Deterministic: the same requests in the same order give the same names.
 */
export class NameTable {
  private readonly taken: Set<string>

  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved)
  }

  /** A free Python name close to `wanted`. */
  claim(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, '_')
    if (base === '' || /^[0-9]/.test(base)) base = `_${base}`
    if (PYTHON_KEYWORDS.has(base)) base = `${base}_`
    let name = base
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`
    this.taken.add(name)
    return name
  }
}
