"""Runs exported PyTorch models (src/graph/pytorch tests): for each case folder given, imports its
model.py, loads weights.safetensors with model.py's own load_weights, runs the model in eval mode
on inputs.safetensors and writes outputs.safetensors (float32, by output name). A case that fails
writes error.txt instead, so one broken case does not hide the others.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/pytorchExportCheck.py <case-dir>...
"""
import importlib.util
import sys
import traceback

import torch


def run_case(index, folder):
    spec = importlib.util.spec_from_file_location(f'triad_export_{index}', f'{folder}/model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.load_weights(module.Model(), f'{folder}/weights.safetensors').eval()
    feeds = module.load_safetensors(f'{folder}/inputs.safetensors')
    args = []
    for name, _, dtype in module.INPUTS:
        x = feeds[name]
        args.append(x.to(torch.int64) if dtype == 'int64' else x.to(torch.float32))
    with torch.no_grad():
        result = model(*args)
    if not isinstance(result, dict):
        result = {module.OUTPUTS[0]: result}
    outputs = {name: value.to(torch.float32).contiguous() for name, value in result.items()}
    module.save_safetensors(outputs, f'{folder}/outputs.safetensors')


def main():
    torch.set_num_threads(1)
    for index, folder in enumerate(sys.argv[1:]):
        try:
            run_case(index, folder)
        except Exception:  # noqa: BLE001 - reported per case
            with open(f'{folder}/error.txt', 'w') as f:
                f.write(traceback.format_exc())


if __name__ == '__main__':
    main()
