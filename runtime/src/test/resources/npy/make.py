# Regenerates the .npy fixtures with NumPy (run from this directory: python3 make.py).
# The tests state the expected values from these formulas, not from kerac.
import numpy as np
from numpy.lib import format as fmt

def save(name, a, version=None):
    with open(name, "wb") as f:
        fmt.write_array(f, a, version=version, allow_pickle=False)

save("f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / np.float32(4))          # v1.0
save("f8_big_endian.npy", np.arange(4, dtype=">f8") - 1.5)
save("u1_2x2.npy", np.array([[0, 255], [128, 7]], dtype=np.uint8))
save("i8_v2.npy", np.arange(-3, 3, dtype="<i8"), version=(2, 0))
save("i4_2x3x4_v3.npy", np.arange(24, dtype="<i4").reshape(2, 3, 4), version=(3, 0))
save("b1.npy", np.array([True, False, True]))
save("u8_large.npy", np.array([0, 2**64 - 1, 2**63], dtype="<u8"))
save("scalar.npy", np.array(2.5, dtype="<f4"))
save("empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
save("c8.npy", np.zeros(2, dtype="<c8"))
