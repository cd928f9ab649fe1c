"""The page's script: the learner's pipeline on their own files, run in a fresh interpreter.

The files are generated here (sine, square, noise) and written where the script looks for them;
the script's printed shapes, classes, split and baseline must be the app's, and its held-out
accuracy the app's too, up to one series (Keras' Adam and the engine's fused kernel agree to float32
rounding, which a training can grow).
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons import real_data as rd
from tests.unit.real_data.labelled_series import labelled_series, labels_csv, long_csv

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "layout, framing, labels_in",
    list(itertools.product(["columns", "rows", "long"], rd.FRAMING_KEYS, ["column", "file"])),
)
def test_every_script_the_page_can_offer_compiles(layout, framing, labels_in):
    if layout == "columns" and labels_in == "column":
        pytest.skip("the page offers no label column when each column is a series")
    choices = rd.ScriptChoices(
        "mine.csv", layout, True, framing, 10, 8, 20,
        label_column="label" if labels_in == "column" else None,
        labels_file="labels.csv" if labels_in == "file" else None, labels_file_column="label",
        id_column="id" if layout == "long" else None, order_column="step" if layout == "long" else None,
        channels=("ch1", "ch2"), unequal=rd.PAD,
    )
    code = rd.classify_script(choices)
    compile(code, rd.SCRIPT_NAME, "exec")
    assert "'mine.csv'" in code and ("'labels.csv'" in code) == (labels_in == "file")
    assert "import lessons" not in code and "from lessons" not in code


def run_script(code: str, where: Path) -> str:
    (where / rd.SCRIPT_NAME).write_text(code)
    done = subprocess.run([sys.executable, rd.SCRIPT_NAME], cwd=where, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "2",
                                            "HOME": str(where)})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def check_against_the_app(out: str, run: rd.ClassifierRun, labels: rd.Labels, series_shape: tuple) -> None:
    counts = ", ".join(f"{name} ({count})" for name, count in zip(labels.names, labels.counts))
    assert f"X: {series_shape} = (series, steps, channels); {len(labels.names)} classes: {counts}" in out
    assert f"trained on {run.train_shape} judged on {run.test_shape} ({run.baseline.series} held-out series)" in out
    assert f"majority baseline: always '{run.baseline.name}', {run.baseline.share:.1%}" in out
    accuracy = float(re.search(r"held-out accuracy: ([\d.]+)% of (\d+) series", out).group(1)) / 100
    assert abs(accuracy - run.series_accuracy) <= 1 / run.baseline.series + 1e-9
    assert out.count("\n") >= 4 + len(labels.names)  # the confusion table, a row per class


@pytest.mark.slow
def test_the_script_reproduces_the_pipeline_on_a_long_file_and_a_labels_file(tmp_path):
    values, names, ids = labelled_series(per_class=6, steps=30, channels=2, seed=5)
    (tmp_path / "my sensors.csv").write_bytes(long_csv(values, ids))
    order = np.random.default_rng(1).permutation(len(ids))
    (tmp_path / "my labels.csv").write_bytes(labels_csv([ids[i] for i in order], [names[i] for i in order]))
    choices = rd.ScriptChoices("my sensors.csv", "long", True, rd.CHUNKS, 10, 10, 30,
                               labels_file="my labels.csv", labels_file_column="label", id_column="id",
                               order_column="step", channels=("ch1", "ch2"))
    out = run_script(rd.classify_script(choices), tmp_path)

    pivot = rd.pivot_long(rd.read_table((tmp_path / "my sensors.csv").read_bytes()), "id", "step", ["ch1", "ch2"])
    labels = rd.labels_from_file(rd.read_table((tmp_path / "my labels.csv").read_bytes()), "label", pivot.ids,
                                 "my labels.csv", "id")
    run = rd.train_classifier(rd.CHUNKS, pivot.values, labels.codes, window=10, chunk=10, updates=30,
                              class_names=labels.names, split=rd.stratified_split(labels.codes))
    check_against_the_app(out, run, labels, pivot.values.shape)


@pytest.mark.slow
def test_the_script_reproduces_windows_of_series_in_rows_with_a_numeric_label_column(tmp_path):
    values, names, _ = labelled_series(per_class=5, steps=24, channels=1, seed=6)
    numbers = {"sine": "1", "square": "2.0", "noise": "10"}  # numbers as labels: 2.0 is class 2
    rows = "\n".join(",".join(f"{v:.5f}" for v in series[:, 0]) + f",{numbers[name]}"
                     for series, name in zip(values, names))
    (tmp_path / "rows.csv").write_text(rows + "\n")  # no header row: columns are 'column 1', …
    table = rd.read_table((tmp_path / "rows.csv").read_bytes())
    label_column = table.columns[-1]
    choices = rd.ScriptChoices("rows.csv", "rows", False, rd.WINDOWS, 6, 6, 20, label_column=label_column)
    out = run_script(rd.classify_script(choices), tmp_path)

    series = rd.numeric_columns(table, [c for c in table.columns if c != label_column])
    labels = rd.labels_from_column(table, label_column)
    assert labels.names == ("1", "2", "10")
    run = rd.train_classifier(rd.WINDOWS, series, labels.codes, window=6, chunk=6, updates=20,
                              class_names=labels.names, split=rd.stratified_split(labels.codes))
    check_against_the_app(out, run, labels, (len(series), 24, 1))


@pytest.mark.slow
def test_the_script_reproduces_series_in_columns_with_a_bare_list_of_labels(tmp_path):
    values, names, _ = labelled_series(per_class=4, steps=20, channels=1, seed=8)
    columns = ";".join(f"s{i}" for i in range(len(names)))  # semicolons, a header of series names
    rows = "\n".join(";".join(f"{v:.5f}" for v in step) for step in values[:, :, 0].T)
    (tmp_path / "wide.csv").write_text(f"{columns}\n{rows}\n")
    (tmp_path / "kinds.txt").write_text("\n".join(names) + "\n")  # no header: the first label comes again below
    labels_table = rd.read_table((tmp_path / "kinds.txt").read_bytes())
    assert labels_table.attrs["first_row"] == 1
    choices = rd.ScriptChoices("wide.csv", "columns", True, rd.CHUNK_STEPS, 5, 5, 15, labels_file="kinds.txt",
                               labels_header=False, labels_file_column="column 1")
    out = run_script(rd.classify_script(choices), tmp_path)

    frame = rd.parse_csv((tmp_path / "wide.csv").read_bytes())
    series = rd.table_to_series(frame, "columns")
    labels = rd.labels_from_file(labels_table, "column 1", tuple(frame.columns), "kinds.txt")
    run = rd.train_classifier(rd.CHUNK_STEPS, series, labels.codes, window=5, chunk=5, updates=15,
                              class_names=labels.names, split=rd.stratified_split(labels.codes))
    check_against_the_app(out, run, labels, (len(names), 20, 1))
