"""The shared vocabulary of every lesson: axes and their colours, shapes as text, what learners
type (parsing), reshaping and its rules, real library errors captured word for word, and the
array picture. Nothing here imports TensorFlow."""
