"""The course's LSTM lecture (13wk-1, with 12wk-2's 'abcabC' comparison), built only on the public API.

It teaches the LSTM computation reproduced by hand, gate by gate (i, f, g, o, c, h) on the course's
run (LSTM(4, 2) + Linear(2, 4), 'abcabC' * 50, seed 43052), checked against torch.nn.LSTMCell and
torch.nn.LSTM; the notes' two pictures of the fitted net ((g_t, c_{t-1}) -> c_t and g_t -> h_t); the
algorithm reviewed; why LSTM is strong, beside an RNN of the same size trained the same way; and the
notes' 25 runs of each (12wk-2 4.B, 4.C).
"""

from . import experiments, many_runs  # noqa: F401  (registers the runs; discovery imports .parts, the lesson)
