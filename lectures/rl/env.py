"""The course's games and agents (13wk-2, 14wk-1, 14wk-2), as the notes write them, on numpy alone.

The notes take ``Discrete`` and ``MultiDiscrete`` from ``gymnasium.spaces``; gymnasium is not installed
here, so :class:`Discrete` and :class:`MultiDiscrete` are their few lines of logic (``sample()`` and
``in``), drawing from one seeded ``numpy.random.Generator`` instead of gym's own unseeded one.
"""

from __future__ import annotations

import numpy as np

#: action -> (row, col) step, as the notes' ``action_to_direction``
ACTION_TO_DIRECTION = {0: np.array([1, 0]), 1: np.array([0, 1]), 2: np.array([-1, 0]), 3: np.array([0, -1])}
ACTION_NAMES = {0: "down", 1: "right", 2: "up", 3: "left"}
GOAL = np.array([3, 3])
GAMMA, ALPHA = 0.99, 0.05


class Discrete:
    """``gym.spaces.Discrete(n)``: the integers 0..n-1."""

    def __init__(self, n: int, rng: np.random.Generator):
        self.n, self.rng = n, rng

    def sample(self) -> int:
        return int(self.rng.integers(self.n))

    def __contains__(self, x) -> bool:
        return 0 <= int(x) < self.n


class MultiDiscrete:
    """``gym.spaces.MultiDiscrete(nvec)``: integer vectors with 0 <= x[i] < nvec[i]."""

    def __init__(self, nvec, rng: np.random.Generator):
        self.nvec, self.rng = np.asarray(nvec), rng

    def sample(self) -> np.ndarray:
        return self.rng.integers(self.nvec)

    def __contains__(self, x) -> bool:
        x = np.asarray(x)
        return bool(np.all(x >= 0) and np.all(x < self.nvec))


class Bandit:
    """13wk-2: button 0 pays 1, button 1 pays 10."""

    def step(self, agent_action):
        return 1 if agent_action == 0 else 10


class GridWorld:
    """14wk-1: start (0, 0), +100 at (3, 3), -10 for leaving the board (both end the episode), -1 a step."""

    def __init__(self, rng: np.random.Generator):
        self.state_space = MultiDiscrete([4, 4], rng)
        self.action_space = Discrete(4, rng)
        self.reset()

    def step(self, action):
        self.state = self.state + ACTION_TO_DIRECTION[int(action)]
        if np.array_equal(self.state, GOAL):
            self.reward, self.terminated = 100, True
        elif self.state not in self.state_space:
            self.reward, self.terminated = -10, True
        else:
            self.reward = -1
        return self.state, self.reward, self.terminated

    def reset(self):
        self.state = np.array([0, 0])
        self.terminated = False
        return self.state


class AgentRandom:
    """14wk-1: acts at random and keeps every experience (the replay buffer)."""

    def __init__(self, env: GridWorld):
        self.action_space, self.state_space = env.action_space, env.state_space
        self.action = self.current_state = self.reward = self.next_state = self.terminated = None
        self.actions, self.current_states, self.rewards, self.next_states, self.terminations = [], [], [], [], []
        self.n_episodes = self.n_experiences = self.score = 0
        self.playtimes, self.scores = [], []

    def act(self):
        self.action = self.action_space.sample()

    def learn(self):
        pass

    def save_experience(self):
        self.current_states.append(self.current_state)
        self.actions.append(self.action)
        self.rewards.append(self.reward)
        self.next_states.append(self.next_state)
        self.terminations.append(self.terminated)
        self.n_experiences += 1
        self.score += self.reward


def q_target(q_table, reward, next_state, terminated) -> float:
    """The Bellman target: r if the episode ended, else r + 0.99 max_a q(s', a)."""
    if terminated:
        return reward
    ss1, ss2 = next_state
    return reward + GAMMA * q_table[ss1, ss2, :].max()


class AgentGreedy(AgentRandom):
    """14wk-2: Q-learning; random for the first 3000 experiences, then argmax of its q_table."""

    def __init__(self, env: GridWorld):
        super().__init__(env)
        self.q_table = np.zeros([4, 4, 4])

    def learn(self):
        s1, s2 = self.current_state
        a = self.action
        q_hat = self.q_table[s1, s2, a]
        q = q_target(self.q_table, self.reward, self.next_state, self.terminated)
        self.q_table[s1, s2, a] = q_hat + ALPHA * (q - q_hat)

    def act(self):
        if self.n_experiences < 3000:
            self.action = self.action_space.sample()
        else:
            s1, s2 = self.current_state
            self.action = int(self.q_table[s1, s2, :].argmax())


class AgentExplorer(AgentGreedy):
    """14wk-2: with probability eps a random action, else greedy."""

    def __init__(self, env: GridWorld):
        super().__init__(env)
        self.eps = 0

    def act(self):
        if self.action_space.rng.random() < self.eps:
            self.action = self.action_space.sample()
        else:
            super().act()


def play_episode(env: GridWorld, agent: AgentRandom, max_steps: int) -> int:
    """One episode of the notes' loop (act, step, save & learn, move on); returns its playtime."""
    agent.current_state = env.reset()
    agent.terminated = False
    agent.score = 0
    for t in range(1, max_steps + 1):   # noqa: B007 - t is the playtime, read after the loop
        agent.act()
        agent.next_state, agent.reward, agent.terminated = env.step(agent.action)
        agent.save_experience()
        agent.learn()
        agent.current_state = agent.next_state
        if agent.terminated:
            break
    agent.scores.append(agent.score)
    agent.playtimes.append(t)
    agent.n_episodes += 1
    return t
