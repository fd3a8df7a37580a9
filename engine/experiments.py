"""Every experiment of the course as a frozen, comparable config (see LECTURES.md).

A config is plain data: two configs with equal fields are the same run, and the
cache key of a recording is a hash of ``config.to_dict()``.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
from dataclasses import dataclass

from .errors import EngineError, UnknownExperiment

__all__ = ["ExperimentConfig", "REGISTRY", "COURSE", "experiments", "get_config", "import_lecture_packages", "lectures",
           "register"]


class ExperimentId:
    """``<lecture>/<name>``: what every kind of experiment is called by (configs and scripts alike)."""

    id: str

    @property
    def lecture(self) -> str:
        return self.id.split("/")[0]

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass(frozen=True)
class ExperimentConfig(ExperimentId):
    """What the course does for one run.

    Parameters
    ----------
    id : ``<lecture>/<name>``.
    data, data_seed : the generator in ``engine.datasets`` and the seed set before it
        (``None``: the course does not reseed).
    model : layer specs (see ``engine.architecture.build_model``).
    model_seed : ``torch.manual_seed`` before building the model (``None``: no reseed,
        the model's init continues the data's random stream).
    init : ``((state_dict_name, values), ...)`` written over the default init.
    loss : ``mse``, ``bce`` or ``sse`` (sum of squared errors).
    optimizer, lr : ``sgd`` or ``adam``; ``lr=None`` keeps torch's default.
    epochs, batch_size, shuffle : full batch when ``batch_size`` is ``None``.
    mask_every : keep the dropout mask of every n-th update (masks of big nets are large).
    timing_widths, timing_epochs : hidden widths timed by the CPU-vs-GPU experiment, and
        how many epochs each timing runs (the course times 1000; at width 200,000 that
        is minutes on a laptop CPU, so each run times a few, one thread, the median of
        ``training.TIMING_REPEATS`` runs kept; the part scales the seconds to 1000 and says so).
    device : ``cpu`` or ``cuda``.
    """

    id: str
    data: str
    model: tuple
    loss: str
    optimizer: str
    epochs: int
    data_seed: int | None = None
    model_seed: int | None = None
    init: tuple = ()
    lr: float | None = None
    batch_size: int | None = None
    shuffle: bool = False
    mask_every: int = 1
    timing_widths: tuple = ()
    timing_epochs: int = 20
    device: str = "cpu"
    classifier: bool = False

    def to_dict(self) -> dict:
        # JSON round-trips tuples as lists; normalise so a loaded config equals a fresh one.
        return json.loads(json.dumps(dataclasses.asdict(self)))

    @classmethod
    def from_dict(cls, d: dict) -> ExperimentConfig:
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - fields
        if unknown:
            raise EngineError(f"config has unknown fields {sorted(unknown)}")
        def tup(v):
            return tuple(tup(x) for x in v) if isinstance(v, list) else v
        return cls(**{k: tup(v) for k, v in d.items()})

    def replace(self, **overrides) -> ExperimentConfig:
        fields = {f.name for f in dataclasses.fields(self)} - {"id"}
        bad = sorted(set(overrides) - fields)
        if bad:
            raise EngineError(f"unknown override {bad[0]!r} for {self.id}; valid: {', '.join(sorted(fields))}")
        if "epochs" in overrides and (not isinstance(overrides["epochs"], int) or overrides["epochs"] < 1):
            raise EngineError(f"epochs must be a positive integer, got {overrides['epochs']!r}")
        if "lr" in overrides and overrides["lr"] is not None and not (
                isinstance(overrides["lr"], (int, float)) and not isinstance(overrides["lr"], bool)
                and math.isfinite(overrides["lr"]) and overrides["lr"] > 0):
            raise EngineError(f"lr must be a positive finite number, got {overrides['lr']!r}")
        if "mask_every" in overrides and (not isinstance(overrides["mask_every"], int) or overrides["mask_every"] < 1):
            raise EngineError(f"mask_every must be a positive integer, got {overrides['mask_every']!r}")
        if "mask_every" in overrides and not any(layer and layer[0] == "dropout" for layer in self.model):
            raise EngineError(f"mask_every: {self.id} has no dropout layer, so it has no masks to keep; "
                              "leave --mask-every out for it (it is for runs with dropout)")
        if overrides.get("device", "cpu") not in ("cpu", "cuda"):
            raise EngineError(f"device must be cpu or cuda, got {overrides['device']!r}")
        return dataclasses.replace(self, **overrides)


LOGISTIC_MODEL = (("linear", 1, 1), ("sigmoid",))
NOISE_OVERFIT = (("linear", 1, 512), ("relu",), ("linear", 512, 1))
NOISE_DROPOUT = (("linear", 1, 512), ("relu",), ("dropout", 0.8), ("linear", 512, 1))
MNIST_MODEL = (("linear", 784, 32), ("relu",), ("linear", 32, 1), ("sigmoid",))

#: the three starting points of 03wk-2, (w0, w1) = (bias, weight)
LOGISTIC_STARTS = {"good": (-0.8, -0.3), "possible": (-3.0, -1.0), "worst": (-10.0, -1.0)}

#: 05wk-2's ten-sample example: one shared start and learning rate for GD, SGD and
#: minibatch SGD (the course leaves both open). Loss: the sum of squared errors, as the
#: course writes it, so a full-batch step is the sum of the ten one-sample steps. Its
#: Hessian 2 X^T X (X = [1, x], x = 0..9) has eigenvalues 5.6 and 584.4: with x in 0..9 the
#: valley is long and narrow, and plain GD oscillates across it once lr x 584.4 > 1 (it
#: zigzags, the opposite of the course's picture) and diverges above 2. At lr = 0.0015,
#: lr x largest curvature = 0.88 < 1: every GD step keeps its direction across the valley
#: and the summed loss falls on every update, while one-sample steps follow one sample at a
#: time (the summed loss rises on about a third of them). From (1.0, 0.8) the three paths
#: descend into the valley toward the least-squares line (1.18, -0.15) within one contour plot;
#: after the same 100 updates GD is nearest to it (tests/test_sgd_paths.py checks all of this).
TEN_SAMPLE_START = (1.0, 0.8)
TEN_SAMPLE_LR = 0.0015
TEN_SAMPLE_UPDATES = 100


def _logistic(loss: str, start: str) -> ExperimentConfig:
    w0, w1 = LOGISTIC_STARTS[start]
    return ExperimentConfig(
        id=f"03wk-2/{loss}-{start}", data="logistic", data_seed=43052, model=LOGISTIC_MODEL,
        init=(("0.bias", (w0,)), ("0.weight", ((w1,),))), loss=loss, optimizer="sgd", lr=0.25,
        epochs=100, classifier=True,
    )


def _ten(name: str, batch_size: int | None) -> ExperimentConfig:
    w0, w1 = TEN_SAMPLE_START
    per_epoch = 1 if batch_size is None else -(-10 // batch_size)
    return ExperimentConfig(
        id=f"05wk-2/{name}", data="ten_samples", data_seed=43052, model=(("linear", 1, 1),),
        init=(("0.bias", (w0,)), ("0.weight", ((w1,),))), loss="sse", optimizer="sgd",
        lr=TEN_SAMPLE_LR, epochs=TEN_SAMPLE_UPDATES // per_epoch, batch_size=batch_size,
    )


_ALL = [
    *(_logistic(loss, start) for loss in ("mse", "bce") for start in ("good", "possible", "worst")),
    # the course's continuation of mse-good, its own experiment so that `lecture render` records it
    # before the part that reads it (same run, 5,000 epochs; `--epochs 5000` on mse-good is the same)
    dataclasses.replace(_logistic("mse", "good"), id="03wk-2/mse-long", epochs=5000),
    ExperimentConfig(id="05wk-1/linreg", data="linreg", data_seed=43052, model=(("linear", 1, 1),),
                     loss="mse", optimizer="adam", lr=0.1, epochs=200),
    # the course's 2B: the same net fitted to all 100 noise points before 2C splits them
    ExperimentConfig(id="05wk-1/overfit-all", data="noise_all", data_seed=5, model=NOISE_OVERFIT,
                     model_seed=1, loss="mse", optimizer="adam", epochs=1000),
    ExperimentConfig(id="05wk-1/overfit", data="noise", data_seed=5, model=NOISE_OVERFIT,
                     model_seed=1, loss="mse", optimizer="adam", epochs=1000),
    ExperimentConfig(id="05wk-1/dropout", data="noise", data_seed=5, model=NOISE_DROPOUT,
                     model_seed=1, loss="mse", optimizer="adam", epochs=1000),
    ExperimentConfig(id="05wk-1/sum-of-relus", data="sum_of_relus", data_seed=43052,
                     model=(("linear", 1, 1000), ("relu",), ("dropout", 0.1), ("linear", 1000, 1, False)),
                     model_seed=43052, loss="mse", optimizer="adam", epochs=5000, mask_every=50),
    ExperimentConfig(id="05wk-2/cpu-vs-gpu", data="cpu_vs_gpu", data_seed=5,
                     model=(("linear", 1, 500), ("relu",), ("linear", 500, 1)),
                     loss="mse", optimizer="adam", epochs=1000,
                     timing_widths=(500, 5000, 20000, 50000, 200000), timing_epochs=10),
    _ten("gd", None),
    _ten("sgd", 1),
    _ten("minibatch", 3),
    # the same run with DataLoader(shuffle=True): its own experiment, so the part that shows it declares it
    dataclasses.replace(_ten("minibatch", 3), id="05wk-2/minibatch-shuffled", shuffle=True),
    ExperimentConfig(id="05wk-2/mnist-gd", data="mnist01", model=MNIST_MODEL, model_seed=1,
                     loss="bce", optimizer="sgd", epochs=700, classifier=True),
    ExperimentConfig(id="05wk-2/mnist-minibatch", data="mnist01", model=MNIST_MODEL, model_seed=1,
                     loss="bce", optimizer="sgd", epochs=100, batch_size=2048, classifier=True),
]

#: every known experiment: the course's, then those lectures outside the package registered
REGISTRY: dict = {c.id: c for c in _ALL}
#: the course's own experiment ids (a lecture of one's own cannot replace them)
COURSE = frozenset(REGISTRY)

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


def register(exp) -> None:
    """Add an experiment of a lecture outside the package: an ``ExperimentConfig`` (a run the
    engine trains, like the course's) or a ``ScriptExperiment`` (``@engine.experiment``).

    Its id is ``<lecture>/<name>`` (letters, digits, ``_.-``); registering the same id again
    (the lecture file imported twice) replaces it; a course id cannot be replaced (its own lecture's
    package hands the same config back through its ``Lecture(experiments=...)``: a no-op).
    """
    # both kinds are ExperimentIds (script_experiments builds on this module, never the other way)
    if not isinstance(exp, ExperimentId):
        raise EngineError(f"register() takes an ExperimentConfig or an @engine.experiment function, "
                          f"got {type(exp).__name__}")
    if not isinstance(exp.id, str) or not _ID.match(exp.id):
        raise EngineError(f"experiment id {exp.id!r} is not '<lecture>/<name>' (letters, digits, '_', '.', '-'); "
                          "e.g. 'my-course-01/classifier'")
    if exp.id in COURSE and REGISTRY[exp.id] == exp:
        return
    if exp.id in COURSE:
        raise EngineError(f"experiment id {exp.id!r} is one of the course's; give your run another name")
    REGISTRY[exp.id] = exp


def experiments(lecture: str | None = None, *, course: bool = False) -> list[str]:
    """Experiment ids, in course order (then those registered by lectures of one's own); only one
    lecture's when ``lecture`` is given; only the course's with ``course=True``."""
    return [i for i, c in REGISTRY.items()
            if (lecture is None or c.lecture == lecture) and (not course or i in COURSE)]


def lectures() -> list[str]:
    return sorted({c.lecture for c in REGISTRY.values()})


def import_lecture_packages() -> list[str]:
    """Register the runs of every lecture package under ``lectures/`` (``lecture record cnn`` needs them before
    a scene is imported); one line per package whose runs failed to import."""
    return list(_lecture_experiments())


def get_config(experiment_id: str) -> ExperimentConfig:
    if experiment_id not in REGISTRY:
        problems = _lecture_experiments()
        if experiment_id not in REGISTRY:
            close = difflib.get_close_matches(experiment_id, REGISTRY, n=3, cutoff=0.4)
            hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(REGISTRY)}"
            broken = f" ({'; '.join(problems)})" if problems else ""
            raise UnknownExperiment(f"unknown experiment {experiment_id!r}{hint}{broken}") from None
    return REGISTRY[experiment_id]


_SEARCHED: list[str] | None = None


def _lecture_experiments() -> list[str]:
    """Import the ``experiments`` module of every package under ``lectures/`` (found by listing the folder,
    never by a list), once: how ``engine.record("cnn/...")`` finds a run that a lecture package declares
    from plain Python. The lines of the packages that failed to import, to name in the miss's message."""
    global _SEARCHED
    if _SEARCHED is not None:
        return _SEARCHED
    import importlib
    import importlib.util
    from pathlib import Path

    _SEARCHED = []
    try:
        spec = importlib.util.find_spec("lectures")
    except (ImportError, ValueError):
        return _SEARCHED
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for pkg in sorted(Path(folder).iterdir()):
            if not (pkg / "experiments.py").is_file() or not pkg.name.isidentifier() or pkg.name.startswith("_"):
                continue
            try:
                importlib.import_module(f"lectures.{pkg.name}.experiments")
            except Exception as e:  # noqa: BLE001 - named in the message of the miss, never a traceback
                _SEARCHED.append(f"lectures/{pkg.name}/experiments.py: {type(e).__name__}: {e}")
    return _SEARCHED
