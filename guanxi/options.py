"""The settings of a run, as frozen, checked dataclasses: what to build, how to run it, where to load it.

- :class:`BuildOptions`: what ``guanxi build`` makes (filters, co-occurrence window, report page,
  inputs' kind, the output folder's replacement). Both engines take the same object, so an option
  is added once, here, and reaches the CLI, :func:`guanxi.runner.build` and
  :func:`guanxi.engine_dask.run_dask` alike.
- :class:`EngineOptions`: how the build runs (engine, processes, cluster, partitions, memory). It
  changes no byte of the output.
- :class:`LoadOptions`: the Neo4j connection and batching of ``guanxi load`` and ``guanxi build --neo4j``.

Each checks its values when made: a bad value is one :class:`OptionError` naming the option.

Examples
--------
>>> BuildOptions(labels=["Person"], since="2024-01-01").labels
('Person',)
>>> BuildOptions(min_weight=0)
Traceback (most recent call last):
...
guanxi.options.OptionError: min_weight: expected an integer >= 1, got 0
>>> build, engine = split_options({"html": False, "workers": 4}, BuildOptions, EngineOptions)
>>> build.html, engine.workers, engine.engine
(False, 4, 'local')
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from guanxi.graph.aggregate import COOCCURRENCE
from guanxi.graph.corrections import CorrectionError, Corrections, load_corrections
from guanxi.graph.schema import NodeLabel
from guanxi.model import Home

__all__ = ["BuildOptions", "EngineOptions", "LoadOptions", "OptionError", "iso_date", "split_options"]

ENGINES = ("local", "dask")
SHUFFLE_METHODS = ("p2p", "tasks")


class OptionError(ValueError):
    """An option has a value guanxi cannot use. ``str(err)`` names the option, then says why."""


def _int(name: str, value: Any, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise OptionError(f"{name}: expected an integer >= {least}, got {value!r}")


def _bool(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise OptionError(f"{name}: expected True or False, got {value!r}")


def _one_of(name: str, value: Any, allowed: Sequence[Any]) -> None:
    if value not in allowed:
        raise OptionError(f"{name}: expected one of {', '.join(map(repr, allowed))}, got {value!r}")


def _text(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise OptionError(f"{name}: expected a string or None, got {value!r}")


def iso_date(value: str | None) -> str | None:
    """*value* as ``YYYY-MM-DD`` (the form article dates are compared in), or None.

    >>> iso_date("20240301")
    '2024-03-01'

    Raises ValueError when *value* is no ISO date.
    """
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _date(name: str, value: Any) -> str | None:
    try:
        return iso_date(value)
    except ValueError as err:
        raise OptionError(f"{name}: {err}") from None


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What a build makes; the same for either engine (see :class:`EngineOptions` for how).

    Attributes
    ----------
    home : Home, optional
        The paper's home when it cannot be detected from the pages (``--home``).
    labels : tuple of str, optional
        Export only nodes of these labels (:class:`~guanxi.graph.schema.NodeLabel` values);
        None keeps all. Any sequence is taken and kept as a tuple.
    min_weight : int
        Minimum CO_OCCURS weight exported.
    since, until : str, optional
        Only articles dated in this ISO date range (both ends included); kept as ``YYYY-MM-DD``.
    window : int
        Sentence window of the CO_OCCURS ``window`` count.
    cooccurrence : {"present", "all"}
        Which person mentions make CO_OCCURS: ``present`` (acts in the reported happening: a
        person named only in doctrine, instructions or a byline co-occurs with no one there) or
        ``all`` (every mention but bylines: the behaviour before mention types).
    html : bool
        Also write ``index.html``, the report page.
    from_extractions : bool
        The inputs are ``extractions.jsonl`` files: reading and extraction are skipped.
    force : bool
        Replace the output folder even when it holds files guanxi did not write.
    corrections : Corrections, optional
        Hand corrections of the persons (``--corrections FILE``, docs/corrections.md); a path
        is read when the options are made.
    update : bool
        Add the inputs to the output folder's pages (:mod:`guanxi.update`): pages stored with
        the same content are not extracted again; local engine only.
    """

    home: Home | None = None
    labels: tuple[str, ...] | None = None
    min_weight: int = 1
    since: str | None = None
    until: str | None = None
    window: int = 2
    cooccurrence: str = "present"
    html: bool = True
    from_extractions: bool = False
    force: bool = False
    corrections: Corrections | None = None
    update: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.corrections, (str, os.PathLike)):
            try:
                object.__setattr__(self, "corrections", load_corrections(self.corrections))
            except CorrectionError as err:
                raise OptionError(f"corrections: {err}") from None
        if self.corrections is not None and not isinstance(self.corrections, Corrections):
            raise OptionError(f"corrections: expected a corrections file, got {self.corrections!r}")
        if self.home is not None and not isinstance(self.home, Home):
            raise OptionError(f"home: expected a Home (Home.parse('PROVINCE/CITY')), got {self.home!r}")
        if self.labels is not None:
            if isinstance(self.labels, str) or not isinstance(self.labels, Sequence):
                raise OptionError(f"labels: expected a list of node labels, got {self.labels!r}")
            known = [str(x) for x in NodeLabel]
            for label in self.labels:
                _one_of("labels", label, known)
            object.__setattr__(self, "labels", tuple(self.labels))
        _int("min_weight", self.min_weight, 1)
        object.__setattr__(self, "since", _date("since", self.since))
        object.__setattr__(self, "until", _date("until", self.until))
        _int("window", self.window, 0)
        _one_of("cooccurrence", self.cooccurrence, COOCCURRENCE)
        for name in ("html", "from_extractions", "force", "update"):
            _bool(name, getattr(self, name))

    @property
    def filtered(self) -> bool:
        """True when the export keeps only part of the graph (labels or a minimum weight)."""
        return self.labels is not None or self.min_weight > 1


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How a build runs: which engine, with how many processes. The output is the same for all.

    Attributes
    ----------
    engine : {"local", "dask"}
        ``local``: one process (plus *jobs* extraction processes); ``dask``: a Dask cluster
        (:func:`guanxi.engine_dask.run_dask`).
    jobs : int
        Local engine: extraction processes.
    scheduler : str, optional
        Dask: address of a running scheduler (``tcp://host:8786``); None starts a LocalCluster.
    workers : int
        Dask without *scheduler*: worker processes of the LocalCluster (one thread each).
    memory_limit : str or float, optional
        Dask: memory per LocalCluster worker (``"4GiB"``); workers spill to disk above it.
    chunk_bytes : int, optional
        Dask: input bytes per map partition; None is
        :data:`~guanxi.graph.distributed.DEFAULT_CHUNK_BYTES`.
    shuffle_method : {"p2p", "tasks"}, optional
        Dask: the shuffle of the reduce; None chooses by the size of the tables.
    """

    engine: str = "local"
    jobs: int = 1
    scheduler: str | None = None
    workers: int = 2
    memory_limit: str | float | None = None
    chunk_bytes: int | None = None
    shuffle_method: str | None = None

    def __post_init__(self) -> None:
        _one_of("engine", self.engine, ENGINES)
        _int("jobs", self.jobs, 1)
        _text("scheduler", self.scheduler)
        _int("workers", self.workers, 1)
        if self.memory_limit is not None and (
            isinstance(self.memory_limit, bool) or not isinstance(self.memory_limit, str | int | float)
        ):
            raise OptionError(
                f"memory_limit: expected a size such as '4GiB' or bytes, got {self.memory_limit!r}"
            )
        if self.chunk_bytes is not None:
            _int("chunk_bytes", self.chunk_bytes, 1)
        if self.shuffle_method is not None:
            _one_of("shuffle_method", self.shuffle_method, SHUFFLE_METHODS)


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """Where and how ``guanxi load`` (and ``guanxi build --neo4j``) writes a graph into Neo4j.

    Settings left None come from ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_DATABASE`` and
    ``NEO4J_PASSWORD`` (see docs/neo4j.md).

    Attributes
    ----------
    uri, user, database : str, optional
        Bolt URI, user name and database.
    password : str, optional
        The password (``--password-stdin``); never shown in the repr.
    batch_size : int
        Node rows per transaction (relationships: 5 times as many).
    sessions : int
        Transactions written at once, on batches of disjoint labels.
    wipe : bool
        First delete every node with a guanxi label.
    full : bool
        Send the whole graph (merged into what is there) even when only the changes since the
        recorded load of the folder could be sent (see docs/updates.md).
    """

    uri: str | None = None
    user: str | None = None
    database: str | None = None
    password: str | None = field(default=None, repr=False)
    batch_size: int = 1000
    sessions: int = 2
    wipe: bool = False
    full: bool = False

    def __post_init__(self) -> None:
        for name in ("uri", "user", "database"):
            _text(name, getattr(self, name))
        if self.password is not None and not isinstance(self.password, str):
            raise OptionError("password: expected a string or None")  # the value is never shown
        _int("batch_size", self.batch_size, 1)
        _int("sessions", self.sessions, 1)
        _bool("wipe", self.wipe)
        _bool("full", self.full)


def split_options(fields: Mapping[str, Any], *kinds: Any, where: str = "options") -> tuple[Any, ...]:
    """One options object of each class in *kinds*, from *fields* named after their attributes.

    Each kind is a class (defaults for what *fields* does not name) or an instance (*fields*
    replace its values). A name no kind has is a TypeError, as for an unknown keyword argument
    of *where*. This lets ``build(paths, out, html=False, workers=4)`` stand for
    ``build(paths, out, BuildOptions(html=False), EngineOptions(workers=4))``.
    """
    rest = dict(fields)
    made = []
    for kind in kinds:
        cls = kind if isinstance(kind, type) else type(kind)
        names = {f.name for f in dataclasses.fields(cls)}
        mine = {k: rest.pop(k) for k in list(rest) if k in names}
        made.append(cls(**mine) if isinstance(kind, type) else dataclasses.replace(kind, **mine))
    if rest:
        raise TypeError(f"{where}() got an unexpected keyword argument {next(iter(rest))!r}")
    return tuple(made)
