"""Han characters: the one definition of which characters are Chinese ideographs.

Every rule that asks "is this a Chinese character" (a name of two to four of them, a run of text,
a township before 镇) reads :data:`HAN`. It holds the common ideographs (U+4E00..U+9FFF) and the
rare ones names and places are still printed with: Extension A (U+3400..U+4DBF, such as 䶮)
and the ideographs of planes 2 and 3 (Extensions B..H, such as 𬭚; the 2013 list of standard
characters took some of them in for names), plus the compatibility ideographs (U+F900..U+FAFF). The Yijing hexagram symbols between Extension A and the common
block (U+4DC0..U+4DFF) are no characters of any name: they stay out.

Examples
--------
>>> bool(HAN_CHAR.fullmatch("䶮")), bool(HAN_CHAR.fullmatch("𬭚")), bool(HAN_CHAR.fullmatch("䷀"))
(True, True, False)
>>> is_han("王"), is_han("A"), is_han("，")
(True, False, False)
"""

from __future__ import annotations

import re

__all__ = ["HAN", "HAN_CHAR", "is_han"]

#: The Han ideographs as the body of a regular-expression character class: ``rf"[{HAN}]{{2,4}}"``.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: One Han character.
HAN_CHAR = re.compile(f"[{HAN}]")


def is_han(ch: str) -> bool:
    """True when the character *ch* is in :data:`HAN` (comparisons, no regex: it runs per character)."""
    return (
        "\u4e00" <= ch <= "\u9fff"  # the common block first: nearly every character of a page
        or "\u3400" <= ch <= "\u4dbf"
        or "\U00020000" <= ch <= "\U0003ffff"
        or "\uf900" <= ch <= "\ufaff"
    )
