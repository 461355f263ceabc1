"""Writes the bundled example of `make demo`'s chip-aware training:

  export_demo.py DATA_DIR OUT_DIR

copies DATA_DIR/digits-dense.nir (train.py's network with a dense hidden
layer: fan-in 100 on the outputs) and writes a small training set and test
set of its task to OUT_DIR as .npy: train-input.npy (uint8 spike counts,
(TRAIN, 100, 64)), train-labels.npy, test-input.npy ((TEST, 100, 64)),
test-labels.npy. The samples are the first of train.py's training and test
splits (scikit-learn's digits, rate-coded), so they are always the same.
"""
import os
import shutil
import sys

import numpy as np

from train import split

TRAIN, TEST = 400, 200


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    shutil.copy(os.path.join(data, "digits-dense.nir"), os.path.join(out, "digits-dense.nir"))
    x_train, y_train, x_test, y_test = split()
    np.save(os.path.join(out, "train-input.npy"), x_train[:TRAIN].astype(np.uint8))
    np.save(os.path.join(out, "train-labels.npy"), y_train[:TRAIN].astype(np.int64))
    np.save(os.path.join(out, "test-input.npy"), x_test[:TEST].astype(np.uint8))
    np.save(os.path.join(out, "test-labels.npy"), y_test[:TEST].astype(np.int64))


if __name__ == "__main__":
    main()
