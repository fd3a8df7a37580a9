"""On-screen strings of the landscape videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # titles ---------------------------------------------------------------------
    "landscape.learning.title": {
        "en": "Learning process: {loss} loss, {start} start",
        "ko": "학습 과정: {loss} 손실, {start} 초기값",
    },
    "landscape.starts.title": {
        "en": "Three starting points under MSE",
        "ko": "MSE에서 세 가지 초기값",
    },
    "landscape.mse_bce.title": {
        "en": "MSE vs BCE from the same bad start",
        "ko": "같은 나쁜 초기값에서 MSE와 BCE",
    },
    "landscape.linreg.title": {
        "en": "Linear regression: fit, then predict",
        "ko": "선형회귀: 학습 후 예측",
    },
    # starts ---------------------------------------------------------------------
    "landscape.start.good": {"en": "good", "ko": "좋은"},
    "landscape.start.possible": {"en": "possible", "ko": "가능한"},
    "landscape.start.worst": {"en": "worst", "ko": "최악의"},
    # caption --------------------------------------------------------------------
    "landscape.caption.optimizer": {"en": "optimizer", "ko": "옵티마이저"},
    "landscape.truth": {"en": "true probability", "ko": "참 확률"},
    "landscape.fit": {"en": "fitted", "ko": "학습된 곡선"},
    "landscape.fit_line": {"en": "fitted line", "ko": "학습된 직선"},
    # verdicts -------------------------------------------------------------------
    "landscape.verdict.good": {
        "en": "good: converges toward W*",
        "ko": "좋은 초기값: W*로 수렴",
    },
    "landscape.verdict.possible": {
        "en": "possible: creeps slowly",
        "ko": "가능한 초기값: 천천히 기어감",
    },
    "landscape.verdict.worst": {
        "en": "worst: stuck on a flat plateau",
        "ko": "최악의 초기값: 평평한 고원에 갇힘",
    },
    "landscape.verdict.mse_stuck": {
        "en": "MSE: flat here, the gradient is almost 0",
        "ko": "MSE: 이곳은 평평해서 기울기가 거의 0",
    },
    "landscape.verdict.bce_escapes": {
        "en": "BCE: steep here, the path escapes",
        "ko": "BCE: 이곳은 가팔라서 경로가 빠져나옴",
    },
    "landscape.linreg.predict": {
        "en": "reading predictions off the line",
        "ko": "직선에서 예측값 읽기",
    },
}
