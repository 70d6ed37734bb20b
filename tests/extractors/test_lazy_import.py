"""Reading and segmenting do not load spaCy; the extraction API loads it on first use."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
import guanxi.extractors.read, guanxi.extractors.segment
assert "spacy" not in sys.modules, "reading imported spaCy"
from guanxi.extractors import extract, extract_pages, make_nlp
assert callable(extract) and extract.__name__ == "extract"
assert "spacy" in sys.modules
import guanxi.extractors
assert guanxi.extractors.extract is extract
assert guanxi.extractors.extract_pages is extract_pages
print("ok")
"""


def test_read_does_not_import_spacy_and_extract_stays_the_function():
    out = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
