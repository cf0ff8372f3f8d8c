"""Golden fixtures for the data pipeline's NPY reader/writer and the safetensors reader/writer.

Run with Debian's python3 and numpy:  /usr/bin/python3 scripts/dataFixtures.py
Writes
  src/engine/data/fixtures/*.npy + npy.golden.json   (np.save / numpy.lib.format, incl. bad files)
  src/engine/io/fixtures/tiny.safetensors + safetensors.golden.json

The `safetensors` Python package is not in Debian, so the .safetensors fixture is written here by
hand from the format's specification and the reference implementation's writer rules: an 8-byte
little-endian header length, compact JSON with `__metadata__` first, tensors ordered by
descending dtype alignment then name, the header padded with spaces to a multiple of 8, then the
little-endian data. The golden JSON records the values with numpy's own `tolist()`.
"""
import json
import os
import struct

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
NPY_DIR = os.path.join(ROOT, 'src', 'engine', 'data', 'fixtures')
ST_DIR = os.path.join(ROOT, 'src', 'engine', 'io', 'fixtures')


def npy_fixtures():
    os.makedirs(NPY_DIR, exist_ok=True)
    good = {
        'f4_2x3': (np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5),
        'f8_3': np.array([1.5, -2.25, 1e-300], dtype=np.float64),
        'i4_2x2': np.array([[1, -2], [2147483647, -2147483648]], dtype=np.int32),
        'i8_5': np.array([0, 2, 1, 2, 0], dtype=np.int64),
        'u1_2x2x2': np.arange(8, dtype=np.uint8).reshape(2, 2, 2) * 30,
        'f4_scalar': np.array(3.25, dtype=np.float32),
        'f4_100x4': np.linspace(-1, 1, 400, dtype=np.float32).reshape(100, 4),
        'f4_0x3': np.zeros((0, 3), dtype=np.float32),
    }
    golden = {}
    for name, arr in good.items():
        np.save(os.path.join(NPY_DIR, f'{name}.npy'), arr)
        golden[name] = {'dtype': str(arr.dtype), 'shape': list(arr.shape), 'values': arr.reshape(-1).tolist()}
    # Version 2.0 header (numpy writes it only for huge headers unless asked).
    v2 = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    with open(os.path.join(NPY_DIR, 'f4_v2.npy'), 'wb') as f:
        np.lib.format.write_array(f, v2, version=(2, 0))
    golden['f4_v2'] = {'dtype': 'float32', 'shape': [2, 2], 'values': v2.reshape(-1).tolist()}
    # Files the reader must refuse, each with a clear message.
    np.save(os.path.join(NPY_DIR, 'bad_c8.npy'), np.array([1 + 2j, 3 - 1j], dtype=np.complex64))
    np.save(os.path.join(NPY_DIR, 'bad_fortran.npy'), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    np.save(os.path.join(NPY_DIR, 'bad_big_endian.npy'), np.arange(3, dtype='>f4'))
    np.save(os.path.join(NPY_DIR, 'bad_structured.npy'), np.zeros(2, dtype=[('a', '<f4'), ('b', '<i4')]))
    with open(os.path.join(NPY_DIR, 'npy.golden.json'), 'w') as f:
        json.dump(golden, f, indent=2)
        f.write('\n')


# The reference implementation's Dtype enum order (increasing alignment); the writer sorts by it, descending.
DTYPE_RANK = {'U8': 1, 'I32': 9, 'F32': 11, 'F64': 12, 'I64': 13}
NUMPY_DTYPE = {'F32': '<f4', 'F64': '<f8', 'I32': '<i4', 'I64': '<i8', 'U8': '|u1'}


def write_safetensors(path, tensors, metadata):
    ordered = sorted(tensors.items(), key=lambda kv: (-DTYPE_RANK[kv[1][0]], kv[0]))
    parts = []
    if metadata:
        inner = ','.join(f'{json.dumps(k, ensure_ascii=False)}:{json.dumps(metadata[k], ensure_ascii=False)}' for k in sorted(metadata))
        parts.append(f'"__metadata__":{{{inner}}}')
    offset = 0
    blobs = []
    for name, (dtype, arr) in ordered:
        data = np.ascontiguousarray(arr, dtype=NUMPY_DTYPE[dtype]).tobytes()
        shape = ','.join(str(d) for d in arr.shape)
        parts.append(f'{json.dumps(name, ensure_ascii=False)}:{{"dtype":"{dtype}","shape":[{shape}],"data_offsets":[{offset},{offset + len(data)}]}}')
        offset += len(data)
        blobs.append(data)
    header = ('{' + ','.join(parts) + '}').encode('utf-8')
    header += b' ' * ((8 - len(header) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(header)))
        f.write(header)
        for b in blobs:
            f.write(b)


def safetensors_fixtures():
    os.makedirs(ST_DIR, exist_ok=True)
    tensors = {
        'fc.weight': ('F32', np.array([[0.5, -1.25, 2.0], [3.0, -0.0625, 1e-3]], dtype=np.float32)),
        'fc.bias': ('F32', np.array([0.1, -0.2], dtype=np.float32)),
        'scale': ('F64', np.array([1.0 / 3.0, -7.5], dtype=np.float64)),
        'steps': ('I64', np.array([123456789012], dtype=np.int64)),
        'ids': ('I32', np.array([[7, -8]], dtype=np.int32)),
        'mask': ('U8', np.array([0, 1, 255], dtype=np.uint8)),
        'bn.num_batches_tracked': ('I64', np.array(5, dtype=np.int64)),
    }
    metadata = {'format': 'pt', 'source': 'scripts/dataFixtures.py'}
    write_safetensors(os.path.join(ST_DIR, 'tiny.safetensors'), tensors, metadata)
    golden = {
        'metadata': metadata,
        'tensors': {
            name: {'dtype': dtype, 'shape': list(arr.shape), 'values': [str(v) if dtype == 'I64' else v for v in arr.reshape(-1).tolist()]}
            for name, (dtype, arr) in tensors.items()
        },
    }
    with open(os.path.join(ST_DIR, 'safetensors.golden.json'), 'w') as f:
        json.dump(golden, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    npy_fixtures()
    safetensors_fixtures()
