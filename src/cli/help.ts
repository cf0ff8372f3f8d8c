import { DATASET_NAMES } from '../engine/data/builtin'
import { TEMPLATES } from '../graph/templates'

/** `triad --help`: the commands. */
export const MAIN_HELP = `triad: train, evaluate and run Triad models from the command line (CPU backend).

Usage:
  triad train <model> --data <name|file.csv> [options]      train; --out <dir> or --out bundle.zip
  triad train <model> --x x.npy --y y.npy [options]
  triad eval <model> [--weights w.safetensors] --data <name|file.csv>    loss and accuracy
  triad infer <model> [--weights w.safetensors] --x x.npy --out y.npy    predictions as NPY
  triad export <model> --format onnx|pytorch|bundle|code --out <path>    write the model out
  triad verify <bundle.zip>      check a bundle: schema, hashes, ONNX outputs vs expected.npy

<model> is a model document (model.json), a template id, a directory written by train --out,
an ONNX file (.onnx: its initializers are the weights) or a bundle (.zip: its weights, setup and
version). Nothing in a model file is executed.
Templates: ${TEMPLATES.map((t) => t.id).join(', ')}
Datasets:  ${DATASET_NAMES.join(', ')}

Run 'triad <command> --help' for a command's options. Exit codes: 0 ok, 1 failed run, 2 bad input.
`

/** `triad train --help`. */
export const TRAIN_HELP = `Usage: triad train <model> (--data <name|file.csv> | --x x.npy --y y.npy) [options]

Trains with the document's training setup; every flag below overrides it.

Data:
  --data <name|file>        built-in dataset (${DATASET_NAMES.join(', ')}) or a .csv/.tsv table
                            with a header (label column: 'label', 'target', 'class', 'y' or the last)
  --x <file> --y <file>     inputs [n, ...] and labels [n] (class ids) or [n, ...] (targets), .npy or IDX
  --validation-split <f>    fraction held out for validation, 0 to 0.9 (seeded random split)
Training:
  --loss <name>             cross_entropy | mse | bce_with_logits | l1 | huber
  --optimizer <name>        sgd | adam | adamw | rmsprop
  --lr <f>                  learning rate (default: the document's, else torch.optim's)
  --momentum <f>            sgd and rmsprop only
  --weight-decay <f>        L2 penalty (decoupled for adamw)
  --batch <n>               batch size (the last batch of an epoch may be smaller, as DataLoader's)
  --epochs <n> | --steps <n>  how long: whole epochs, or a number of optimizer steps
  --no-shuffle              keep the data order (batch k is rows k*B .. k*B+B-1)
  --seed <n>                seeds initialization, shuffling, the split and dropout (default 0)
  --backend <name>          cpu | auto (= cpu) | webgpu (not available in Node yet)
Start:
  --weights <file>          start from these safetensors weights (an ONNX file or a bundle as <model>
                            starts from its own weights; an ONNX file has no setup: pass --loss
                            and --optimizer)
Output:
  --out <dir>               write weights.safetensors, metrics.json (every step's loss) and model.json;
                            written only when the run ends, whole or not at all
  --out <file.zip>          write a versioned bundle instead (see triad export --help); trained
                            from a bundle, the new one's parent is its version, minor bumped
  --version <x.y.z>         the bundle's version (default 1.0.0, or the parent's with minor + 1)
  --log-every <n>           without a terminal, print a progress line every n steps

Progress goes to stdout (a bar on a terminal, plain lines otherwise); the last line of stdout is a
JSON summary. Example: triad train mlp-spirals --epochs 100 --out runs/spirals
`

/** `triad eval --help`. */
export const EVAL_HELP = `Usage: triad eval <model> [--weights w.safetensors] (--data <name|file.csv> | --x x.npy --y y.npy)

Mean loss and accuracy of trained weights over a whole dataset (eval mode: running statistics,
no dropout), printed as one JSON line.
  --weights <file>   safetensors weights (default: those of the run directory, bundle or ONNX
                     file given as <model>)
  --loss <name>      the loss to report (default the document's)
  --backend <name>   cpu | auto
`

/** `triad infer --help`. */
export const INFER_HELP = `Usage: triad infer <model> [--weights w.safetensors] --x x.npy --out y.npy

Runs the model in eval mode on every row of x ([n, ...] as the model input) and writes the output,
float32 [n, ...], as an NPY file.
  --weights <file>   safetensors weights (default: those of the run directory, bundle or ONNX
                     file given as <model>)
  --output <name>    which model output to write (default the first)
  --batch <n>        samples per pass (default 500)
  --backend <name>   cpu | auto
`

/** `triad export --help`. */
export const EXPORT_HELP = `Usage: triad export <model> --format onnx|pytorch|bundle|code --out <path> [options]

Writes the model out, checked before anything is written, whole or not at all:
  onnx      --out model.onnx: the inference graph, ONNX opset 17 (eval mode), weights as initializers
  pytorch   --out <dir>: model.py (an nn.Module with Triad's parameter names), train.py (the training
            setup; DistributedDataParallel under torchrun) and weights.safetensors
  bundle    --out name-1.0.0.zip, or a directory (gets <name>-<version>.zip): manifest.json (version,
            hashes, signature, setup, data fingerprint, metrics), model.json, weights.safetensors,
            model.onnx, model.ts, metrics.json, samples.npy + expected.npy, README.md (model card),
            pytorch/model.py and pytorch/train.py
  code      --out model.ts: the code face
Options:
  --weights <file>   safetensors weights (default: the model's own, else a seeded initialization)
  --seed <n>         the initialization's seed when there are no weights (default 0)
  --version <x.y.z>  the bundle's version (default: the source bundle's, else 1.0.0)
`

/** `triad verify --help`. */
export const VERIFY_HELP = `Usage: triad verify <bundle.zip> [--tolerance 1e-4]

Checks a bundle before it ships: the zip under size limits, manifest.json against its schema, the
sha256 of every file (a changed byte anywhere is named), model.json and the weights, then runs
model.onnx in onnxruntime on samples.npy and compares with expected.npy (Triad's outputs).
Exit 0 with one OK line; exit 1 with the reason when a check fails; exit 2 when the file is missing.
  --tolerance <f>    largest absolute difference allowed (default 1e-4)
`
