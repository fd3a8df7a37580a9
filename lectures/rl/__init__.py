"""The rl lecture (course notes 13wk-2, 14wk-1, 14wk-2): the Bandit game with a random, a human and a learning
agent; the 4x4 GridWorld and its rewards; a random agent's episodes; the q_table from random play and the
Bellman equation; AgentGreedy learning by Q-learning (the table and its greedy arrows over episodes); the
score per episode of the greedy and the exploring agent. Every run is the notes' loop on numpy, seeded."""

from . import experiments  # noqa: F401  (registers the runs; discovery imports .parts, the lesson)
