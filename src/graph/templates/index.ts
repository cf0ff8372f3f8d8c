import type { ModelDocument } from '../document/schema'
import { autoencoder } from './autoencoder'
import { charTransformer } from './charTransformer'
import { cnnMnist } from './cnnMnist'
import { gan } from './gan'
import { mlpSpirals } from './mlpSpirals'
import { resnetBlock } from './resnetBlock'

/** A starting model for "New from template". */
export interface Template {
  /** Stable id, also written to `metadata.template`: `cnn-mnist`. */
  id: string
  /** Menu label. */
  name: string
  /** One line on what it is and what it shows. */
  description: string
  /** A fresh document (a new object on every call, so callers may keep it). */
  create(): ModelDocument
}

/** Every template, in menu order: one file each, listed here explicitly. */
export const TEMPLATES: readonly Template[] = [
  {
    id: 'mlp-spirals',
    name: 'MLP on spirals',
    description: 'Two-class spirals with a 2-16-16-2 ReLU MLP: watch the decision boundary bend.',
    create: mlpSpirals,
  },
  {
    id: 'cnn-mnist',
    name: 'CNN on MNIST',
    description: 'Two conv-relu-pool stages and a Dense: the classic digit classifier.',
    create: cnnMnist,
  },
  {
    id: 'autoencoder',
    name: 'Autoencoder',
    description: 'Squeezes 784 pixels through a 32-number code and back, trained with MSE.',
    create: autoencoder,
  },
  {
    id: 'gan',
    name: 'GAN',
    description: 'Generator and discriminator blocks for a custom two-optimizer training loop.',
    create: gan,
  },
  {
    id: 'char-transformer',
    name: 'Character transformer',
    description: 'Embedding, self-attention and a GELU feed-forward that predict the next character.',
    create: charTransformer,
  },
  {
    id: 'resnet-block',
    name: 'ResNet block',
    description: 'A conv-bn-relu residual block defined once and used twice, then pooled to 10 classes.',
    create: resnetBlock,
  },
]

/** The template with this id, or undefined. */
export function findTemplate(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id)
}
