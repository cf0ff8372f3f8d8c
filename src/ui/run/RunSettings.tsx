import { memo } from 'react'
import { OPTIMIZERS } from '../../graph/document/schema'
import { useApp } from '../store/useApp'
import { commitSetting, SettingField, settingText } from './SettingField'
import { DEFAULT_TRAINING, usualLr } from './trainingSettings'

const OPTIMIZER_LABELS: Record<(typeof OPTIMIZERS)[number], string> = {
  sgd: 'SGD',
  adam: 'Adam',
  adamw: 'AdamW',
  rmsprop: 'RMSprop',
}

/**
 * The hyperparameters of the document's training setup: optimizer, learning rate, batch size,
 * epochs and seed. Each change is a document edit (undoable, saved with the model); a run uses
 * the values it was started with.
 */
export const RunSettings = memo(function RunSettings({ disabled }: { readonly disabled: boolean }) {
  const setup = useApp((s) => s.doc.training) ?? DEFAULT_TRAINING
  return (
    <section className="run-settings" aria-labelledby="run-settings-heading" data-testid="run-settings">
      <h3 id="run-settings-heading">Hyperparameters</h3>
      <div className="data-row">
        <label className="setting-field">
          <span>Optimizer</span>
          <select
            aria-label="Optimizer"
            value={setup.optimizer.type}
            disabled={disabled}
            onChange={(e) => commitSetting('optimizer', e.target.value, 'set optimizer')}
          >
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {OPTIMIZER_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
        <SettingField
          setting="lr"
          label="Learning rate"
          value={settingText(setup, 'lr')}
          disabled={disabled}
          hint={`usual for ${OPTIMIZER_LABELS[setup.optimizer.type]}: ${usualLr(setup.optimizer.type)}`}
        />
        <SettingField
          setting="batch_size"
          label="Batch size"
          value={settingText(setup, 'batch_size')}
          disabled={disabled}
        />
        <SettingField
          setting="epochs"
          label="Epochs"
          value={settingText(setup, 'epochs')}
          disabled={disabled}
        />
        <SettingField setting="seed" label="Seed" value={settingText(setup, 'seed')} disabled={disabled} />
      </div>
      <p className="run-note">
        Learning-rate schedule: constant (the declarative setup has none yet; a custom loop in code can use
        one).
      </p>
    </section>
  )
})
