"""python3 -m dynapse_mlir.finetune NET.nir --inputs TRAIN.npy --labels
LABELS.npy [--mismatch 0.3] [--reset subtract] [--epochs N] [--seed S]
[--chip-seed S] -o TUNED.nir: dynapse_mlir.finetune from the command line (docs/finetune.md).
Progress goes to stderr; a refusal prints `error: ...` and exits 1, writing
nothing."""
import argparse
import sys
from typing import List, Optional

import numpy as np

from dynapse_mlir import Error
from dynapse_mlir.tuning import finetune


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m dynapse_mlir.finetune",
        description="Fine-tunes a trained NIR network for DYNAP-SE2 chip "
                    "instances (docs/finetune.md).")
    parser.add_argument("network", help="the trained network (.nir)")
    parser.add_argument("--inputs", required=True, help="training spike counts (B, T, Nin) .npy")
    parser.add_argument("--labels", required=True, help="one class per sample .npy")
    parser.add_argument("-o", "--output", required=True, help="the tuned network (.nir)")
    parser.add_argument("--mismatch", type=float, default=0.3)
    parser.add_argument("--reset", choices=("zero", "subtract"), default="zero")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=5e-3)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--validation", type=float, default=0.15)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--chip-seed", type=int, default=None,
                        help="adapt to this one chip (dynapse-sim --mismatch M --seed S)")
    args = parser.parse_args(argv)
    try:
        try:
            x = np.load(args.inputs)
            y = np.load(args.labels)
        except (OSError, ValueError) as error:
            raise Error(f"cannot read the inputs or labels: {error}") from None
        finetune(args.network, x, y, mismatch=args.mismatch, reset=args.reset,
                 epochs=args.epochs, seed=args.seed, lr=args.lr,
                 batch_size=args.batch_size, validation=args.validation,
                 threads=args.threads, chip_seed=args.chip_seed,
                 output=args.output,
                 log=lambda line: print(line, file=sys.stderr, flush=True))
    except Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
