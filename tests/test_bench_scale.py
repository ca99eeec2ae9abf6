"""``storyline bench scale``: corpus selection, the measured runs and the derived figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.bench import scale
from storyline.cli import app
from storyline.ingest import demo_paths


@pytest.fixture
def root(tmp_path) -> Path:
    """Two T17-shaped source folders holding the demo articles (and one empty file)."""
    for number, path in enumerate(demo_paths()):
        folder = tmp_path / ("a" if number < 3 else "b") / "InputDocs" / "2019-07-12"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
    (tmp_path / "b" / "InputDocs" / "2019-07-12" / "empty.txt").write_text("")
    return tmp_path


def test_corpus_takes_evenly_spaced_non_empty_files(root):
    every = scale.corpus(root)
    assert len(every) == 5 and every == sorted(every)
    assert scale.corpus(root, 3) == [every[0], every[1], every[3]]
    assert scale.corpus(root, 50) == every
    with pytest.raises(FileNotFoundError):
        scale.corpus(root / "a" / "InputDocs")


def test_runs_and_growth_are_measured_and_printed(root, nlp, tmp_path):
    out = tmp_path / "scale.json"
    args = ["bench", "scale", str(root), "--executor", "inprocess", "--articles", "2", "5"]
    result = CliRunner().invoke(app, [*args, "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    small, large = figures["runs"]
    assert (small["articles"], large["articles"]) == (2, 5)
    assert set(large["phases_s"]) == {"read", "dedup", "analyse", "assemble", "digest"}
    assert large["worker_peak_rss_mib"] and large["events"] > small["events"]
    (growth,) = figures["summary"]["corpus_wide_growth"]
    assert growth["article_ratio"] == 2.5 and len(growth["assemble"]) == 3
    assert "| inprocess | 1 | 5 |" in result.output
    assert "corpus-wide, inprocess 1 workers, articles 2→5 (2.5x)" in result.output
