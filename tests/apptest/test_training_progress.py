"""The progress a training draws (ui.widgets.TrainingProgress), with stand-ins for its placeholders:
the bar moves at every report, the loss curve is redrawn at most every CHART_SECONDS."""

from __future__ import annotations

from ui import widgets


class Placeholder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def progress(self, value, text) -> None:
        self.calls.append(("progress", value, text))

    def plotly_chart(self, figure, key) -> None:
        self.calls.append(("chart", len(figure.data[0].y)))

    def empty(self) -> None:
        self.calls.append(("empty",))


def test_the_bar_follows_every_report_and_the_curve_is_redrawn_at_most_every_chart_seconds(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(widgets.time, "monotonic", lambda: clock[0])
    bar, chart, status = Placeholder(), Placeholder(), Placeholder()
    progress = widgets.TrainingProgress(120, bar, chart, status)

    for done in range(10, 130, 10):  # twelve reports within one instant: a quick training
        progress.on_progress(done, 120, [1.0 / done] * done)
    assert [call[2] for call in bar.calls][-1].startswith("Epoch 120 of 120")
    assert len(bar.calls) == 12
    assert chart.calls == [("chart", 10)]  # drawn at the first report only

    clock[0] += widgets.CHART_SECONDS / 2
    progress.on_progress(120, 120, [0.5] * 120)
    assert len(chart.calls) == 1
    clock[0] += widgets.CHART_SECONDS / 2
    progress.on_progress(120, 120, [0.5] * 120)
    assert chart.calls[-1] == ("chart", 120) and len(chart.calls) == 2
