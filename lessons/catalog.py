"""The lesson map: every page in teaching order. app.py and the home page both read it."""

from __future__ import annotations

from dataclasses import dataclass

OWN_DATA_TAB = "Your data"  # the last tab of every forecasting page: the learner's own series


@dataclass(frozen=True)
class PageEntry:
    section: str
    file: str  # relative to the project root
    title: str
    icon: str
    summary: str

    @property
    def url_path(self) -> str:
        return self.file.removeprefix("pages/").removesuffix(".py")


PAGES: tuple[PageEntry, ...] = (
    PageEntry("Start", "pages/home.py", "Home", ":material/home:",
              "What Shape Lab teaches and where to begin."),
    PageEntry("The input shape", "pages/input_layer.py", "The LSTM input layer", ":material/view_in_ar:",
              "Samples, timesteps and features as a 3D array, and how a model declares its input."),
    PageEntry("The input shape", "pages/one_series.py", "One series, one feature", ":material/timeline:",
              "Reshape a single sequence into (1, timesteps, 1) and watch every number move."),
    PageEntry("The input shape", "pages/parallel_series.py", "Parallel series as features", ":material/table_rows:",
              "Several series side by side become features, not timesteps."),
    PageEntry("The input shape", "pages/padding.py", "Sequences of different lengths", ":material/padding:",
              "Pad short sequences into one 3D array, and watch a Masking layer skip the padding."),
    PageEntry("The input shape", "pages/checklist.py", "Checklist", ":material/checklist:",
              "The rules of LSTM input, each one something to try."),
    PageEntry("Forecasting", "pages/univariate.py", "Univariate models", ":material/show_chart:",
              "Windows of one series and five LSTM variants: vanilla to ConvLSTM."),
    PageEntry("Forecasting", "pages/multivariate.py", "Multivariate models", ":material/stacked_line_chart:",
              "Several input series, and several series forecast in parallel."),
    PageEntry("Forecasting", "pages/multi_step.py", "Multi-step models", ":material/trending_up:",
              "Predict two steps at once: vector output and encoder-decoder."),
    PageEntry("Forecasting", "pages/multivariate_multi_step.py", "Multivariate multi-step models",
              ":material/multiline_chart:", "Many series in, several steps out."),
    PageEntry("Beyond the toys", "pages/memory.py", "Memory: what only an LSTM can learn", ":material/memory:",
              "A stateful LSTM remembers the first value of a sequence; a dense network cannot."),
    PageEntry("Beyond the toys", "pages/real_data.py", "From a real table to 3D", ":material/dataset:",
              "1,000 series of 3,125 steps: the ways to frame them, and your own CSV."),
    PageEntry("Debugging", "pages/debugger.py", "Shape debugger", ":material/bug_report:",
              "Paste your error or describe your arrays; see why it fails and get the fix."),
)


def sections() -> dict[str, list[PageEntry]]:
    """Pages grouped by section, in order."""
    grouped: dict[str, list[PageEntry]] = {}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
