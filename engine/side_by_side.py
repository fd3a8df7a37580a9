"""Many small recurrent nets trained at once: n copies of a one-layer ``torch.nn.RNN``, ``GRU`` or ``LSTM``
and their ``torch.nn.Linear`` heads, packed side by side into one net with block-diagonal weights.

Why: a tiny net's epoch over a long sequence costs its time steps, not its arithmetic. 25 runs of
``RNN(4, 2)`` over 299 letters take 25 times as long one after another (about 2 s each here, 200 epochs)
and about as long as one when packed: one ``RNN(4, 25*2)`` steps through the sequence once for all of them.

Why it is the same training: every copy reads the same input; copy ``k`` owns the hidden units
``k*H .. (k+1)*H`` of every gate and the outputs ``k*O .. (k+1)*O`` of the head. The weights between two
copies' units start at 0 and a gradient hook keeps their gradient 0, so Adam and SGD (elementwise) never
move them; the loss is the sum of the copies' own losses, so each copy's weights get that copy's own
gradient. Each copy trains as it would alone, up to the rounding of sums taken in another order (last
bits; over hundreds of epochs a run may drift by 1e-3): :meth:`SideBySide.copy` gives a copy back as its
own modules, to check or to keep.

>>> runs = SideBySide.seeded(torch.nn.RNN, 4, 2, 4, seeds=range(25))   # run k: manual_seed(k), RNN(4,2), Linear(2,4)
>>> optimizr = torch.optim.Adam(runs.parameters(), lr=0.1)
>>> h, netout = runs(X)                       # (25, L, 2), (25, L, 4)
>>> loss = runs.loss(netout, y, torch.nn.CrossEntropyLoss())
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import torch

__all__ = ["SideBySide"]

#: how many gates each kind stacks in its weights (torch's order: LSTM i, f, g, o; GRU r, z, n)
GATES = {torch.nn.RNN: 1, torch.nn.GRU: 3, torch.nn.LSTM: 4}


def _weight(module: torch.nn.Module, name: str) -> torch.Tensor:
    """``module.<name>`` (a recurrent net's ``weight_ih_l0``...), typed as the tensor it is."""
    return getattr(module, name)


def _check(nets: Sequence[torch.nn.RNNBase], heads: Sequence[torch.nn.Linear]) -> None:
    if not nets or len(nets) != len(heads):
        raise ValueError(f"SideBySide needs one head per net, got {len(nets)} nets and {len(heads)} heads")
    kind = type(nets[0])
    if kind not in GATES:
        raise ValueError(f"SideBySide packs torch.nn.RNN, GRU or LSTM, not {kind.__name__}")
    first = nets[0]
    for net in nets:
        if type(net) is not kind or (net.input_size, net.hidden_size) != (first.input_size, first.hidden_size):
            raise ValueError("SideBySide: every net must be the same kind and size "
                             f"({kind.__name__}({first.input_size}, {first.hidden_size}))")
        if net.num_layers != 1 or net.bidirectional or not net.bias or net.batch_first or net.proj_size:
            raise ValueError("SideBySide packs one-layer, one-way nets with biases (the torch defaults)")
    for head in heads:
        if not isinstance(head, torch.nn.Linear) or head.in_features != first.hidden_size or head.bias is None:
            raise ValueError(f"SideBySide: every head must be a torch.nn.Linear({first.hidden_size}, out) with bias")
    if len({h.out_features for h in heads}) != 1:
        raise ValueError("SideBySide: every head must have the same number of outputs")


class SideBySide(torch.nn.Module):
    """``nets`` (one-layer RNN/GRU/LSTM of one size) and their ``heads`` (Linear) as one packed net.

    Attributes
    ----------
    net, head : the packed modules (hidden size ``n * H``, outputs ``n * O``); ``n``, ``hidden``, ``out``.
    """

    def __init__(self, nets: Sequence[torch.nn.RNNBase], heads: Sequence[torch.nn.Linear]):
        super().__init__()
        _check(nets, heads)
        self.kind = cast("Callable[[int, int], torch.nn.RNNBase]", type(nets[0]))   # RNN, GRU or LSTM(in, hidden)
        self.n: int = len(nets)
        self.hidden: int = nets[0].hidden_size
        self.out: int = heads[0].out_features
        self.gates: int = GATES[type(nets[0])]
        self.input_size: int = nets[0].input_size
        n, H, O, G = self.n, self.hidden, self.out, self.gates
        rng = torch.random.get_rng_state()          # building the packed modules draws no number of the caller's
        self.net = self.kind(self.input_size, n * H)
        self.head = torch.nn.Linear(n * H, n * O)
        torch.random.set_rng_state(rng)
        with torch.no_grad():
            for p in self.parameters():
                p.zero_()
            for k, (net, head) in enumerate(zip(nets, heads)):
                mine = slice(k * H, (k + 1) * H)
                for g in range(G):
                    rows, theirs = slice(g * n * H + k * H, g * n * H + (k + 1) * H), slice(g * H, (g + 1) * H)
                    _weight(self.net, "weight_ih_l0")[rows] = _weight(net, "weight_ih_l0")[theirs]
                    _weight(self.net, "weight_hh_l0")[rows, mine] = _weight(net, "weight_hh_l0")[theirs]
                    _weight(self.net, "bias_ih_l0")[rows] = _weight(net, "bias_ih_l0")[theirs]
                    _weight(self.net, "bias_hh_l0")[rows] = _weight(net, "bias_hh_l0")[theirs]
                self.head.weight[k * O:(k + 1) * O, mine] = head.weight
                self.head.bias[k * O:(k + 1) * O] = head.bias
        own = torch.block_diag(*[torch.ones(H, H)] * n)
        self.register_buffer("hh_mask", own.repeat(G, 1), persistent=False)
        self.register_buffer("head_mask", torch.block_diag(*[torch.ones(O, H)] * n), persistent=False)
        _weight(self.net, "weight_hh_l0").register_hook(lambda grad: grad * self.hh_mask)
        self.head.weight.register_hook(lambda grad: grad * self.head_mask)

    @classmethod
    def seeded(cls, kind: type, input_size: int, hidden_size: int, out_features: int, seeds) -> SideBySide:
        """One copy per seed, made as a run of its own is: ``torch.manual_seed(seed)``, then
        ``kind(input_size, hidden_size)``, then ``torch.nn.Linear(hidden_size, out_features)``."""
        nets, heads = [], []
        for seed in seeds:
            torch.manual_seed(seed)
            nets.append(kind(input_size, hidden_size))
            heads.append(torch.nn.Linear(hidden_size, out_features))
        return cls(nets, heads)

    def forward(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Every copy on the sequence ``X`` (L, input), from h0 = 0 (and c0 = 0): the hidden states
        ``(n, L, H)`` and the heads' outputs ``(n, L, O)``."""
        h, _ = self.net(X)
        out = self.head(h)
        return self.split(h, self.hidden), self.split(out, self.out)

    def split(self, packed: torch.Tensor, width: int) -> torch.Tensor:
        """``(L, n * width)`` -> ``(n, L, width)``: each copy's own columns."""
        return packed.reshape(packed.shape[0], self.n, width).transpose(0, 1)

    def loss(self, out: torch.Tensor, y: torch.Tensor, loss_fn: Callable) -> torch.Tensor:
        """The sum of each copy's own ``loss_fn(out[k], y)``: each copy's weights get its own gradient."""
        return sum(loss_fn(out[k], y) for k in range(self.n))

    def copy(self, k: int) -> tuple[torch.nn.Module, torch.nn.Linear]:
        """Copy ``k`` as its own (net, head), with its weights now (detached)."""
        n, H, O = self.n, self.hidden, self.out
        rng = torch.random.get_rng_state()
        net, head = self.kind(self.input_size, H), torch.nn.Linear(H, O)
        torch.random.set_rng_state(rng)
        mine = slice(k * H, (k + 1) * H)
        with torch.no_grad():
            for g in range(self.gates):
                rows, theirs = slice(g * n * H + k * H, g * n * H + (k + 1) * H), slice(g * H, (g + 1) * H)
                _weight(net, "weight_ih_l0")[theirs] = _weight(self.net, "weight_ih_l0")[rows]
                _weight(net, "weight_hh_l0")[theirs] = _weight(self.net, "weight_hh_l0")[rows, mine]
                _weight(net, "bias_ih_l0")[theirs] = _weight(self.net, "bias_ih_l0")[rows]
                _weight(net, "bias_hh_l0")[theirs] = _weight(self.net, "bias_hh_l0")[rows]
            head.weight.copy_(self.head.weight[k * O:(k + 1) * O, mine])
            head.bias.copy_(self.head.bias[k * O:(k + 1) * O])
        return net, head
