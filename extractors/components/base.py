"""What every guanxi spaCy component shares, written the way spaCy's custom components are.

- **Error handling**: ``__call__`` runs :meth:`Component.process`; an exception goes to the
  component's error handler (spaCy's protocol: ``get_error_handler``/``set_error_handler``, set
  for the whole pipeline by ``nlp.set_error_handler``). The default handler raises, as in spaCy;
  :func:`guanxi.extractors.extensions.record_error` notes the failure on the Doc instead, and
  the Doc goes on through the pipeline (also in ``nlp.pipe``, which would drop it otherwise).
- **Resources**: :meth:`Component.load` reads the component's lexicons (once per process: they
  are cached by the modules that parse them). ``nlp.initialize()`` calls it through
  :meth:`Component.initialize`; ``spacy.load`` of a saved pipeline through ``from_disk``.
  Nothing is read when a module is imported.
- **Serialization**: ``to_disk``/``to_bytes`` save the package resource files the component reads
  (:attr:`Component.resources`) with the pipeline; ``from_disk``/``from_bytes`` check that the
  installed guanxi reads the same bytes, since the rules read the installed lexicons: a pipeline
  saved by another version of guanxi fails to load with :class:`ResourceMismatchError` rather
  than extract something else. Components with their own data (the name model) add it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.tokens import Doc
from spacy.util import ensure_path, raise_error

from guanxi.errors import GuanxiError

__all__ = ["Component", "ErrorHandler", "ResourceMismatchError", "resource_bytes"]

#: spaCy's error handler signature: (component name, component, docs, exception).
ErrorHandler = Callable[[str, Any, list[Doc], Exception], None]


class ResourceMismatchError(GuanxiError):
    """A saved pipeline's lexicon differs from the installed one (saved by another guanxi version)."""


def resource_bytes(name: str) -> bytes:
    """The bytes of the package resource ``guanxi/extractors/resources/<name>``."""
    return files("guanxi.extractors").joinpath("resources", name).read_bytes()


class Component:
    """Base class of the guanxi components (see the module docstring).

    Subclasses set ``name`` in ``__init__``, implement :meth:`process`, list the package files
    their rules read in :attr:`resources` and load them in :meth:`load`.
    """

    name: str
    #: Files of ``guanxi/extractors/resources/`` the component's rules read.
    resources: ClassVar[tuple[str, ...]] = ()
    _error_handler: ErrorHandler = raise_error

    def process(self, doc: Doc) -> Doc:
        """Annotate *doc* (the component's work)."""
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self.process(doc)
        except Exception as e:  # spaCy's pattern: the handler decides (raise by default)
            self.get_error_handler()(self.name, self, [doc], e)
            return doc

    def get_error_handler(self) -> ErrorHandler:
        """The error handler (spaCy's ``raise_error`` unless one was set)."""
        return self._error_handler

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        """Set the error handler (``nlp.set_error_handler`` calls this on every component)."""
        self._error_handler = error_handler

    def load(self) -> None:
        """Read the lexicons the component needs (cached per process; no-op by default)."""

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Any = None) -> None:
        """spaCy's ``initialize``: load the resources before the first Doc."""
        self.load()

    # -- serialization --------------------------------------------------------------------------

    def _saved(self) -> dict[str, bytes]:
        return {name: resource_bytes(name) for name in self.resources}

    def _check(self, saved: dict[str, bytes]) -> None:
        for name in self.resources:
            if name not in saved:
                raise ResourceMismatchError(f"{self.name}: the saved pipeline has no {name}")
            if saved[name] != resource_bytes(name):
                raise ResourceMismatchError(
                    f"{self.name}: resources/{name} of the saved pipeline differs from the installed "
                    "guanxi's (saved by another version): build the pipeline again with make_nlp()"
                )

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The component's resources as msgpack bytes."""
        return srsly.msgpack_dumps(self._saved())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Component:
        """Check the saved resources against the installed ones, then load them."""
        self._check(srsly.msgpack_loads(data))
        self.load()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the component's resource files into the folder *path*."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self._saved().items():
            (path / name).write_bytes(data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Component:
        """Check the resource files in *path* against the installed ones, then load them."""
        path = ensure_path(path)
        self._check({name: (path / name).read_bytes() for name in self.resources if (path / name).is_file()})
        self.load()
        return self
