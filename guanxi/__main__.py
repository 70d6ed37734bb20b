"""``python -m guanxi``: the ``guanxi`` command line, for an environment without the script on PATH."""

from guanxi.cli import main

main()
