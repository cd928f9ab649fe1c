"""The memory lesson: a stateful LSTM remembers the first value of a sequence; a dense network cannot."""
