"""The run report: what was read, what was written, and every input that was rejected."""

from __future__ import annotations

from dataclasses import dataclass, field

from guanxi.model import Problem

_FIRST_IDS = 20


@dataclass(slots=True)
class RunReport:
    """Counts and problems of one run. Mutable: stages add to it as they go.

    ``without_home`` maps an input file to the ids of its pages (or records) whose home could not
    be determined: their bare 市委/县委 stay unqualified (see :meth:`no_home`).
    ``persons_without_home`` counts their person mentions that joined the one person of the same
    name with a home, and those kept apart because several fit
    (:meth:`~guanxi.graph.resolve.HomelessPersons.to_dict`).

    ``inputs`` counts input files (named, or found in folders) and folders that could not be
    listed, each once, whatever the number of pages or records in them: see :meth:`saw`;
    ``input_paths`` names them (what ``build --update`` adds its inputs to). ``update`` holds what
    an update did with the pages (:class:`~guanxi.update.UpdateCounts`), None for a full build.
    """

    inputs: int = 0
    pages: int = 0
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    without_home: dict[str, list[str]] = field(default_factory=dict)
    persons_without_home: dict[str, object] = field(default_factory=dict)
    # The hand corrections of --corrections, each with its status and count (Corrections.report).
    corrections: list[dict] = field(default_factory=list)
    input_paths: list[str] = field(default_factory=list)
    update: dict[str, int | str] | None = None
    _last_path: str | None = field(default=None, repr=False)

    def saw(self, path: str) -> bool:
        """Count the input of an item read (a page, a record or a problem, in reading order):
        a new input begins where the path changes. True when it did."""
        if path == self._last_path:
            return False
        self._last_path = path
        self.inputs += 1
        self.input_paths.append(path)
        return True

    def no_home(self, path: str, page_id: str) -> None:
        """Note a page of *path* whose home could not be determined."""
        self.without_home.setdefault(path, []).append(page_id)

    @property
    def pages_without_home(self) -> int:
        return sum(len(v) for v in self.without_home.values())

    @property
    def exit_code(self) -> int:
        """0 when everything was read, 1 when some inputs were rejected (output still written)."""
        return 1 if self.problems else 0

    @property
    def nothing_read(self) -> bool:
        """True when inputs were rejected and no page was read: no output may be replaced."""
        return self.pages == 0 and bool(self.problems)

    def to_dict(self) -> dict:
        extra = {"corrections": self.corrections} if self.corrections else {}
        data = extra | {
            "inputs": self.inputs,
            "input_paths": list(dict.fromkeys(self.input_paths)),  # each once, in reading order
            "pages": self.pages,
            "articles": self.articles,
            "problems": [p.to_dict() for p in self.problems],
            "counts": dict(sorted(self.counts.items())),
            "outputs": list(self.outputs),
            "without_home": {
                "pages": self.pages_without_home,
                # Every file, with its count and its first page ids (all of them are in
                # extractions.jsonl with an empty "home").
                "files": {
                    path: {"pages": len(ids), "first": ids[:_FIRST_IDS]}
                    for path, ids in sorted(self.without_home.items())
                },
            },
        }
        if self.persons_without_home:
            data["without_home"]["persons"] = dict(self.persons_without_home)
        if self.update is not None:
            data["update"] = dict(self.update)
        return data
