"""What the Python test scripts share: one `ok`/`FAILED` line per check,
and a closing `failures N` line with the exit status (the .test files
FileCheck them)."""
import sys

_failures = 0


def check(condition, what):
    global _failures
    _failures += not condition
    print(("ok " if condition else "FAILED ") + what, flush=True)


def raises(kind, call):
    """The message of the `kind` exception `call()` raises, or None."""
    try:
        call()
    except kind as error:
        return str(error)
    return None


def finish():
    print("failures", _failures)
    sys.exit(1 if _failures else 0)
