"""engine.SideBySide: n small recurrent nets packed into one block-diagonal net train as each would alone."""

import pytest
import torch

import engine
from engine.numerics import fixed_threads


@pytest.fixture(autouse=True)
def one_thread():
    """As the recordings train (two threads on a busy 2-core machine spin for seconds on 40 tiny steps)."""
    with fixed_threads():
        yield


def data(L=40):
    x = torch.tensor([0, 1, 0, 2, 0, 3] * (L // 6 + 1))[:L + 1]
    return torch.nn.functional.one_hot(x[:-1], 4).float(), torch.nn.functional.one_hot(x[1:], 4).float()


def fresh(kind, seeds, hidden):
    nets, heads = [], []
    for s in seeds:
        torch.manual_seed(s)
        nets.append(kind(4, hidden))
        heads.append(torch.nn.Linear(hidden, 4))
    return nets, heads


def train_alone(net, head, X, y, epochs):
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(list(net.parameters()) + list(head.parameters()), lr=0.1)
    for _ in range(epochs):
        h, _ = net(X)
        loss = loss_fn(head(h), y)
        loss.backward()
        opt.step()
        opt.zero_grad()
    with torch.no_grad():
        h, _ = net(X)
        return h, head(h)


@pytest.mark.parametrize("kind", [torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU])
def test_packed_copies_train_as_each_alone(kind):
    X, y = data()
    seeds, epochs = [0, 1, 2], 15
    runs = engine.SideBySide(*fresh(kind, seeds, 3))
    h0, out0 = runs(X)
    alone0 = [(net(X)[0], head(net(X)[0])) for net, head in zip(*fresh(kind, seeds, 3))]
    for k, (h, out) in enumerate(alone0):                  # the packed net starts as the copies
        torch.testing.assert_close(h0[k], h, atol=1e-6, rtol=0)
        torch.testing.assert_close(out0[k], out, atol=1e-6, rtol=0)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(runs.parameters(), lr=0.1)
    for _ in range(epochs):
        _, out = runs(X)
        runs.loss(out, y, loss_fn).backward()
        opt.step()
        opt.zero_grad()
    with torch.no_grad():
        h, out = runs(X)
    for k, (net, head) in enumerate(zip(*fresh(kind, seeds, 3))):
        h_alone, out_alone = train_alone(net, head, X, y, epochs)
        torch.testing.assert_close(h[k], h_alone, atol=1e-4, rtol=0)
        torch.testing.assert_close(out[k], out_alone, atol=1e-4, rtol=0)
        back_net, back_head = runs.copy(k)
        torch.testing.assert_close(back_head(back_net(X)[0]), out[k], atol=1e-6, rtol=0)
    off = runs.net.weight_hh_l0.detach() * (1 - runs.hh_mask)
    assert off.abs().max() == 0                            # no copy reads another's units


def test_seeded_copies_are_the_runs_one_would_make_one_by_one():
    runs = engine.SideBySide.seeded(torch.nn.LSTM, 4, 2, 4, seeds=[3, 9])
    for k, (net, head) in enumerate(zip(*fresh(torch.nn.LSTM, [3, 9], 2))):
        back_net, back_head = runs.copy(k)
        for a, b in zip([*back_net.parameters(), *back_head.parameters()], [*net.parameters(), *head.parameters()]):
            assert torch.equal(a, b)


def test_packing_draws_no_random_number():
    nets, heads = fresh(torch.nn.RNN, [5, 6], 2)
    torch.manual_seed(7)
    engine.SideBySide(nets, heads)
    after = torch.rand(1)
    torch.manual_seed(7)
    assert torch.equal(after, torch.rand(1))


@pytest.mark.parametrize("nets, heads, words", [
    ([torch.nn.RNN(4, 2)], [], "one head per net"),
    ([torch.nn.RNN(4, 2), torch.nn.LSTM(4, 2)], [torch.nn.Linear(2, 4)] * 2, "same kind and size"),
    ([torch.nn.RNN(4, 2, num_layers=2)], [torch.nn.Linear(2, 4)], "one-layer"),
    ([torch.nn.RNN(4, 2)], [torch.nn.Linear(3, 4)], "Linear\\(2, out\\)"),
    ([torch.nn.Linear(4, 2)], [torch.nn.Linear(2, 4)], "not Linear"),
])
def test_mistakes_are_one_line(nets, heads, words):
    with pytest.raises(ValueError, match=words):
        engine.SideBySide(nets, heads)
