"""Export files spliced from the previous build: a record that did not change is copied, not written.

Every export writes the graph's records in id order, each as one run of bytes that depends only on
the record (and, for some formats, on a context the writer names: the attribute type table, an
entity's dates). :class:`ExportCache` remembers, per file, the byte span of each record under a key
(a hash of the record and its extra context); the next build (``build --update``) that writes the
same file with the same context copies the bytes of every record whose key it finds, and formats
only the others. The file is the same bytes either way.

A record may also name one **statistic of the whole corpus** in it (a :class:`Patch`: CO_OCCURS
``npmi``, computed against the number of articles, changes in nearly every edge when articles are
added): the index then keeps the record under a second key, made without that value, with where the
value's text lies in its bytes. A record whose only change is that value is copied with the new
value's text put in place of the old one (the formatters write it as ``repr`` of the float, in one
place), instead of being formatted again.

The index (:data:`INDEX_FILE`, in the output folder) is used only when it was made by the same
code (*salt*), and a file's spans only while that file has the size and modification time it had.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> cache = ExportCache(None, "v1")
>>> with cache.open(d / "a.txt", "a.txt", "ctx") as out:
...     out.write("[")
...     out.record(record_key("x"), lambda: "x")
...     out.write("]")
>>> (d / "a.txt").read_text()
'[x]'
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import pickle
import threading
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from guanxi.outputs import atomic_path

__all__ = ["INDEX_FILE", "ExportCache", "Patch", "SplicedFile", "record_key"]

#: The export index of an output folder (a hidden file: a cache, not an output to read).
INDEX_FILE = ".guanxi-export-index"
_FORMAT = ("guanxi-export-index", 2)
_KEY = 16  # bytes of a record key


def record_key(*parts: Any) -> bytes:
    """The key of a record: a hash of its parts (pickled: equal values of equal types, equal keys)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=_KEY).digest()


class Patch(NamedTuple):
    """The one corpus-wide value of a record: *key* is the record's key made without it, *value*
    its text as the formatter writes it, *anchor* the text the formatter writes just before it."""

    key: bytes
    value: str
    anchor: str


# Spans of patchable records: key without the value -> (start, end, value offset, value length).
Patches = dict[bytes, tuple[int, int, int, int]]


class SplicedFile:
    """One export file being written: plain text, and records copied from *old* where their key is
    in *spans* (key -> (start, end) in the old file), or copied with one value put in place where
    their :class:`Patch` key is in *patches*."""

    def __init__(
        self,
        fh: IO[bytes],
        old: mmap.mmap | None,
        spans: dict[bytes, tuple[int, int]],
        *,
        indexing: bool = True,
        patches: Patches | None = None,
    ) -> None:
        self._fh = fh
        self._indexing = indexing
        self._old = old
        self._spans = spans
        self._patches = patches or {}
        self._pos = 0
        self._copy: list[int] = []  # a pending run of old bytes [start, end): adjacent hits are one copy
        self.keys: list[bytes] = []
        self.offsets = array("Q")
        self.patch_keys: list[bytes] = []
        self.patch_offsets = array("Q")  # start, end, value offset, value length
        self.reused = 0
        self.patched = 0

    def _flush(self) -> None:
        if self._copy:
            start, end = self._copy
            self._fh.write(self._old[start:end])  # type: ignore[index]
            self._copy = []

    def write(self, text: str) -> None:
        """Text that is no record's (headers, separators)."""
        self._flush()
        data = text.encode("utf-8")
        self._fh.write(data)
        self._pos += len(data)

    def record(self, key: bytes, make: Callable[[], str], patch: Patch | None = None) -> None:
        """A record's bytes: the old ones under *key*, else the old ones under ``patch.key`` with
        ``patch.value`` put in place, else ``make()``."""
        span = self._spans.get(key)
        at: tuple[int, int] | None = None  # where the patch value lies in the bytes written
        if span is not None:
            start, end = span
            if self._copy and self._copy[1] == start:
                self._copy[1] = end
            else:
                self._flush()
                self._copy = [start, end]
            size = end - start
            self.reused += 1
            if patch is not None and self._indexing:
                old = self._patches.get(patch.key)
                at = (old[2], old[3]) if old is not None and old[:2] == span else None
        elif patch is not None and (old := self._patches.get(patch.key)) is not None:
            self._flush()
            start, end, off, length = old
            value = patch.value.encode("utf-8")
            assert self._old is not None
            data = self._old[start : start + off] + value + self._old[start + off + length : end]
            self._fh.write(data)
            size = len(data)
            at = (off, len(value))
            self.patched += 1
        else:
            self._flush()
            data = make().encode("utf-8")
            self._fh.write(data)
            size = len(data)
            if patch is not None and self._indexing:
                at = _locate(data, patch)
        if not self._indexing:
            return
        self.keys.append(key)
        self.offsets.append(self._pos)
        self.offsets.append(self._pos + size)
        if at is not None:
            self.patch_keys.append(patch.key)  # type: ignore[union-attr]
            self.patch_offsets.extend((self._pos, self._pos + size, *at))
        self._pos += size

    def close(self) -> None:
        self._flush()


def _locate(data: bytes, patch: Patch) -> tuple[int, int] | None:
    """(offset, length) of the patch value in a record's bytes: right after its anchor, where
    anchor and value occur once together (else None: the record is not patched, only formatted)."""
    anchor, value = patch.anchor.encode("utf-8"), patch.value.encode("utf-8")
    needle = anchor + value
    i = data.find(needle)
    if i < 0 or data.find(needle, i + 1) >= 0:
        return None
    return i + len(anchor), len(value)


class ExportCache:
    """The export index of the previous output folder *previous* (None: nothing to reuse) and the
    one of the files written now (:meth:`save` writes it)."""

    def __init__(self, previous: Path | None, salt: str, *, indexing: bool = True) -> None:
        self.previous = previous
        self.salt = salt
        self.indexing = indexing  # False: write plainly, keep no index (no key is looked up)
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self.reused = 0
        self.patched = 0
        self.records = 0
        self._lock = threading.Lock()  # files may be written by several threads (graph/fanout.py)
        if previous is not None:
            with contextlib.suppress(OSError, ValueError, EOFError, TypeError, KeyError):
                data = marshal.loads((previous / INDEX_FILE).read_bytes())
                if tuple(data["format"]) == _FORMAT and data["salt"] == salt:
                    self._old = data["files"]

    def _spans(self, rel: str, context: str) -> tuple[Path | None, dict[bytes, tuple[int, int]], Patches]:
        old = self._old.get(rel)
        if old is None or old["context"] != context or self.previous is None:
            return None, {}, {}
        path = self.previous / rel
        try:
            st = path.stat()
        except OSError:
            return None, {}, {}
        if (st.st_size, st.st_mtime_ns) != (old["size"], old["mtime"]) or st.st_size == 0:
            return None, {}, {}  # changed since it was indexed: nothing of it is trusted
        keys, offsets = old["keys"], array("Q")
        offsets.frombytes(old["offsets"])
        spans = {keys[i * _KEY : (i + 1) * _KEY]: (offsets[2 * i], offsets[2 * i + 1]) for i in range(len(offsets) // 2)}
        pkeys, poffsets = old["patch_keys"], array("Q")
        poffsets.frombytes(old["patch_offsets"])
        patches = {
            pkeys[i * _KEY : (i + 1) * _KEY]: tuple(poffsets[4 * i : 4 * i + 4]) for i in range(len(poffsets) // 4)
        }
        return path, spans, patches  # type: ignore[return-value]

    @contextlib.contextmanager
    def open(self, path: Path, rel: str, context: str) -> Iterator[SplicedFile]:
        """Write *path* (*rel* in the output folder) atomically, reusing the old file's records
        written under the same *context* (a string naming everything besides the record that
        shapes its bytes)."""
        old_path, spans, patches = self._spans(rel, context)
        with contextlib.ExitStack() as stack:
            old = None
            if old_path is not None:
                src = stack.enter_context(old_path.open("rb"))
                old = stack.enter_context(mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ))
            tmp = stack.enter_context(atomic_path(path, parents=True))
            with tmp.open("wb") as fh:
                out = SplicedFile(fh, old, spans, indexing=self.indexing, patches=patches)
                yield out
                out.close()
            with self._lock:
                self.reused += out.reused
                self.patched += out.patched
                self.records += len(out.keys)
        if self.indexing:
            # size and mtime of the file in place (atomic_path has renamed it by now)
            st = path.stat()
            self._new[rel] = {
                "context": context,
                "keys": b"".join(out.keys),
                "offsets": out.offsets.tobytes(),
                "patch_keys": b"".join(out.patch_keys),
                "patch_offsets": out.patch_offsets.tobytes(),
                "size": st.st_size,
                "mtime": st.st_mtime_ns,
            }

    def save(self, out_dir: Path) -> Path:
        """Write the index of the files written now into *out_dir*."""
        path = out_dir / INDEX_FILE
        data = {"format": list(_FORMAT), "salt": self.salt, "files": self._new}
        with atomic_path(path) as tmp:
            tmp.write_bytes(marshal.dumps(data))
        return path
