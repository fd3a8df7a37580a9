"""The ``rnn`` lecture (dl2024 12wk-1, 12wk-2): why a plain net cannot continue 'AbAcAd', the
soy-sauce idea of a hidden state, the course's rNNCell unrolled over time with every h_t from the
run, its probabilities and hidden space, RNNCell = nn.RNN, the hidden-size comparison and
'abcabC', where the RNN struggles."""

from . import experiments  # noqa: F401  (registers the runs; discovery imports .parts, the lesson)
