import { useMemo, useState } from 'react'
import { LAYERS } from '../../graph/layers'
import { addLayer } from '../actions/addLayer'
import { CATEGORY_COLORS } from '../canvas/categoryColors'
import { startPaletteDrag } from '../canvas/paletteDrag'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { type PaletteEntry, paletteGroups } from './paletteModel'

function EntryButton({ entry, color }: { entry: PaletteEntry; color: string }) {
  return (
    <li>
      <button
        type="button"
        className="palette-entry"
        data-testid={`palette-${entry.key}`}
        draggable
        title={entry.torch ? `${entry.doc}\n${entry.torch}` : entry.doc}
        onDragStart={(e) => startPaletteDrag(e.dataTransfer, entry.kind)}
        onClick={() => addLayer(appStore, entry.kind)}
      >
        <span className="palette-dot" style={{ background: color }} aria-hidden="true" />
        <span className="palette-label">{entry.label}</span>
      </button>
    </li>
  )
}

/**
 * The layer palette: search, the catalogue by category and the document's blocks. Click or
 * Enter adds a layer (wired to the selected node when it fits); drag drops it on the canvas.
 */
export function Palette() {
  const [query, setQuery] = useState('')
  const blocks = useApp((s) => s.doc.blocks)
  const groups = useMemo(() => paletteGroups(LAYERS, blocks, query), [blocks, query])
  const first = groups[0]?.entries[0]
  return (
    <nav className="palette" aria-label="Layer palette">
      <div className="palette-search">
        <input
          type="search"
          placeholder="Search layers…"
          aria-label="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && first) addLayer(appStore, first.kind)
            if (e.key === 'Escape') setQuery('')
          }}
        />
      </div>
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.id} className="palette-group" aria-labelledby={`palette-group-${g.id}`}>
            <h2 id={`palette-group-${g.id}`}>{g.title}</h2>
            <ul>
              {g.entries.map((entry) => (
                <EntryButton key={entry.key} entry={entry} color={CATEGORY_COLORS[g.id] ?? '#6b7385'} />
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="palette-empty">No layer matches “{query}”.</p>}
      </div>
    </nav>
  )
}
