"""Inside the LSTM: the trained cell stepped through in NumPy, what `units` is, `return_sequences` seen.

- `cell`: one LSTM (one direction) step by step in NumPy from Keras 3's weight layout
  (kernel, recurrent_kernel, bias; gates in the order i, f, c, o), every gate kept;
- `records`: a trained Keras model's layers as plain data (`LayerRecord`: settings and read-only
  NumPy weights), made inside a job and carried in a training's result;
- `forward`: a lesson's whole model run again in NumPy from its records, every recurrent layer's
  steps kept (stacked layers, both directions of a Bidirectional, the CNN-LSTM's CNN, ConvLSTM2D);
- `units`: weight shapes and parameter counts, with the formula and the lesson's numbers;
- `sequences`: the recurrent layers' return_sequences switches and `probe_job`, which builds the
  model the learner set up and runs one training step in Keras;
- `stepping`: the windows to pick from and the memory lesson's keeper unit, read off the numbers;
- `figures`: one step as a picture.

No Keras at import: only `probe_job` imports it, inside the job.
"""

from lessons.inside.cell import GATE_NAMES, GATE_ORDER, CellTrace, LSTMWeights, UnsupportedLayer, run_lstm
from lessons.inside.figures import step_figure, vector_text
from lessons.inside.forward import ModelRun, RecurrentLayer, lstm_weights, run_conv_lstm, run_model
from lessons.inside.records import LayerRecord, layer_record, layer_records
from lessons.inside.sequences import Probe, Switch, axis_names, input_names, plan_with, probe_job, switches
from lessons.inside.stepping import Keeper, Window, forecast_windows, layer_title, memory_keeper, value_range
from lessons.inside.units import (
    RecurrentCount,
    RecurrentOutput,
    conv_lstm_parameters,
    lstm_parameters,
    recurrent_counts,
    recurrent_output,
    weight_shapes,
)

__all__ = [
    "GATE_NAMES", "GATE_ORDER", "CellTrace", "Keeper", "LSTMWeights", "LayerRecord", "ModelRun", "Probe",
    "RecurrentCount", "RecurrentLayer", "RecurrentOutput", "Switch", "UnsupportedLayer", "Window", "axis_names",
    "conv_lstm_parameters", "forecast_windows", "input_names", "layer_record", "layer_records", "layer_title",
    "lstm_parameters", "lstm_weights", "memory_keeper", "plan_with", "probe_job", "recurrent_counts", "recurrent_output",
    "run_conv_lstm", "run_lstm", "run_model", "step_figure", "switches", "value_range", "vector_text",
    "weight_shapes",
]
