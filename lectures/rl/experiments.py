"""The lecture's runs: the course's loops (13wk-2, 14wk-1, 14wk-2) under ``engine.Recorder(None, None)``.

The notes do not seed these runs; ours draw every random choice from ``numpy.random.default_rng(SEED)``
(the parts say so on screen). Nothing here trains a torch model: each loop hands what the lecture shows
(an action, a reward, a q-table, an episode's score, the agent's path) to ``rec.log``.
"""

from __future__ import annotations

import numpy as np

import engine
from lectures.rl.env import ALPHA, AgentExplorer, AgentGreedy, AgentRandom, Bandit, GridWorld, play_episode, q_target

SEED = 43052
BANDIT = "rl/bandit"
GRID_RANDOM = "rl/grid-random"
GRID_UNDERSTAND = "rl/grid-understand"
GRID_GREEDY = "rl/grid-greedy"
GRID_EXPLORER = "rl/grid-explorer"
#: the notes' "game clear": after 20 tries, the mean of the last 20 rewards above 9.5
CLEAR_AFTER, CLEAR_MEAN = 20, 9.5


def _cleared(t: int, rewards) -> bool:
    return t > CLEAR_AFTER and np.mean(rewards[-CLEAR_AFTER:]) > CLEAR_MEAN


class BanditLearner:
    """13wk-2 D: random for 20 tries, then buttons with probabilities q_table / q_table.sum()."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.action_space = [0, 1]
        self.action = self.reward = None
        self.actions, self.rewards = [], []
        self.q_table = np.array([0.001, 0.001])
        self.n_experience = 0

    def act(self):
        if self.n_experience <= 20:
            self.action = int(self.rng.choice(self.action_space))
        else:
            prob = self.q_table / self.q_table.sum()
            self.action = int(self.rng.choice(self.action_space, p=prob))

    def save_experience(self):
        self.actions.append(self.action)
        self.rewards.append(self.reward)
        self.n_experience += 1

    def learn(self):
        if self.n_experience >= 20:
            actions, rewards = np.array(self.actions), np.array(self.rewards)
            self.q_table = np.array([rewards[actions == 0].mean(), rewards[actions == 1].mean()])


@engine.experiment(BANDIT)
def bandit():
    """Three agents on the Bandit, 50 tries at most each: random, human (always button 1), learning."""
    rng = np.random.default_rng(SEED)
    env = Bandit()
    with engine.Recorder(None, None) as rec:
        for who, choose in (("random", lambda: int(rng.choice([0, 1]))), ("human", lambda: 1)):
            rewards = []
            for t in range(1, 51):
                action = choose()
                rewards.append(env.step(action))
                rec.log(f"{who}.action", action)
                rec.log(f"{who}.reward", rewards[-1])
                rec.log(f"{who}.mean20", float(np.mean(rewards[-CLEAR_AFTER:])))
                if _cleared(t, rewards):
                    break
        agent = BanditLearner(rng)
        for t in range(1, 51):
            agent.act()
            agent.reward = env.step(agent.action)
            agent.save_experience()
            agent.learn()
            rec.log("learner.action", agent.action)
            rec.log("learner.reward", agent.reward)
            rec.log("learner.mean20", float(np.mean(agent.rewards[-CLEAR_AFTER:])))
            rec.log("learner.q", agent.q_table.astype(float))
            rec.log("learner.prob", agent.q_table / agent.q_table.sum())
            if _cleared(t, agent.rewards):
                break
    return rec


@engine.experiment(GRID_RANDOM)
def grid_random():
    """14wk-1 B: a random agent plays 50 episodes of 100 steps at most; every state it reaches is kept."""
    env = GridWorld(np.random.default_rng(SEED))
    agent = AgentRandom(env)
    with engine.Recorder(None, None) as rec:
        for _ in range(50):
            play_episode(env, agent, max_steps=100)
            rec.log("score", agent.scores[-1])
            rec.log("playtime", agent.playtimes[-1])
        for state, action, reward in zip(agent.next_states, agent.actions, agent.rewards):
            rec.log("next_state", np.asarray(state))
            rec.log("action", int(action))
            rec.log("reward", reward)
    return rec


@engine.experiment(GRID_UNDERSTAND)
def grid_understand():
    """14wk-2 A-B: 10000 random episodes (50 steps at most), then three readings of the data as a q_table:
    the mean reward of each (state, action), the same learnt at rate 0.05, and the Bellman target."""
    env = GridWorld(np.random.default_rng(SEED))
    agent = AgentRandom(env)
    for _ in range(10000):
        play_episode(env, agent, max_steps=50)
    n = agent.n_experiences
    with engine.Recorder(None, None) as rec:
        rec.log("n_experiences", n)
        total, count = np.zeros([4, 4, 4]), np.zeros([4, 4, 4])
        for i in range(n):
            s1, s2 = agent.current_states[i]
            total[s1, s2, agent.actions[i]] += agent.rewards[i]
            count[s1, s2, agent.actions[i]] += 1
        rec.log("q.sum", total)
        count[count == 0] = 0.01
        rec.log("q.mean", total / count)
        q_table = np.zeros([4, 4, 4])
        for i in range(n):
            s1, s2 = agent.current_states[i]
            a = agent.actions[i]
            q_table[s1, s2, a] += ALPHA * (agent.rewards[i] - q_table[s1, s2, a])
        rec.log("q.reward", q_table)
        q_table = np.zeros([4, 4, 4])
        for i in range(n):
            s1, s2 = agent.current_states[i]
            a = agent.actions[i]
            q = q_target(q_table, agent.rewards[i], agent.next_states[i], agent.terminations[i])
            q_table[s1, s2, a] += ALPHA * (q - q_table[s1, s2, a])
            if (i + 1) % 1000 == 0 or i + 1 == n:
                rec.log("q.bellman.snapshot", q_table)
                rec.log("q.bellman.seen", i + 1)
        rec.log("q.bellman", q_table)
    return rec


def _q_learning(agent: AgentGreedy, env: GridWorld, rec, explorer: bool) -> None:
    """14wk-2 E / 5-B: 3000 episodes of 50 steps at most, each episode's score, playtime and q_table kept."""
    for _ in range(3000):
        play_episode(env, agent, max_steps=50)
        if explorer:
            agent.eps = agent.eps * 0.999
            rec.log("eps", float(agent.eps))
        rec.log("score", agent.scores[-1])
        rec.log("playtime", agent.playtimes[-1])
        rec.log("experiences", agent.n_experiences)
        rec.log("q", agent.q_table)
    last = agent.playtimes[-1]
    rec.log("path", np.array([[0, 0]] + [list(s) for s in agent.next_states[-last:]]))


@engine.experiment(GRID_GREEDY)
def grid_greedy():
    """14wk-2 D-E: AgentGreedy (random for 3000 experiences, then argmax) learning by Q-learning."""
    env = GridWorld(np.random.default_rng(SEED))
    with engine.Recorder(None, None) as rec:
        _q_learning(AgentGreedy(env), env, rec, explorer=False)
    return rec


@engine.experiment(GRID_EXPLORER)
def grid_explorer():
    """14wk-2 5: AgentExplorer, eps from 1 shrinking by 0.999 an episode."""
    env = GridWorld(np.random.default_rng(SEED))
    agent = AgentExplorer(env)
    agent.eps = 1
    with engine.Recorder(None, None) as rec:
        _q_learning(agent, env, rec, explorer=True)
    return rec
