import './data.css'
import { memo, useEffect, useMemo, useState } from 'react'
import type { Dataset } from '../../engine/data/dataset'
import { SettingField, settingText } from '../run/SettingField'
import { DEFAULT_TRAINING } from '../run/trainingSettings'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { CsvImport } from './CsvImport'
import { BUILTIN_DATASETS } from './catalog'
import { checkDataFit } from './checkDataFit'
import { DataPreviewView } from './DataPreviewView'
import { loadPreviewData, type PreviewData } from './loadPreviewData'
import { describeDataset, previewOf } from './preview'
import { useUpload } from './useUpload'

/** The dataset the document names, loaded for its preview (null while loading or unknown). */
function usePreviewData(name: string, uploads: readonly Dataset[]) {
  const [state, setState] = useState<{ name: string; data: PreviewData | null; error: string | null }>({
    name: '',
    data: null,
    error: null,
  })
  useEffect(() => {
    let live = true
    if (!name) return
    loadPreviewData(name, uploads, import.meta.env.BASE_URL).then(
      (data) =>
        live &&
        setState({
          name,
          data,
          error: data ? null : `unknown dataset '${name}': choose one above or upload a file`,
        }),
      (e: unknown) =>
        live && setState({ name, data: null, error: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [name, uploads])
  return state.name === name ? state : { name, data: null, error: null }
}

/**
 * The data panel: the dataset the model trains on (built-in or uploaded), its preview, the
 * train/validation split, and whether the data fits the model's input and output, with the fix.
 * Choices are edits of the document's training setup, so they undo and save with the model.
 */
export const DataPanel = memo(function DataPanel({ disabled }: { readonly disabled: boolean }) {
  const doc = useApp((s) => s.doc)
  const shapes = useApp((s) => s.shapes)
  const uploads = useApp((s) => s.uploads)
  const setup = doc.training ?? DEFAULT_TRAINING
  const name = doc.training?.dataset ?? ''
  const preview = usePreviewData(name, uploads)
  const upload = useUpload()
  const data = preview.data?.dataset ?? null
  const drawn = useMemo(() => (data ? previewOf(data) : null), [data])
  const fit = data ? checkDataFit(doc, shapes, data) : null
  const summary = data && preview.data ? describeDataset(data, preview.data.total) : ''
  const choose = (dataset: string) =>
    appStore.getState().apply({ kind: 'setTraining', training: { ...setup, dataset } }, `use ${dataset}`)

  return (
    <section className="data-panel" aria-labelledby="data-heading" data-testid="data-panel">
      <h3 id="data-heading">Data</h3>
      <div className="data-row">
        <label className="setting-field">
          <span>Dataset</span>
          <select
            aria-label="Dataset"
            value={name}
            disabled={disabled}
            onChange={(e) => choose(e.target.value)}
          >
            {!name && <option value="">choose…</option>}
            <optgroup label="Built in">
              {BUILTIN_DATASETS.map((d) => (
                <option key={d.name} value={d.name} title={d.description}>
                  {d.label}
                </option>
              ))}
            </optgroup>
            {uploads.length > 0 && (
              <optgroup label="Uploaded">
                {uploads.map((d) => (
                  <option key={d.name} value={d.name}>
                    {d.name}
                  </option>
                ))}
              </optgroup>
            )}
            {name &&
              !uploads.some((d) => d.name === name) &&
              !BUILTIN_DATASETS.some((d) => d.name === name) && (
                <option value={name}>{name} (not loaded)</option>
              )}
          </select>
        </label>
        <SettingField
          setting="validation_split"
          label="Validation %"
          value={settingText(setup, 'validation_split')}
          disabled={disabled}
        />
      </div>
      <label className="data-upload">
        <span>Upload CSV or NPY pair</span>
        <input
          type="file"
          aria-label="Upload data"
          accept=".csv,.tsv,.txt,.npy"
          multiple
          disabled={disabled}
          data-testid="data-upload"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])]
            e.target.value = ''
            void upload.receive(files)
          }}
        />
      </label>
      {upload.pending && (
        <CsvImport
          sketch={upload.pending.sketch}
          roles={upload.pending.roles}
          onRole={upload.setRole}
          onImport={upload.importPending}
          onCancel={upload.cancel}
        />
      )}
      {upload.error && (
        <p className="run-alarm" role="alert" data-testid="data-error">
          {upload.error}
        </p>
      )}
      {data && drawn && (
        <>
          <p className="data-summary" data-testid="data-summary">
            {data.name}: {summary}
          </p>
          <DataPreviewView preview={drawn} summary={summary} />
        </>
      )}
      {preview.error && (
        <p className="run-note" data-testid="data-preview-error">
          {preview.error}
        </p>
      )}
      {fit && !fit.ok && (
        <div className="data-fit" role="alert" data-testid="data-fit">
          <p>The data does not fit the model: {fit.message}.</p>
          {fit.fix && (
            <button
              type="button"
              className="btn"
              disabled={disabled}
              onClick={() => appStore.getState().apply(fit.fix!.change, fit.fix!.label)}
            >
              {fit.fix.label}
            </button>
          )}
        </div>
      )}
      {fit?.ok && (
        <p className="run-note" data-testid="data-fit-ok">
          The data fits the model.
        </p>
      )}
    </section>
  )
})
