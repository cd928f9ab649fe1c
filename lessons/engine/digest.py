"""A short fingerprint of training data, so requests compare and hash in microseconds.

A request used to freeze its arrays as nested Python tuples to be hashable: a 5,000 × 100 X cost
over a second on every rerun of a page. Hashing the arrays' bytes together with their shapes and
dtypes (so a reshaped or retyped array gets another digest) costs a few milliseconds instead.
"""

from __future__ import annotations

import hashlib

import numpy as np


def data_digest(*arrays: np.ndarray) -> str:
    """A BLAKE2b hex digest of the arrays' shapes, dtypes and bytes, in order."""
    digest = hashlib.blake2b(digest_size=20)
    for array in arrays:
        array = np.asarray(array)
        digest.update(f"{array.dtype.str}{array.shape};".encode())
        digest.update(memoryview(np.ascontiguousarray(array)).cast("B"))
    return digest.hexdigest()


def read_only(array: np.ndarray, dtype: type = float) -> np.ndarray:
    """The array as `dtype`, never sharing memory with a caller's array, and not writeable."""
    if (isinstance(array, np.ndarray) and array.dtype == dtype and not array.flags.writeable
            and array.flags.owndata):
        return array  # already one of ours (e.g. the same request with another seed)
    copy = np.array(array, dtype=dtype, copy=True)
    copy.setflags(write=False)
    return copy
