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
    "landscape.long.title": {
        "en": "More epochs: {loss} loss, {start} start, {n:,} epochs",
        "ko": "에폭을 늘리면: {loss} 손실, {start} 초기값, {n} 에폭",
    },
    # starts ---------------------------------------------------------------------
    "landscape.start.good": {"en": "good", "ko": "좋은"},
    "landscape.start.possible": {"en": "possible", "ko": "가능성 있는"},
    "landscape.start.worst": {"en": "worst", "ko": "최악의"},
    "landscape.start.row.good": {"en": "good start", "ko": "좋은 초기값"},
    "landscape.start.row.possible": {"en": "possible start", "ko": "가능성 있는 초기값"},
    "landscape.start.row.worst": {"en": "worst start", "ko": "최악의 초기값"},
    # caption and legends --------------------------------------------------------
    "landscape.caption.optimizer": {"en": "optimizer", "ko": "옵티마이저"},
    "landscape.data": {"en": "data", "ko": "데이터"},
    "landscape.truth": {"en": "true probability", "ko": "참 확률"},
    "landscape.fit": {"en": "fitted", "ko": "학습된 곡선"},
    "landscape.fit_line": {"en": "fitted line", "ko": "학습된 직선"},
    # learning-process conclusions (numbers from the recording) ------------------
    "landscape.learning.verdict.mse-good": {
        "en": "moves toward W* = (-1, 5), slowly: ({w0}, {w1}) after {n} epochs",
        "ko": "W* = (-1, 5) 쪽으로 천천히 이동: {n} 에폭 후 ({w0}, {w1})",
    },
    "landscape.learning.verdict.mse-possible": {
        "en": "creeps toward W* on a gentle slope: ({w0}, {w1}) after {n} epochs",
        "ko": "완만한 경사를 따라 W* 쪽으로 기어감: {n} 에폭 후 ({w0}, {w1})",
    },
    "landscape.learning.verdict.mse-worst": {
        "en": "stuck on the plateau: ({w0}, {w1}) after {n} epochs",
        "ko": "고원에 갇힘: {n} 에폭 후에도 ({w0}, {w1})",
    },
    "landscape.learning.verdict.bce-good": {
        "en": "moves toward W* = (-1, 5): ({w0}, {w1}) after {n} epochs",
        "ko": "W* = (-1, 5) 쪽으로 이동: {n} 에폭 후 ({w0}, {w1})",
    },
    "landscape.learning.verdict.bce-possible": {
        "en": "moves toward W* = (-1, 5): ({w0}, {w1}) after {n} epochs",
        "ko": "W* = (-1, 5) 쪽으로 이동: {n} 에폭 후 ({w0}, {w1})",
    },
    "landscape.learning.verdict.bce-worst": {
        "en": "escapes the corner down the steep slope: ({w0}, {w1}) after {n} epochs",
        "ko": "가파른 경사를 타고 구석을 빠져나옴: {n} 에폭 후 ({w0}, {w1})",
    },
    "landscape.learning.verdict.mse-long": {
        "en": "after {n:,} epochs: ({w0}, {w1}), close to W* = (-1, 5)",
        "ko": "{n} 에폭 후: ({w0}, {w1}), W* = (-1, 5)에 가까워짐",
    },
    "landscape.worst.plateau": {
        "en": "a plateau: the gradient is about 0 (|grad| <= {g})",
        "ko": "고원: 기울기가 거의 0 (|기울기| <= {g})",
    },
    "landscape.worst.flat_fit": {
        "en": "fitted curve:\nabout 0 everywhere",
        "ko": "학습된 곡선:\n어디서나 거의 0",
    },
    # three starts ---------------------------------------------------------------
    "landscape.verdict.good": {
        "en": "moves toward W*: now ({w0}, {w1})",
        "ko": "W* 쪽으로 이동: 지금 ({w0}, {w1})",
    },
    "landscape.verdict.possible": {
        "en": "creeps: now ({w0}, {w1})",
        "ko": "천천히 기어감: 지금 ({w0}, {w1})",
    },
    "landscape.verdict.worst": {
        "en": "stuck on a flat plateau: |grad| = {g}",
        "ko": "평평한 고원에 갇힘: |기울기| = {g}",
    },
    # MSE vs BCE -----------------------------------------------------------------
    "landscape.mse_bce.mean_note": {
        "en": "the mean, as torch's BCELoss; the course writes the sum",
        "ko": "torch의 BCELoss처럼 평균 (강의에서는 합으로 씀)",
    },
    "landscape.mse_bce.section": {
        "en": "cross-section through the start: the loss along w0 at w1 = {w1}",
        "ko": "초기값을 지나는 단면: w1 = {w1}에서 w0에 따른 손실",
    },
    "landscape.mse_bce.bar": {"en": "{loss} loss", "ko": "{loss} 손실"},
    "landscape.mse_bce.section_mse": {"en": "MSE", "ko": "MSE"},
    "landscape.mse_bce.section_bce": {"en": "BCE (mean)", "ko": "BCE (평균)"},
    "landscape.mse_bce.section_mse_verdict": {
        "en": "MSE at the start: a plateau,\ndL/dw0 = {slope}",
        "ko": "초기값에서 MSE: 평지,\ndL/dw0 = {slope}",
    },
    "landscape.mse_bce.section_bce_verdict": {
        "en": "BCE at the start: a slope down,\ndL/dw0 = {slope}",
        "ko": "초기값에서 BCE: 내리막,\ndL/dw0 = {slope}",
    },
    "landscape.verdict.mse_stuck": {
        "en": "MSE: flat at the start (|grad| = {g}),\nstays put",
        "ko": "MSE: 초기값에서 평평함 (|기울기| = {g}),\n그대로",
    },
    "landscape.verdict.bce_escapes": {
        "en": "BCE: steep at the start (|grad| = {g}),\nescapes to ({w0}, {w1})",
        "ko": "BCE: 초기값에서 가파름 (|기울기| = {g}),\n({w0}, {w1})로 탈출",
    },
    "landscape.linreg.predict": {
        "en": "reading predictions off the line",
        "ko": "직선에서 예측값 읽기",
    },
}
