"""Strings shared by every video family."""

STRINGS: dict[str, dict[str, str]] = {
    "common.epoch": {"en": "epoch", "ko": "에폭"},
    "common.loss": {"en": "loss", "ko": "손실"},
    "common.gradient": {"en": "gradient", "ko": "기울기"},
    "common.prediction": {"en": "prediction", "ko": "예측"},
    "common.train": {"en": "train", "ko": "학습"},
    "common.test": {"en": "test", "ko": "테스트"},
    "common.data": {"en": "data", "ko": "데이터"},
    "common.update": {"en": "update", "ko": "업데이트"},
    # TrainingCaption's row name (scenes/common/surface.py): any lecture's caption, and a notebook's
    "landscape.caption.optimizer": {"en": "optimizer", "ko": "옵티마이저"},
}
