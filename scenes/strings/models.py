"""On-screen strings of the pictures of any model (model_diagram, recurrent, dashboard; see
scenes/strings/__init__.py). Module and argument names (Conv2d, stride, pad, forward) are code
and stay as torch writes them."""

STRINGS: dict[str, dict[str, str]] = {
    "model.steps": {"en": "{n} steps", "ko": "{n} 스텝"},
    "model.calls": {"en": "{n} calls", "ko": "{n}번 호출"},
    "dash.loss": {"en": "loss", "ko": "손실"},
    "dash.epoch": {"en": "epoch", "ko": "에폭"},
    "dash.update": {"en": "update", "ko": "업데이트"},
    "dash.norm": {"en": "weight norm", "ko": "가중치 노름"},
    "dash.target": {"en": "target", "ko": "목표값"},
    "dash.prediction": {"en": "prediction", "ko": "예측값"},
}
