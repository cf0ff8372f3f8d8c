import type { NodeId } from '../../graph/document/schema'
import { findLayer } from '../../graph/layers'
import type { ParamValue } from '../../graph/layers/params'
import type { AppStore } from '../store/appState'

function sameValue(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Sets one param of a node (the inspector's verb) as one undo step. A value equal to the PyTorch
 * default is stored as "absent" unless the param is required, so documents and code stay minimal.
 * @returns whether the document changed.
 */
export function setParam(store: AppStore, id: NodeId, param: string, value: ParamValue): boolean {
  const { doc, apply } = store.getState()
  const node = doc.nodes.find((n) => n.id === id)
  if (!node) return false
  const spec = findLayer(node.type)?.params[param]
  const stored = spec && !spec.required && sameValue(value, spec.default) ? undefined : value
  if (sameValue(node.params[param], stored)) return false
  apply({ kind: 'setParam', id, param, value: stored }, `set ${id}.${param}`)
  return true
}
