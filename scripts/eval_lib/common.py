"""Shared helpers of scripts/eval: dependency installation, levels, resampling, 10 ms frames."""
import importlib
import subprocess
import sys
from math import gcd

FRAME = 0.01  # seconds: the resolution of the truth and of every metric
MASTER = 48000  # the rate calls are built at before each condition's rate is applied


def need(module, package, *pip_args):
    """Imports module, installing package with pip first when it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError:
        print(f"eval: installing {package}", file=sys.stderr)
        cmd = [sys.executable, "-m", "pip", "install", "-q", *pip_args, package]
        if subprocess.run(cmd, capture_output=True).returncode != 0:  # e.g. PEP 668: retry as below
            subprocess.run(cmd + ["--break-system-packages"], check=True)
        importlib.invalidate_caches()
        return importlib.import_module(module)


np = need("numpy", "numpy")
signal = need("scipy.signal", "scipy")
sf = need("soundfile", "soundfile")


def db(x):
    return 10 ** (x / 20)


def rms(x):
    return float(np.sqrt(np.mean(np.square(x)))) if len(x) else 0.0


def resample(x, source, target):
    source, target = int(source), int(target)
    if source == target:
        return x
    g = gcd(source, target)
    return signal.resample_poly(x, target // g, source // g)


def frames(spans, duration):
    """Boolean 10 ms frames from [start, end] spans in seconds (frame i covers [i*10 ms, (i+1)*10 ms))."""
    n = int(round(duration / FRAME))
    mask = np.zeros(n, dtype=bool)
    for s, e in spans:
        a = max(0, int(round(s / FRAME)))
        b = max(0, min(n, int(round(e / FRAME))))
        if b > a:
            mask[a:b] = True
    return mask


def runs(mask):
    """[start, end) frame index pairs of the True runs."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0].tolist(), np.nonzero(edges == -1)[0].tolist()))


def spans_of(mask):
    return [[round(a * FRAME, 2), round(b * FRAME, 2)] for a, b in runs(mask)]
