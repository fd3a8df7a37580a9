"""The recording file: safetensors (JSON header + raw arrays), nothing executes on load.

Layout of one file (``media/recordings/<lecture>/<name>-<key>.safetensors``):

========================  ====================================================
``params/<name>``         (n_states, *shape) float32, state 0 = initial value
``grads/<name>``          (n_states, *shape) gradient at each state (the last one
                          on the full data after training)
``loss/update``           (n_updates,) the loss each update was computed from
``loss/final``            () loss at the last state on the full data
``preds/show``            (n_states, n_show, out) eval-mode output on ``data/x_show``
``batches/indices``,      sample indices of each update's minibatch, flat, and
``batches/offsets``       offsets (n_updates + 1) into it
``masks/<module>``        (n_masks, bytes) packed keep/drop draws (True = kept)
``masks/<module>/steps``  (n_masks,) the update each mask belongs to
``data/*``                the experiment's data, so scenes never regenerate it (inputs
                          over a million numbers, i.e. MNIST's, are not copied)
``metrics/*``, ``timing/*``  accuracies, measured wall times
``acts/<module>``         (n_states, *output) the module's eval-mode output on ``x_show``
``logs/<name>``,          (n_calls, *shape) what ``rec.log(name, value)`` kept, and
``logs/<name>/steps``     (n_calls,) how many updates were done at each call
========================  ====================================================

That is schema 1's layout (one model, one optimizer), which schema 2 keeps. Schema 2 adds
named streams, each with its own step axis, for a recording of several models, several
optimizers or none; the metadata ``streams`` (``{"models": {model: [its optimizers]},
"optimizers": [...], "n_updates": n}``) says which, and then:

========================  ====================================================
``params/<model>/<key>``  (n_states of the model, *shape): state 0 the initial value,
                          then one after each step of an optimizer holding it
``grads/<model>/<key>``   (n_states - 1, *shape) the gradient each of those steps used
``states/<model>``        (n_states,) updates done (over all optimizers) at each state
``preds/<model>``,        the model's output, and its modules' (``acts/<model>/<module>``),
``acts/<model>/<module>`` on ``data/x_show`` (or ``data/x_show/<model>``) at each state
``loss/update``           (n_updates,) the losses of the only optimizer, or, for a dict of them,
``losses/<opt>``,         each one's losses and the update (counted over all optimizers,
``losses/<opt>/steps``    from 0) each was
``masks/<model>/<module>``  as above, per model
========================  ====================================================

``__metadata__`` holds JSON strings: ``format``, ``schema``, ``config``, ``meta``
(versions, device, wall time), ``architecture``, ``mask_shapes`` and (schema 2) ``streams``.
Schema 1 files are read as they are.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import struct
import time
from pathlib import Path

import numpy as np

from mediafiles import atomic_write, sweep_dead_temps

from .errors import RecordingError

__all__ = ["Recording", "save_recording", "load_recording", "SCHEMA_VERSION", "FORMAT"]

FORMAT = "lecture-recording"
SCHEMA_VERSION = 2
#: schemas this version reads (schema 1 is schema 2 with one model and one optimizer)
READABLE_SCHEMAS = ("1", "2")
#: how to make a file again when its metadata cannot tell whose run it is
REMAKE = "re-record it (`lecture record --force` for a course run; your own run: the script that saved it)"
#: a header larger than this is refused before it is read (a real one is a few kB)
MAX_HEADER_BYTES = 1 << 20


#: temp files the safetensors library itself wrote (``.tmpXXXXXX``) before recordings had their own writer
_LIBRARY_TMP = re.compile(r"^\.tmp[A-Za-z0-9]{6}$")
#: a library temp file untouched this long belongs to a dead writer
LIBRARY_TMP_STALE_SECONDS = 600


def _sweep_stale(path: Path) -> None:
    """Delete temp files of writers that died (SIGKILL leaves them); live writers' stay."""
    sweep_dead_temps(path)
    now = time.time()
    for tmp in path.parent.glob(".tmp*"):
        try:
            if _LIBRARY_TMP.match(tmp.name) and now - tmp.lstat().st_mtime > LIBRARY_TMP_STALE_SECONDS:
                tmp.unlink()
        except OSError:
            pass


#: numpy dtype -> safetensors dtype name, in the order of safetensors' Dtype enum
_DTYPES = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "uint16": "U16", "float16": "F16",
           "int32": "I32", "uint32": "U32", "float32": "F32", "float64": "F64", "int64": "I64", "uint64": "U64"}
_DTYPE_RANK = {name: i for i, name in enumerate(_DTYPES)}
#: bytes per element of each safetensors dtype a recording may hold
_ITEMSIZE = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4,
             "F64": 8, "I64": 8, "U64": 8}


def _serialized_header(arrays: dict[str, np.ndarray], metadata: dict[str, str]) -> tuple[bytes, list[str]]:
    """The safetensors header (length + JSON padded to 8 bytes) and the order of the data.

    Same layout as the safetensors library writes: arrays by dtype (its enum order,
    descending), then by name, back to back.
    """
    order = sorted(arrays, key=lambda k: (-_DTYPE_RANK[arrays[k].dtype.name], k))
    header: dict = {"__metadata__": metadata}
    offset = 0
    for k in order:
        a = arrays[k]
        header[k] = {
            "dtype": _DTYPES[a.dtype.name],
            "shape": list(a.shape),
            "data_offsets": [offset, offset + a.nbytes],
        }
        offset += a.nbytes
    blob = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    blob += b" " * (-len(blob) % 8)
    return struct.pack("<Q", len(blob)) + blob, order


def save_recording(path: str | os.PathLike, arrays: dict[str, np.ndarray], metadata: dict) -> Path:
    """Write arrays and JSON-able metadata atomically (temp file in the same folder, then rename).

    The file is safetensors, written here array by array (no copy of the data in memory)
    into our own temp file: the library's writer makes a ``.tmpXXXXXX`` file of its own
    that a killed process would leave behind. An OSError (disk full...) names ``path``.
    """
    path = Path(path)
    header = {"format": FORMAT, "schema": str(SCHEMA_VERSION)}
    header.update({k: json.dumps(v, sort_keys=True) for k, v in metadata.items()})
    prepared = {}
    for k, v in arrays.items():
        a = np.asarray(v)
        if a.dtype.name not in _DTYPES:
            raise TypeError(f"array {k!r} has dtype {a.dtype}, which a recording cannot hold")
        if a.dtype.byteorder == ">":
            a = a.astype(a.dtype.newbyteorder("<"))
        prepared[k] = a
    head, order = _serialized_header(prepared, header)
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(path)
    with atomic_write(path) as tmp, open(tmp, "wb") as f:
        f.write(head)
        for k in order:
            a = prepared[k]
            if a.size:
                # a flat byte view: no copy for C-contiguous arrays (0-d included)
                f.write(np.ascontiguousarray(a).reshape(-1).view(np.uint8).data)
        f.flush()
        os.fsync(f.fileno())
    return path


def _open_regular(path: Path):
    """Open ``path`` for reading if it is a regular file (a FIFO would block, a folder fails late)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise RecordingError(f"{path}: is a folder, not a recording; move it away or {REMAKE}") from None
    except OSError as e:
        raise RecordingError(f"{path}: cannot read recording ({e.strerror}); check the path") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "folder" if stat.S_ISDIR(mode) else "FIFO" if stat.S_ISFIFO(mode) else "special file"
        raise RecordingError(f"{path}: is a {what}, not a recording; move it away or {REMAKE}")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_header(path: Path) -> dict:
    """Parse and sanity-check the safetensors header before the library maps anything."""
    f = _open_regular(path)
    try:
        with f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(8)
            if len(head) < 8:
                raise RecordingError(f"{path}: not a recording (file too short); delete it or {REMAKE}")
            (n,) = struct.unpack("<Q", head)
            if n > MAX_HEADER_BYTES or 8 + n > size:
                raise RecordingError(f"{path}: corrupt or truncated recording (bad header size); delete it or {REMAKE}")
            header = json.loads(f.read(n))
    except OSError as e:
        raise RecordingError(f"{path}: cannot read recording ({e.strerror}); check the path") from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RecordingError(f"{path}: corrupt recording (header is not JSON); {REMAKE}") from None
    if not isinstance(header, dict):
        raise RecordingError(f"{path}: corrupt recording (header is not a JSON object); {REMAKE}")
    data_len = size - 8 - n
    for key, info in header.items():
        if key == "__metadata__":
            continue
        try:
            start, end = info["data_offsets"]
            shape = info["shape"]
            ok = (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= data_len
                  and isinstance(shape, list) and all(isinstance(d, int) and d >= 0 for d in shape))
        except (TypeError, KeyError, ValueError):
            ok = False
        if not ok:
            raise RecordingError(
                f"{path}: corrupt or truncated recording (array {key!r} lies outside the file); {REMAKE}"
            )
        # dtype x shape must be the bytes it spans (Python ints: no overflow), or the array is not what it says
        itemsize = _ITEMSIZE.get(info.get("dtype"))
        if itemsize is None or math.prod(shape) * itemsize != end - start:
            raise RecordingError(f"{path}: corrupt recording (array {key!r}: dtype {info.get('dtype')} and shape "
                                 f"{shape} do not match its {end - start} bytes); {REMAKE}")
    return header


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _parse_metadata(path: Path, md) -> tuple[dict, dict, list, dict, dict | None]:
    """config, meta, architecture, mask_shapes and streams from the header's metadata, type-checked."""
    def bad(what: str) -> RecordingError:
        return RecordingError(f"{path}: recording metadata is corrupt ({what}); {REMAKE}")

    try:
        config = json.loads(md["config"])
        meta = json.loads(md["meta"])
        architecture = json.loads(md["architecture"])
        mask_shapes = json.loads(md.get("mask_shapes", "{}"))
        streams = json.loads(md["streams"]) if "streams" in md and md.get("schema") != "1" else None
    except KeyError as e:
        raise bad(f"no {e.args[0]}") from None
    except (TypeError, ValueError, RecursionError):
        raise bad("not JSON") from None
    if not isinstance(config, dict):
        raise bad("config is not an object")
    if not isinstance(config.get("id"), str) or "/" not in config["id"]:
        raise bad("config has no experiment id")
    if not _is_int(config.get("epochs")) or config["epochs"] < 1:
        raise bad("config has no positive epochs")
    if config.get("batch_size") is not None and not _is_int(config["batch_size"]):
        raise bad("config batch_size is not an integer")
    if not isinstance(meta, dict):
        raise bad("meta is not an object")
    if meta.get("nonfinite_update") is not None and not _is_int(meta["nonfinite_update"]):
        raise bad("meta nonfinite_update is not an integer")
    if not isinstance(architecture, list) or not all(
            isinstance(a, dict) and isinstance(a.get("kind"), str) for a in architecture):
        raise bad("architecture is not a list of layers")
    if not isinstance(mask_shapes, dict) or not all(
            isinstance(v, list) and v and all(_is_int(d) and d >= 0 for d in v) for v in mask_shapes.values()):
        raise bad("mask_shapes is not a map of shapes")
    if streams is not None and not _valid_streams(streams):
        raise bad("streams is not a map of models, optimizers and n_updates")
    return config, meta, architecture, mask_shapes, streams


def _valid_streams(streams) -> bool:
    if not isinstance(streams, dict) or not _is_int(streams.get("n_updates")) or streams["n_updates"] < 0:
        return False
    models, optimizers = streams.get("models"), streams.get("optimizers")
    if not isinstance(optimizers, list) or not all(isinstance(o, str) and "/" not in o for o in optimizers) \
            or ("" in optimizers and optimizers != [""]):
        return False
    return isinstance(models, dict) and all(
        isinstance(m, str) and m and "/" not in m and isinstance(v, list) and all(o in optimizers for o in v)
        for m, v in models.items())


class Recording:
    """A recorded run: read-only accessors over one recording file.

    Arrays are read lazily and kept once read, so a scene that draws the loss
    of an MNIST run never loads its 70 MB of weights.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        header = _read_header(self.path)
        md = header.get("__metadata__") or {}
        if not isinstance(md, dict):
            raise RecordingError(f"{self.path}: corrupt recording (metadata is not a JSON object); {REMAKE}")
        if md.get("format") != FORMAT:
            raise RecordingError(f"{self.path}: not a lecture recording (format {md.get('format')!r}); {REMAKE}")
        if md.get("schema") not in READABLE_SCHEMAS:
            raise RecordingError(
                f"{self.path}: recording schema {md.get('schema')} but this version reads schemas "
                f"{', '.join(READABLE_SCHEMAS)}; {REMAKE}"
            )
        self.schema = int(md["schema"])
        self.config, self.meta, self.architecture, self._mask_shapes, self.streams = _parse_metadata(self.path, md)
        self._shapes = {k: tuple(v["shape"]) for k, v in header.items() if k != "__metadata__"}
        self._cache: dict[str, np.ndarray] = {}
        self._check_shapes()

    @property
    def remake(self) -> str:
        """How to make this file again: the course's command, or the teacher's own script."""
        if self.config.get("source") == "script":
            script = self.config.get("script") or "the lecture that declares it"
            return f"re-record with `lecture --lectures {script} record {self.id} --force`"
        if self.config.get("source") == "own":
            script = self.config.get("script")
            return f"run `python {script}` again" if script else "run the script that saved it (Recorder.save) again"
        return "re-record with `lecture record --force`"

    # -- raw access --------------------------------------------------------------
    def keys(self) -> list[str]:
        return sorted(self._shapes)

    def shape(self, key: str) -> tuple:
        return self._shapes[key]

    def __contains__(self, key: str) -> bool:
        return key in self._shapes

    def array(self, key: str) -> np.ndarray:
        """One array by its file key (e.g. ``"params/0.weight"``), read on first use."""
        if key not in self._cache:
            if key not in self._shapes:
                raise KeyError(f"{key!r} is not in recording {self.id}; it has: {', '.join(self.keys())}")
            from safetensors import SafetensorError, safe_open

            try:
                if not stat.S_ISREG(os.stat(self.path).st_mode):
                    raise RecordingError(f"{self.path}: is no longer a regular file; {self.remake}")
                with safe_open(str(self.path), framework="np") as f:
                    # safe_open hands 0-d arrays back as (1,); the header has the truth.
                    arr = f.get_tensor(key).reshape(self._shapes[key])
            except (SafetensorError, OSError, ValueError) as e:
                raise RecordingError(f"{self.path}: cannot read array {key!r} ({e}); {self.remake}") from None
            arr.setflags(write=False)
            self._cache[key] = arr
        return self._cache[key]

    def _check_shapes(self) -> None:
        s, fix = self._shapes, self.remake

        def first(key):   # an array's length along its step axis, or None
            shp = s.get(key)
            return shp[0] if shp else None

        if self.streams is None:
            names = self.param_names
            if not names or "loss/update" not in s:
                raise RecordingError(f"{self.path}: recording has no parameters or losses; {fix}")
            n_updates = s["loss/update"][0] if s["loss/update"] else -1
            # a run saved without a loss module has no final gradient: one gradient per update
            n_grads = n_updates + 1 if "loss/final" in s else n_updates
            for n in names:
                for kind, want in (("params", n_updates + 1), ("grads", n_grads)):
                    shp = s.get(f"{kind}/{n}")
                    if shp is None or len(shp) < 1 or shp[0] != want:
                        raise RecordingError(f"{self.path}: array {kind}/{n} has shape {shp}, expected {want} "
                                             f"states; {fix}")
            if "preds/show" in s and first("preds/show") != n_updates + 1:
                raise RecordingError(f"{self.path}: predictions do not match the number of states; {fix}")
            for key in s:
                if key.startswith("acts/") and first(key) != n_updates + 1:
                    raise RecordingError(
                        f"{self.path}: activations {key[5:]!r} do not match the number of states; {fix}"
                    )
        else:
            n_updates = self._check_streams()
        epochs = self.config["epochs"]
        if n_updates < 0 or (n_updates or self.streams is None) and (n_updates < epochs or n_updates % epochs):
            raise RecordingError(f"{self.path}: {n_updates} updates do not fill {epochs} epochs; {fix}")
        for module, shape in self._mask_shapes.items():
            packed, steps = s.get(f"masks/{module}"), s.get(f"masks/{module}/steps")
            size = math.prod(shape)   # Python ints: a huge shape cannot wrap around to a small one
            if packed is None or steps is None or len(packed) != 2 or packed[1] != -(-size // 8) \
                    or steps != packed[:1]:
                raise RecordingError(f"{self.path}: dropout masks of module {module!r} do not match their shape; {fix}")
        if "batches/offsets" in s and s["batches/offsets"] != (n_updates + 1,):
            raise RecordingError(f"{self.path}: batch offsets do not match the number of updates; {fix}")
        for name in self.series_names:
            values, steps = s[f"logs/{name}"], s.get(f"logs/{name}/steps")
            if steps is None or len(steps) != 1 or not values or values[0] != steps[0]:
                raise RecordingError(f"{self.path}: logged values {name!r} do not match their steps; {fix}")

    def _check_streams(self) -> int:
        """Each model's arrays against its number of states, each optimizer's losses against its steps."""
        s, fix, st = self._shapes, self.remake, self.streams
        assert st is not None   # only schema 2 files, which have streams, are checked here
        n_updates = st["n_updates"]

        def bad(what: str) -> RecordingError:
            return RecordingError(f"{self.path}: {what}; {fix}")

        for m in st["models"]:
            shp = s.get(f"states/{m}")
            if shp is None or len(shp) != 1 or shp[0] < 1:
                raise bad(f"model {m!r} has no states")
            n_states = shp[0]
            for key, shape in s.items():
                kind, _, rest = key.partition("/")
                if kind in ("params", "preds", "acts") and (rest == m or rest.startswith(m + "/")):
                    if not shape or shape[0] != n_states:
                        raise bad(f"array {key} has shape {list(shape)}, expected {n_states} states")
                    if kind == "params" and s.get(f"grads/{rest}", ())[:1] != (n_states - 1,):
                        raise bad(
                            f"array grads/{rest} has shape {s.get(f'grads/{rest}')}, expected {n_states - 1} steps"
                        )
        for key in s:
            kind, _, rest = key.partition("/")
            if kind in ("params", "grads", "preds", "acts", "states") and rest.split("/")[0] not in st["models"]:
                raise bad(f"array {key} belongs to no model of the recording")
        if st["optimizers"] == [""]:
            if s.get("loss/update") != (n_updates,):
                raise bad(f"losses do not match the {n_updates} updates")
        else:
            total = 0
            for o in st["optimizers"]:
                shp = s.get(f"losses/{o}")
                if shp is None or len(shp) != 1 or s.get(f"losses/{o}/steps") != shp:
                    raise bad(f"losses of optimizer {o!r} do not match their steps")
                total += shp[0]
            if total != n_updates:
                raise bad(f"the optimizers' {total} losses are not the {n_updates} updates")
        return n_updates

    # -- the run -------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.config["id"]

    @property
    def param_names(self) -> list[str]:
        return [k.split("/", 1)[1] for k in self._shapes if k.startswith("params/")]

    @property
    def n_updates(self) -> int:
        """Optimizer steps of the run (of all its optimizers together)."""
        if self.streams is not None:
            return self.streams["n_updates"]
        return self._shapes["loss/update"][0]

    @property
    def models(self) -> list[str]:
        """The models' names, sorted (``[""]`` for a recording of one model, whose parameters have no prefix)."""
        return [""] if self.streams is None else sorted(self.streams["models"])

    @property
    def optimizers(self) -> list[str]:
        """The optimizers' names (``[""]`` for one optimizer, whose losses are ``loss``)."""
        return [""] if self.streams is None else list(self.streams["optimizers"])

    @property
    def n_states(self) -> int:
        if self.streams is None:
            return self.n_updates + 1
        counts = {self._shapes[f"states/{m}"][0] for m in self.models}
        if len(counts) != 1:
            raise ValueError(f"{self.id} has models {', '.join(self.models) or 'none'}, each with its own number "
                             "of states: use len(r.states(name))")
        return counts.pop()

    def states(self, model: str = "") -> np.ndarray:
        """Updates done (over all optimizers) when each state of ``model`` was kept: 0 for the initial one."""
        if self.streams is None:
            return np.arange(self.n_updates + 1)
        if model not in self.streams["models"]:
            raise KeyError(f"recording {self.id} has no model {model!r}; it has {self.models}")
        return self.array(f"states/{model}")

    @property
    def n_epochs(self) -> int:
        return int(self.config["epochs"])

    def param(self, name: str) -> np.ndarray:
        """(n_states, *shape): state 0 is the initial value, state k the value after update k."""
        return self.array(f"params/{name}")

    def grad(self, name: str) -> np.ndarray:
        """(n_states, *shape): grad k produced update k+1; the last is the gradient at the final state."""
        return self.array(f"grads/{name}")

    @property
    def loss(self) -> np.ndarray:
        """(n_updates,) the loss each update was computed from (a minibatch's, for minibatch runs)."""
        if "loss/update" in self:
            return self.array("loss/update")
        if len(self.optimizers) == 1:
            return self.loss_of(self.optimizers[0])
        raise ValueError(f"{self.id} has optimizers {', '.join(self.optimizers) or 'none'}, each with its "
                         "own losses: use r.loss_of(name)")

    def loss_of(self, optimizer: str) -> np.ndarray:
        """The losses of one optimizer's steps: the value of the tensor whose backward() made each step's gradients."""
        if optimizer == "" and "loss/update" in self:
            return self.array("loss/update")
        if f"losses/{optimizer}" not in self:
            raise KeyError(f"recording {self.id} has no optimizer {optimizer!r}; it has {self.optimizers}")
        return self.array(f"losses/{optimizer}")

    def loss_steps(self, optimizer: str = "") -> np.ndarray:
        """The update (counted over all optimizers, from 0) each of ``loss_of(optimizer)`` belongs to."""
        if optimizer == "" and "loss/update" in self:
            return np.arange(self.n_updates)
        self.loss_of(optimizer)
        return self.array(f"losses/{optimizer}/steps")

    @property
    def activation_names(self) -> list[str]:
        return sorted(k[len("acts/"):] for k in self._shapes if k.startswith("acts/"))

    def activation(self, module: str) -> np.ndarray:
        """(n_states, *output shape): the module's eval-mode output on ``x_show`` at each state."""
        if f"acts/{module}" not in self:
            raise KeyError(f"recording {self.id} has no activations of module {module!r}; it has "
                           f"{self.activation_names} (Recorder(..., activations=True) keeps them)")
        return self.array(f"acts/{module}")

    @property
    def series_names(self) -> list[str]:
        return sorted(k[len("logs/"):] for k in self._shapes if k.startswith("logs/") and not k.endswith("/steps"))

    def series(self, name: str) -> np.ndarray:
        """(n_calls, *shape): the values ``rec.log(name, value)`` kept, in call order."""
        if f"logs/{name}" not in self or name not in self.series_names:
            raise KeyError(f"recording {self.id} has no logged values {name!r}; it has {self.series_names}")
        return self.array(f"logs/{name}")

    def series_steps(self, name: str) -> np.ndarray:
        """(n_calls,) how many optimizer updates were done when each value of ``series(name)`` was logged."""
        self.series(name)
        return self.array(f"logs/{name}/steps")

    @property
    def final_loss(self) -> float:
        return float(self.array("loss/final"))

    @property
    def state_loss(self) -> np.ndarray:
        """(n_states,) loss at every state on the full data; full-batch runs only."""
        if self.config.get("batch_size") is not None:
            raise ValueError(f"{self.id} is a minibatch run: its losses are per batch, use .loss")
        return np.concatenate([self.loss, [self.final_loss]]).astype(self.loss.dtype)

    @property
    def epoch(self) -> np.ndarray:
        """(n_updates,) the epoch (from 0) of each update."""
        per_epoch = max(self.n_updates // self.n_epochs, 1)
        return np.arange(self.n_updates) // per_epoch

    @property
    def n_samples(self) -> int:
        """Training samples (read from the header: big inputs are not stored, targets always are)."""
        return self._shapes["data/y"][0]

    @property
    def updates_per_epoch(self) -> int:
        return self.n_updates // self.n_epochs

    def batch(self, update: int) -> np.ndarray:
        """Sample indices that fed update ``update`` (all samples in a full-batch run)."""
        if "batches/indices" not in self:
            return np.arange(self.n_samples)
        off = self.array("batches/offsets")
        return self.array("batches/indices")[off[update]: off[update + 1]]

    @property
    def batches(self) -> list[np.ndarray]:
        return [self.batch(k) for k in range(self.n_updates)]

    @property
    def prediction(self) -> np.ndarray:
        """(n_states, n_show, out): eval-mode model output on ``data/x_show`` at each state."""
        if "preds/show" not in self and self.streams is not None:
            shown = [m for m in self.models if f"preds/{m}" in self]
            if len(shown) == 1:
                return self.array(f"preds/{shown[0]}")
        return self.array("preds/show")

    def prediction_of(self, model: str) -> np.ndarray:
        """(n_states of the model, *output): one model's eval-mode output on its ``x_show`` at each state."""
        if model == "" and self.streams is None:
            return self.prediction
        if f"preds/{model}" not in self:
            raise KeyError(f"recording {self.id} has no outputs of model {model!r} on x_show; models with them: "
                           f"{[m for m in self.models if f'preds/{m}' in self]}")
        return self.array(f"preds/{model}")

    def data(self, name: str) -> np.ndarray:
        """The experiment's data: ``x``, ``y``, ``x_show``, ``y_show`` and extras."""
        return self.array(f"data/{name}")

    @property
    def mask_modules(self) -> list[str]:
        return sorted(self._mask_shapes)

    def mask(self, module: str) -> np.ndarray:
        """(n_masks, *output_shape) bool: the keep (True) / drop draw torch made in training."""
        if module not in self._mask_shapes:
            raise KeyError(
                f"recording {self.id} has no dropout masks for module {module!r}; it has {self.mask_modules}"
            )
        shape = self._mask_shapes[module]
        packed = self.array(f"masks/{module}")
        size = math.prod(shape)
        return np.unpackbits(packed, axis=1, count=size).astype(bool).reshape(len(packed), *shape)

    def mask_steps(self, module: str) -> np.ndarray:
        """The update each mask of ``mask(module)`` belongs to."""
        return self.array(f"masks/{module}/steps")

    def metric(self, name: str) -> float:
        return float(self.array(f"metrics/{name}"))

    @property
    def accuracy(self) -> float | None:
        return self.metric("train_accuracy") if "metrics/train_accuracy" in self else None

    @property
    def nonfinite_update(self) -> int | None:
        return self.meta.get("nonfinite_update")

    def state_dict(self, state: int = -1, model: str = "") -> dict[str, np.ndarray]:
        """Parameters at one state, keyed as the model's ``state_dict`` (``model``: which, of several)."""
        if not model:
            return {n: self.param(n)[state] for n in self.param_names}
        prefix = model + "/"
        return {n[len(prefix):]: self.param(n)[state] for n in self.param_names if n.startswith(prefix)}

    def __repr__(self) -> str:
        return f"<Recording {self.id}: {self.n_epochs} epochs, {self.n_updates} updates, {self.path}>"

    def _repr_html_(self) -> str:
        """A short summary for Jupyter: the run, its parameters' shapes and the final loss."""
        from html import escape

        def shape_of(n: str) -> str:
            return " x ".join(map(str, self.shape("params/" + n)[1:])) or "scalar"

        rows = "".join(f"<tr><td><code>{escape(n)}</code></td><td>{shape_of(n)}</td></tr>" for n in self.param_names)
        final = f"{self.final_loss:.6g}" if "loss/final" in self else "n/a"
        masks = f", dropout masks: {escape(', '.join(self.mask_modules))}" if self.mask_modules else ""
        diverged = (f"<br><b>diverged</b> at update {self.nonfinite_update}"
                    if self.nonfinite_update is not None else "")
        return (f"<div><b>Recording {escape(self.id)}</b>: {self.n_epochs} epochs, {self.n_updates} updates, "
                f"final loss {final}{masks}{diverged}<br><small>{escape(str(self.path))}</small>"
                f"<table><tr><th>parameter</th><th>shape</th></tr>{rows}</table></div>")


def load_recording(path: str | os.PathLike) -> Recording:
    """Open a recording file; raises ``RecordingError`` (one line) for anything unreadable."""
    return Recording(path)
