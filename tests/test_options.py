"""The run settings (guanxi.options): checked when made, frozen, and the same through every entry point."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from guanxi.cli.load import load_out_dir
from guanxi.model import Home
from guanxi.options import BuildOptions, EngineOptions, LoadOptions, OptionError, split_options
from guanxi.runner import build, build_from_extractions

sys.path.insert(0, str(Path(__file__).resolve().parent / "graph"))
from pages_fixtures import sample_pages

FILES = ("nodes.jsonl", "edges.jsonl", "graph.graphml", "graph.gexf", "graph.json")


@pytest.mark.parametrize(
    ("kind", "values", "option"),
    [
        (BuildOptions, {"min_weight": 0}, "min_weight"),
        (BuildOptions, {"min_weight": "2"}, "min_weight"),
        (BuildOptions, {"window": -1}, "window"),
        (BuildOptions, {"since": "May"}, "since"),
        (BuildOptions, {"until": "2024-02-30"}, "until"),
        (BuildOptions, {"labels": "Person"}, "labels"),  # a string is no list of labels
        (BuildOptions, {"labels": ["Person", "Persons"]}, "labels"),
        (BuildOptions, {"home": "山西省/长治市"}, "home"),
        (BuildOptions, {"html": "no"}, "html"),
        (EngineOptions, {"engine": "spark"}, "engine"),
        (EngineOptions, {"jobs": 0}, "jobs"),
        (EngineOptions, {"workers": True}, "workers"),
        (EngineOptions, {"chunk_bytes": 0}, "chunk_bytes"),
        (EngineOptions, {"shuffle_method": "disk"}, "shuffle_method"),
        (EngineOptions, {"memory_limit": []}, "memory_limit"),
        (LoadOptions, {"batch_size": 0}, "batch_size"),
        (LoadOptions, {"sessions": -2}, "sessions"),
        (LoadOptions, {"uri": 7687}, "uri"),
        (LoadOptions, {"full": "yes"}, "full"),
    ],
)
def test_a_bad_value_is_one_error_naming_the_option(kind, values, option):
    with pytest.raises(OptionError) as err:
        kind(**values)
    message = str(err.value)
    assert message.startswith(f"{option}: ") and "\n" not in message


def test_values_are_kept_in_one_form_and_cannot_change():
    options = BuildOptions(labels=["Person", "Place"], since="20240301", until="2024-03-31")
    assert options.labels == ("Person", "Place")
    assert (options.since, options.until) == ("2024-03-01", "2024-03-31")
    assert not BuildOptions().filtered and BuildOptions(min_weight=2).filtered and options.filtered
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.min_weight = 3  # type: ignore[misc]
    assert BuildOptions(home=Home.parse("山西省/长治市")).home == Home("山西省", "长治市")


def test_the_password_is_never_shown():
    options = LoadOptions(uri="bolt://db:7687", password="s3cret-Pw")
    assert "s3cret-Pw" not in repr(options) and "bolt://db:7687" in repr(options)
    with pytest.raises(OptionError) as err:
        LoadOptions(password=123456)  # type: ignore[arg-type]
    assert "123456" not in str(err.value)


def test_split_options_sorts_keywords_into_their_objects():
    base = BuildOptions(min_weight=3)
    options, engine = split_options({"html": False, "workers": 4, "since": "2024-01-01"}, base, EngineOptions)
    assert options == BuildOptions(min_weight=3, html=False, since="2024-01-01")
    assert engine == EngineOptions(workers=4)
    with pytest.raises(TypeError, match="build\\(\\) got an unexpected keyword argument 'worker'"):
        split_options({"worker": 4}, BuildOptions, EngineOptions, where="build")


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_an_options_object_and_the_same_keywords_build_the_same_files(tmp_path: Path):
    filters = {"labels": ["Person", "Organization"], "min_weight": 1, "since": "2024-05-06", "html": False}
    build_from_extractions(sample_pages(), tmp_path / "keywords", **filters)
    build_from_extractions(sample_pages(), tmp_path / "object", BuildOptions(**filters))
    assert _files(tmp_path / "keywords") == _files(tmp_path / "object")
    # the filters did act: only the two labels are left
    nodes = (tmp_path / "object" / "nodes.jsonl").read_text(encoding="utf-8")
    assert '"label":"Person"' in nodes and '"label":"Organization"' in nodes
    assert '"label":"Place"' not in nodes and '"label":"Event"' not in nodes


def test_a_bad_option_stops_the_build_before_it_writes(tmp_path: Path):
    with pytest.raises(OptionError, match=r"^engine: "):
        build(["seeds"], tmp_path / "out", engine="spark")
    with pytest.raises(OptionError, match=r"^window: "):
        build_from_extractions(sample_pages(), tmp_path / "out", window=-1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'workers'"):
        build_from_extractions(sample_pages(), tmp_path / "out", workers=2)  # no engine here
    assert list(tmp_path.iterdir()) == []


def test_load_options_reach_the_loader(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # The URI of the options is checked first, and named as the user gave it (--uri): no server needed.
    code = load_out_dir(tmp_path, LoadOptions(uri="http://127.0.0.1:7474"), quiet=True)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: --uri: 'http://127.0.0.1:7474': scheme 'http' is not a Bolt scheme")
