"""What a Keras layer's name says: the model's own input, a recurrent layer, an image layer."""

from __future__ import annotations

import re

RECURRENT = ("lstm", "gru", "simple_rnn", "simplernn", "rnn", "bidirectional")
IMAGE_LAYERS = ("conv2d", "conv_2d", "convolution2d", "convolution3d", "conv_lst_m2d", "convlstm2d", "conv_lstm2d", "conv_lstm_2d", "conv3d",
                "max_pooling2d", "maxpooling2d")


def is_model_input(name: str | None) -> bool:
    """Whether a layer name is the model's input (X as fed), e.g. lstm_1_input, input_3, sequential."""
    low = (name or "").lower()
    return bool(re.search(r"input", low)) or low.startswith(("sequential", "model", "functional"))


def layer_kind(name: str | None) -> str:
    """"recurrent", "image", "conv1d", "dense", "time_distributed" or "" from a Keras layer name."""
    low = (name or "").lower()
    if low.startswith(("sequential", "model", "functional")) or re.fullmatch(r"input(?:_\d+)?|input_layer(?:_\d+)?", low):
        return "input"  # the model's own input: X as fed
    if any(k in low for k in IMAGE_LAYERS) or re.search(r"(?:^|_)conv\d+(?!d)", low):
        return "image"  # (Keras Applications name their Conv2D layers "block1_conv1", "conv1_conv", …)
    if "time_distributed" in low or "timedistributed" in low:
        return "time_distributed"
    if "conv1d" in low or "conv_1d" in low:
        return "conv1d"
    if any(low.startswith(k) or f"/{k}" in low for k in RECURRENT):
        return "recurrent"
    if low.startswith("dense") or low.startswith("flatten"):
        return "dense"
    return ""
