import type { ModelDocument } from '../document/schema'
import type { ModelPyInfo } from './modelPy'
import { docText, pyData } from './python'

/** The training-setup part of train.py's docstring: what the script does by default. */
function setupLine(doc: ModelDocument): string {
  const t = doc.training
  if (!t) return 'The document has no training setup: pass --loss, --optimizer and --lr.'
  const { type, ...args } = t.optimizer
  const hyper = Object.entries(args)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `(${v.join(', ')})` : String(v)}`)
    .join(', ')
  return (
    `Setup (the document's): ${t.loss} loss, ${type}(${hyper}), batch ${t.batch_size}, ` +
    `${t.epochs} epochs, seed ${t.seed ?? 0}${t.validation_split ? `, validation split ${t.validation_split}` : ''}.`
  )
}

/**
 * train.py of a document: its training setup (loss, optimizer and hyperparameters, batch size,
 * epochs, seed, validation split) as a runnable script. One process by default; under `torchrun`
 * it runs DistributedDataParallel (gloo on CPU, nccl on GPUs), each process taking batch_size /
 * world_size samples of every global batch, so the setup is the document's at any process count.
 * Starts from weights.safetensors when there is one, reads inputs and targets from .npy files,
 * prints one JSON line per optimizer step and saves the weights at the end.
 */
export function emitTrainPy(doc: ModelDocument, info: ModelPyInfo): string {
  const xs = info.inputs.length === 1 ? 'x.npy' : info.inputs.map((i) => `${i.name}.npy`).join(' ')
  return `"""Trains ${docText(doc.name)} (model.py) with the training setup of its Triad document.

${setupLine(doc)}

One process:
    python3 train.py --x ${xs} --y y.npy
DistributedDataParallel, one process per device (gloo on CPU, nccl on GPUs):
    torchrun --nproc_per_node=2 train.py --x ${xs} --y y.npy
(Debian 12's torchrun, torch 1.13 on Python 3.11, cannot parse its own default for --redirects and
--tee: add --redirects 1 --tee 1.)

--x takes one .npy per model input (${info.inputs.map((i) => i.name).join(', ') || 'none'}), rows are samples; --y the targets
(class ids for cross_entropy, else values shaped like the output). Training starts from --weights,
else weights.safetensors beside this file or one folder up (as in a Triad bundle), else from
PyTorch's initialization. Prints {"step": k, "loss": x} per optimizer step (the loss averaged over
all processes) and saves the weights to --out at the end.
"""
import argparse
import gc
import json
import os
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset, random_split

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import INPUTS, OUTPUTS, Model, load_weights, save_safetensors  # noqa: E402

#: The document's training setup.
TRAINING = ${pyData(doc.training ?? null)}
#: Whether some parameters may get no gradient from the loss (on output ${info.outputs[0] ?? ''}): DDP must know.
FIND_UNUSED_PARAMETERS = ${info.findUnusedParameters ? 'True' : 'False'}

LOSSES = {
    'cross_entropy': nn.CrossEntropyLoss,
    'mse': nn.MSELoss,
    'bce_with_logits': nn.BCEWithLogitsLoss,
    'l1': nn.L1Loss,
    'huber': nn.HuberLoss,
}
OPTIMIZERS = {
    'sgd': torch.optim.SGD,
    'adam': torch.optim.Adam,
    'adamw': torch.optim.AdamW,
    'rmsprop': torch.optim.RMSprop,
}


def parse_args():
    setup = TRAINING or {}
    optimizer = setup.get('optimizer', {})
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--x', nargs='+', required=True, help='one .npy per model input, in order')
    p.add_argument('--y', required=True, help='targets .npy')
    p.add_argument('--weights', help='starting weights (.safetensors or .pt)')
    p.add_argument('--out', default='trained.safetensors', help='where to save the weights (.safetensors or .pt)')
    p.add_argument('--loss', choices=sorted(LOSSES), default=setup.get('loss'))
    p.add_argument('--optimizer', choices=sorted(OPTIMIZERS), default=optimizer.get('type'))
    p.add_argument('--lr', type=float, default=optimizer.get('lr'))
    p.add_argument('--batch-size', type=int, default=setup.get('batch_size', 32), help='global batch size')
    p.add_argument('--epochs', type=int, default=setup.get('epochs', 1))
    p.add_argument('--steps', type=int, help='stop after this many optimizer steps')
    p.add_argument('--seed', type=int, default=setup.get('seed', 0))
    p.add_argument('--validation-split', type=float, default=setup.get('validation_split', 0.0))
    p.add_argument('--no-shuffle', action='store_true', help='keep the data order')
    p.add_argument('--cpu', action='store_true', help='stay on the CPU even with GPUs')
    args = p.parse_args()
    if args.loss is None or args.optimizer is None or args.lr is None:
        p.error('the document has no training setup: pass --loss, --optimizer and --lr.')
    if len(args.x) != len(INPUTS):
        names = ', '.join(name for name, _, _ in INPUTS)
        p.error(f'--x takes {len(INPUTS)} .npy files, one per model input ({names}); got {len(args.x)}.')
    return args


def optimizer_args(args):
    """The document's optimizer arguments (when --optimizer is the document's), with --lr."""
    setup = dict((TRAINING or {}).get('optimizer') or {})
    kwargs = {k: v for k, v in setup.items() if k != 'type'} if setup.get('type') == args.optimizer else {}
    kwargs['lr'] = args.lr
    if 'betas' in kwargs:
        kwargs['betas'] = tuple(kwargs['betas'])
    return kwargs


def load_data(args):
    xs = []
    for (name, shape, dtype), path in zip(INPUTS, args.x):
        x = np.load(path)
        if tuple(x.shape[1:]) != tuple(shape):
            raise SystemExit(f'{path}: rows of shape {list(x.shape[1:])}, but input {name} takes {list(shape)}.')
        xs.append(torch.from_numpy(np.ascontiguousarray(x)).to(torch.int64 if dtype == 'int64' else torch.float32))
    y = torch.from_numpy(np.ascontiguousarray(np.load(args.y)))
    integer = not torch.is_floating_point(y)
    y = y.to(torch.int64) if args.loss == 'cross_entropy' and integer else y.to(torch.float32)
    if any(len(x) != len(y) for x in xs):
        raise SystemExit(f'--x and --y hold different numbers of rows: {[len(x) for x in xs]} and {len(y)}.')
    return TensorDataset(*xs, y)


def start_weights(args):
    if args.weights:
        return args.weights
    here = os.path.dirname(os.path.abspath(__file__))
    for folder in (here, os.path.dirname(here)):
        path = os.path.join(folder, 'weights.safetensors')
        if os.path.exists(path):
            return path
    return None


def first_output(result):
    return result[OUTPUTS[0]] if isinstance(result, dict) else result


def main():
    args = parse_args()
    distributed = 'RANK' in os.environ and 'WORLD_SIZE' in os.environ
    cuda = torch.cuda.is_available() and not args.cpu
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
        rank, world = dist.get_rank(), dist.get_world_size()
        local_rank = int(os.environ.get('LOCAL_RANK', 0))
    else:
        rank, world, local_rank = 0, 1, 0
    device = torch.device(f'cuda:{local_rank}' if cuda else 'cpu')
    if cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed)

    model = Model()
    weights = start_weights(args)
    if weights:
        load_weights(model, weights)
    if rank == 0:
        print(json.dumps({'weights': weights or 'initialized', 'processes': world, 'device': str(device)}), flush=True)
    model.to(device)
    net = model
    if distributed:
        net = nn.parallel.DistributedDataParallel(
            model, device_ids=[local_rank] if cuda else None, find_unused_parameters=FIND_UNUSED_PARAMETERS
        )

    data = load_data(args)
    validation = None
    if args.validation_split > 0:
        n_val = int(len(data) * args.validation_split)
        if 0 < n_val < len(data):
            data, validation = random_split(
                data, [len(data) - n_val, n_val], generator=torch.Generator().manual_seed(args.seed)
            )
    per_process = max(1, args.batch_size // world)
    if distributed:
        sampler = DistributedSampler(data, num_replicas=world, rank=rank, shuffle=not args.no_shuffle, seed=args.seed)
        loader = DataLoader(data, batch_size=per_process, sampler=sampler)
    else:
        sampler = None
        generator = torch.Generator().manual_seed(args.seed)
        loader = DataLoader(data, batch_size=per_process, shuffle=not args.no_shuffle, generator=generator)

    criterion = LOSSES[args.loss]()
    optimizer = OPTIMIZERS[args.optimizer](net.parameters(), **optimizer_args(args))
    step = 0
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        for *inputs, target in loader:
            inputs = [x.to(device) for x in inputs]
            target = target.to(device)
            optimizer.zero_grad()
            loss = criterion(first_output(net(*inputs)), target)
            loss.backward()
            optimizer.step()
            step += 1
            value = loss.detach()
            if distributed:
                dist.all_reduce(value)
                value = value / world
            if rank == 0:
                print(json.dumps({'step': step, 'loss': value.item()}), flush=True)
            if args.steps and step >= args.steps:
                break
        if validation is not None and rank == 0:
            model.eval()
            total, count = 0.0, 0
            with torch.no_grad():
                for *inputs, target in DataLoader(validation, batch_size=per_process):
                    out = first_output(model(*[x.to(device) for x in inputs]))
                    total += criterion(out, target.to(device)).item() * len(target)
                    count += len(target)
            print(json.dumps({'epoch': epoch + 1, 'validation_loss': total / max(count, 1)}), flush=True)
        if args.steps and step >= args.steps:
            break

    if rank == 0:
        state = model.state_dict()
        if args.out.endswith(('.pt', '.pth')):
            torch.save(state, args.out)
        else:
            save_safetensors(state, args.out, {'format': 'pt'})
        print(json.dumps({'steps': step, 'out': args.out}), flush=True)
    if distributed:
        # DDP's reducer goes before its process group: torn down after it (when main's locals die),
        # a process can hang at exit
        del net, optimizer
        gc.collect()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
`
}
