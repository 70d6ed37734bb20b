"""JSON lines: the one reader of guanxi's ``.jsonl`` files, with one error policy.

Every line of such a file holds one JSON object. A line that does not (bytes that are no UTF-8,
text that is no JSON, JSON that is no object, or an object the caller's ``make`` rejects) is a
:class:`~guanxi.model.Problem`: path, 1-based line number and reason, one line a user can act on.
What then happens is the caller's explicit choice, ``errors=``:

- ``"skip"`` (the inputs of a run: extraction files, a graph folder to load): the Problem takes
  the line's place in the stream, for the run to count in its report, and reading goes on;
- ``"raise"`` (a file whose every line the result depends on: the gold and predictions of a
  score, a build folder read back as a graph): the first bad line raises
  :class:`~guanxi.errors.InputError` with the same line of text.

Blank lines are passed over, a UTF-8 byte-order mark at the start of the file is ignored, and a
file that cannot be opened is a Problem without a line (or an InputError).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
>>> _ = p.write_text('{"a": 1}\\n\\n[2]\\n{"a": \\n', encoding="utf-8")
>>> [str(x) if isinstance(x, Problem) else x for x in read_jsonl(p)]  # doctest: +ELLIPSIS
[{'a': 1}, '...x.jsonl:3: expected a JSON object, got a JSON array', '...x.jsonl:4: invalid JSON: Expecting value (column 7)']
>>> list(read_jsonl(p, errors="raise"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
guanxi.errors.InputError: ...x.jsonl:3: expected a JSON object, got a JSON array
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from guanxi.errors import InputError
from guanxi.model import Problem

__all__ = ["BadLine", "json_kind", "parse_object", "read_jsonl"]

T = TypeVar("T")
Errors = Literal["skip", "raise"]

# The errors a record's from_dict raises on a well-formed object of the wrong shape.
_SHAPE_ERRORS = (ValueError, TypeError, KeyError, AttributeError)


class BadLine(ValueError):
    """A line that is not a JSON object (or not the record its reader wants); ``str()`` is the reason."""


def json_kind(value: object) -> str:
    """The JSON name of the type of *value* (``array``, ``number``...), for a reason.

    >>> json_kind([1]), json_kind(True), json_kind(None)
    ('array', 'boolean', 'null')
    """
    if value is None:
        return "null"
    kinds = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}
    return kinds.get(type(value), type(value).__name__)


def parse_object(line: str | bytes) -> dict[str, Any]:
    """The JSON object on *line*; raises :class:`BadLine` with the reason when it holds none.

    >>> parse_object('{"id": 1}')
    {'id': 1}
    >>> parse_object('"text"')
    Traceback (most recent call last):
    ...
    guanxi.jsonl.BadLine: expected a JSON object, got a JSON string
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadLine(f"not UTF-8 (byte {err.start + 1} of the line)") from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise BadLine(f"invalid JSON: {err.msg} (column {err.colno})") from None
    if not isinstance(obj, dict):
        raise BadLine(f"expected a JSON object, got a JSON {json_kind(obj)}")
    return obj


@overload
def read_jsonl(
    path: str | Path,
    make: Callable[[dict[str, Any]], T] = ...,
    *,
    what: str = ...,
    errors: Literal["skip"] = ...,
    start: int = ...,
    end: int | None = ...,
    first_line: int = ...,
) -> Iterator[T | Problem]: ...
@overload
def read_jsonl(
    path: str | Path,
    make: Callable[[dict[str, Any]], T] = ...,
    *,
    what: str = ...,
    errors: Literal["raise"],
    start: int = ...,
    end: int | None = ...,
    first_line: int = ...,
) -> Iterator[T]: ...
def read_jsonl(
    path: str | Path,
    make: Callable[[dict[str, Any]], Any] = dict,
    *,
    what: str = "record",
    errors: Errors = "skip",
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
) -> Iterator[Any]:
    """``make(obj)`` for the JSON object of each line of *path*; a bad line as the policy *errors* says.

    *what* names the record in the reason of a line *make* rejects (``not a page extraction
    (...)``). *start*, *end* and *first_line* read a part of the file: the lines from byte *start*
    (the start of a line, numbered *first_line*) up to byte *end*.
    """
    name = str(path)

    def bad(line: int | None, reason: str) -> Problem:
        problem = Problem(name, line, reason)
        if errors == "raise":
            raise InputError(str(problem))
        return problem

    try:
        fh = open(path, "rb")
    except OSError as err:
        yield bad(None, f"cannot read: {err.strerror or err}")
        return
    with fh:
        fh.seek(start)
        pos, no = start, first_line - 1
        while end is None or pos < end:
            raw = fh.readline()
            if not raw:
                break
            pos += len(raw)
            no += 1
            if pos == len(raw) and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            raw = raw.rstrip(b"\r\n")  # a reason's column counts within the line
            if not raw.strip():
                continue
            try:
                obj = parse_object(raw)
            except BadLine as err:
                yield bad(no, str(err))
                continue
            try:
                record = make(obj)
            except _SHAPE_ERRORS as err:
                yield bad(no, f"not a {what} ({err})")
                continue
            yield record
