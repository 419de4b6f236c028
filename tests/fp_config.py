"""The second floating-point configuration the notebooks run under in `make test`.

The book is built with the machine's own BLAS kernels. Another machine (a reader's laptop, Binder,
a classroom hub, CI) may pick other kernels, whose sums round differently in the last bits, and
training is chaotic enough that those bits change where SGD ends. tests/test_notebooks.py runs
every notebook again with OpenBLAS forced onto an older kernel (on x86-64: Sandybridge, which has
no fused multiply-add, so every product-sum rounds differently) and one thread, so every claim
check in the notebooks must also hold on numbers that differ from the build's.
"""
import platform

CORETYPE = {"x86_64": "Sandybridge", "AMD64": "Sandybridge", "aarch64": "ARMV8", "arm64": "ARMV8"}


def second_fp_config(machine=None):
    """Environment variables for the kernel: an OpenBLAS core type other than the native one."""
    machine = platform.machine() if machine is None else machine
    env = {"OPENBLAS_NUM_THREADS": "1"}
    if machine in CORETYPE:
        env["OPENBLAS_CORETYPE"] = CORETYPE[machine]
    return env
