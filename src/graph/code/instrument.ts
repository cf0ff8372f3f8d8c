import type { AnyNode, Function as FunctionNode, Program, SourceLocation } from 'acorn'

/**
 * The light source transform that gives traced nodes their names. On the JavaScript that sucrase
 * made from the user's TypeScript, it splices (never rewrites):
 *
 * - every binding `const h = <expr>` / `let h = <expr>` and assignment `h = <expr>` into
 *   `h = tag(begin(line, column, endLine), 'h', (<expr>))`, so the node that produced the value
 *   is named `h` (`begin` runs first and marks the statement being run);
 * - every function body into `{ const s = enter('fn'); try { ... } finally { exit(s) } }`, so
 *   nodes made inside a helper function get its scoped prefix (`fn_0_h`);
 * - every `throw x` into `throw thrown(line, column, (x))`, so a thrown non-Error is located.
 *
 * Insertions never contain a newline, so line numbers are unchanged; columns are mapped back
 * with `toInputOffset`.
 */

/** The names the instrumented code calls; `traceCode` passes them in as function parameters. */
export const RUNTIME = {
  begin: '__triad$begin',
  tag: '__triad$tag',
  enter: '__triad$enter',
  exit: '__triad$exit',
  thrown: '__triad$thrown',
} as const

const SCOPE_VAR = '__triad$s'

/** Instrumented code, with the map back to the input's offsets. */
export interface Instrumented {
  code: string
  /** The offset in the input of an offset in `code` (text inserted by the transform maps to where it was inserted). */
  toInputOffset(offset: number): number
}

interface Insertion {
  pos: number
  text: string
  /** Closing text goes before opening text at the same position, inner before outer. */
  close: boolean
  seq: number
}

type NodeLike = AnyNode & { loc?: SourceLocation | null }

function isNode(v: unknown): v is NodeLike {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'
}

function children(node: NodeLike): NodeLike[] {
  const out: NodeLike[] = []
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue
    if (Array.isArray(value)) for (const v of value) isNode(v) && out.push(v)
    else if (isNode(value)) out.push(value)
  }
  return out
}

/** Values whose binding names no node: functions, classes and literals are left as written. */
function isTaggable(expr: NodeLike): boolean {
  return ![
    'FunctionExpression',
    'ArrowFunctionExpression',
    'ClassExpression',
    'Literal',
    'TemplateLiteral',
  ].includes(expr.type)
}

/** The name a function is known by in code, used as its scope prefix; null for an anonymous one. */
function functionName(fn: FunctionNode, parent: NodeLike | undefined): string | null {
  if (fn.id) return fn.id.name
  if (!parent) return null
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' && parent.init === fn)
    return parent.id.name
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition') && parent.value === fn) {
    if (parent.key.type === 'Identifier') return parent.key.name
    if (parent.key.type === 'Literal' && typeof parent.key.value === 'string') return parent.key.value
  }
  return null
}

/**
 * Instruments `js` (already parsed into `program` by acorn with `locations: true`).
 *
 * @example
 * instrument('const h = L.relu(x)', parse(...)).code
 * // "const h = __triad$tag(__triad$begin(1,0,1),\"h\",(L.relu(x)))"
 */
export function instrument(js: string, program: Program): Instrumented {
  const insertions: Insertion[] = []
  let seq = 0
  const insert = (pos: number, text: string, close: boolean) =>
    insertions.push({ pos, text, close, seq: seq++ })

  const tag = (expr: NodeLike, name: string, span: NodeLike) => {
    const start = span.loc?.start
    const end = span.loc?.end
    const begin = `${RUNTIME.begin}(${start?.line ?? 0},${start?.column ?? 0},${end?.line ?? 0})`
    insert(expr.start, `${RUNTIME.tag}(${begin},${JSON.stringify(name)},(`, false)
    insert(expr.end, '))', true)
  }

  const wrapFunction = (fn: FunctionNode, parent: NodeLike | undefined) => {
    const name = functionName(fn, parent)
    const enter = `const ${SCOPE_VAR}=${RUNTIME.enter}(${name === null ? 'null' : JSON.stringify(name)});try{`
    const exit = `}finally{${RUNTIME.exit}(${SCOPE_VAR})}`
    if (fn.body.type === 'BlockStatement' && fn.body.end - fn.body.start === 2) {
      // An empty body `{}`: one insertion, since a closing text sorts before an opening one.
      insert(fn.body.start + 1, `${enter}${exit}`, false)
    } else if (fn.body.type === 'BlockStatement') {
      insert(fn.body.start + 1, enter, false)
      insert(fn.body.end - 1, exit, true)
    } else {
      // An expression body: the block opens right after `=>` (before any parenthesis of the
      // body), and `return (` keeps the expression on the `return` line.
      const arrow = js.lastIndexOf('=>', fn.body.start) + 2
      insert(arrow, `{${enter}return (`, false)
      insert(fn.end, `)${exit}}`, true)
    }
  }

  const visit = (node: NodeLike, parent: NodeLike | undefined) => {
    if (
      node.type === 'VariableDeclarator' &&
      node.id.type === 'Identifier' &&
      node.init &&
      isTaggable(node.init)
    ) {
      const single = parent?.type === 'VariableDeclaration' && parent.declarations.length === 1
      tag(node.init, node.id.name, single && parent ? parent : node)
    } else if (
      node.type === 'AssignmentExpression' &&
      node.operator === '=' &&
      node.left.type === 'Identifier' &&
      isTaggable(node.right)
    ) {
      tag(node.right, node.left.name, parent?.type === 'ExpressionStatement' ? parent : node)
    } else if (node.type === 'ThrowStatement') {
      const at = node.loc?.start
      insert(node.argument.start, `${RUNTIME.thrown}(${at?.line ?? 0},${at?.column ?? 0},(`, false)
      insert(node.argument.end, '))', true)
    } else if (
      node.type === 'FunctionDeclaration' ||
      node.type === 'FunctionExpression' ||
      node.type === 'ArrowFunctionExpression'
    ) {
      wrapFunction(node, parent)
    }
    for (const child of children(node)) visit(child, node)
  }
  visit(program as NodeLike, undefined)

  insertions.sort((a, b) => {
    if (a.pos !== b.pos) return a.pos - b.pos
    if (a.close !== b.close) return a.close ? -1 : 1
    return a.close ? b.seq - a.seq : a.seq - b.seq
  })
  let code = ''
  let last = 0
  for (const ins of insertions) {
    code += js.slice(last, ins.pos) + ins.text
    last = ins.pos
  }
  code += js.slice(last)

  const toInputOffset = (offset: number): number => {
    let shift = 0
    for (const ins of insertions) {
      const at = ins.pos + shift
      if (offset < at) break
      if (offset < at + ins.text.length) return ins.pos
      shift += ins.text.length
    }
    return offset - shift
  }
  return { code, toInputOffset }
}
