"""Text normalization shared by column matching, label matching and routing answers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2019": "'", "\u2018": "'"})
WHITESPACE = re.compile(r"\s+")
TRAILING_MARKS = " :*?"


def fold_text(text: str) -> str:
    """Return ``text`` case-folded, NFKC-normalized, with one space between words and no trailing ``:*?``.

    Unlike ``normalize_text`` it keeps no cache, so personal values folded with it do not stay in memory.
    """
    text = unicodedata.normalize("NFKC", text).translate(DASHES)
    text = text.replace("\ufeff", "").casefold()
    text = WHITESPACE.sub(" ", text).strip()
    return text.rstrip(TRAILING_MARKS).strip()


@lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """Return ``fold_text(text)``, cached for the titles, labels and answers that repeat in every row."""
    return fold_text(text)


def words_of(text: str) -> str:
    """Return ``text`` normalized with punctuation replaced by spaces, for loose comparisons."""
    text = re.sub(r"[^\w]+", " ", normalize_text(text))
    return WHITESPACE.sub(" ", text).strip()
