"""On-screen strings of 03wk-2: the logistic model and the loss landscapes (MSE vs BCE).

The Korean follows the course's notes (../shared/course/03wk-2.md, sections 3.A to 3.D).
"""

STRINGS: dict[str, dict[str, str]] = {
    # titles ---------------------------------------------------------------------
    "logistic.model.title": {"en": "The logistic model", "ko": "로지스틱 모형"},
    "logistic.nets.title": {"en": "Four ways to build the same net", "ko": "net을 만드는 네 가지 방법"},
    "logistic.loop.title": {"en": "The training loop, step by step", "ko": "학습 루프: Step 1~4"},
    # logistic-model -------------------------------------------------------------
    "logistic.model.what": {"en": "What we predict", "ko": "우리가 예측하려는 것"},
    "logistic.model.regression": {
        "en": "Regression: the mean of a normal distribution",
        "ko": "회귀모형: 정규분포의 평균",
    },
    "logistic.model.logistic": {
        "en": "Logistic: the mean of a Bernoulli distribution",
        "ko": "로지스틱: 베르누이의 평균",
    },
    "logistic.model.bernoulli": {
        "en": "y is 0 or 1: its mean is a probability",
        "ko": "y는 0 또는 1: 평균은 확률",
    },
    "logistic.model.truth": {"en": "prob (true, unknown)", "ko": "prob (참값, 모름)"},
    "logistic.model.fit": {"en": "prob (estimated)", "ko": "prob (추정값)"},
    "logistic.model.data": {"en": "observed data", "ko": "관측 데이터"},
    "logistic.model.first": {
        "en": "first curve: any (w0, w1) will do",
        "ko": "최초의 곡선: 아무 (w0, w1)이나 설정하면 된다",
    },
    "logistic.model.slope": {
        "en": "w1: how steep, and which way",
        "ko": "w1: 기울기의 크기와 방향",
    },
    "logistic.model.shift": {
        "en": "w0: slides the curve along x",
        "ko": "w0: 곡선을 x축 방향으로 이동",
    },
    "logistic.model.goal": {
        "en": "at the true (w0, w1) the curve is the truth: learning finds them",
        "ko": "참값 (w0, w1)에서 곡선이 참 확률과 같다: 학습이 이것을 찾는다",
    },
    # four-nets ------------------------------------------------------------------
    "logistic.nets.method": {"en": "Method {n}. {name}", "ko": "방법 {n}. {name}"},
    "logistic.nets.name1": {"en": "l1, sigmoid", "ko": "l1, sigmoid"},
    "logistic.nets.name2": {"en": "l1, a1", "ko": "l1, a1"},
    "logistic.nets.name3": {"en": "make l1, a1, then net", "ko": "l1, a1 만들고 -> net"},
    "logistic.nets.name4": {"en": "build net directly", "ko": "net을 바로 만들기"},
    "logistic.nets.fit": {"en": "yhat, first curve", "ko": "yhat, 최초의 곡선"},
    "logistic.nets.row": {"en": "method", "ko": "방법"},
    "logistic.nets.same": {"en": "the same yhat as method 1", "ko": "방법 1과 같은 답이 나온다"},
    "logistic.nets.true": {"en": "both print True", "ko": "전부 True로 출력된다"},
    "logistic.nets.verdict": {
        "en": "four codes, one net: the same yhat",
        "ko": "코드는 넷, net은 하나: 같은 yhat",
    },
    "logistic.nets.diff": {
        "en": "largest difference between methods:",
        "ko": "방법 사이의 가장 큰 차이:",
    },
    "logistic.nets.rounding": {
        "en": "(float32 rounding of exp/(1+exp))",
        "ko": "(exp/(1+exp)의 float32 반올림)",
    },
    # training-loop --------------------------------------------------------------
    "logistic.loop.step1": {"en": "1  the curve for the current (w0, w1)", "ko": "1  현재 (w0, w1)의 곡선"},
    "logistic.loop.step2": {"en": "2  one number: how far off", "ko": "2  얼마나 틀렸는지, 숫자 하나"},
    "logistic.loop.step3": {"en": "3  the gradient, stored in .grad", "ko": "3  미분값 (.grad에 저장)"},
    "logistic.loop.step4": {"en": "4  step against the gradient", "ko": "4  기울기 반대로 한 걸음"},
    "logistic.loop.step5": {"en": "   reset .grad to 0", "ko": "   .grad를 0으로"},
    "logistic.loop.uphill": {"en": "gradient: uphill", "ko": "기울기: 오르막 방향"},
    "logistic.loop.move": {"en": "step = -0.25 x gradient", "ko": "한 걸음 = -0.25 x 기울기"},
    "logistic.loop.recorded": {"en": "recorded after update 1:", "ko": "기록된 1번째 업데이트 후:"},
    "logistic.loop.zoom": {"en": "zoomed in", "ko": "확대"},
    "logistic.loop.repeat": {"en": "repeat: 100 epochs", "ko": "반복: 100 에폭"},
    "logistic.loop.verdict": {
        "en": "each pass: loss down, the curve a little closer to the truth",
        "ko": "한 바퀴마다 손실은 줄고 곡선은 참 확률에 가까워진다",
    },
    "logistic.loop.fit": {"en": "yhat = net(x)", "ko": "yhat = net(x)"},
    "logistic.loop.truth": {"en": "prob (true)", "ko": "prob (참값)"},
    # loss landscapes ------------------------------------------------------------
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
        "en": "a plateau: the gradient is about 0, {grad_le} {g}",
        "ko": "고원: 기울기가 거의 0, {grad_le} {g}",
    },
    "landscape.worst.flat_fit": {
        "en": "fitted curve:\nabout 0 everywhere",
        "ko": "학습된 곡선:\n어디서나 거의 0",
    },
    "landscape.top_down": {"en": "from above", "ko": "위에서 본 모습"},
    "landscape.top_down.beads": {
        "en": "from above (dots: every {every} epochs)",
        "ko": "위에서 본 모습 (점: {every} 에폭마다)",
    },
    # why MSE stalls -------------------------------------------------------------
    "landscape.why.title": {
        "en": "Why MSE stalls at the worst start and BCE does not",
        "ko": "최악의 초기값에서 MSE는 멈추고 BCE는 움직이는 이유",
    },
    "landscape.why.cancels": {
        "en": "is gone in BCE: the log cancels it",
        "ko": "BCE에는 없음: log의 미분이 약분",
    },
    "landscape.why.fit_mse": {"en": "MSE's curve", "ko": "MSE의 곡선"},
    "landscape.why.fit_bce": {"en": "BCE's curve", "ko": "BCE의 곡선"},
    "landscape.why.mse_factor": {"en": "MSE, the factor on point i's term:", "ko": "MSE, i번째 점의 항에 곱해지는 값:"},
    "landscape.why.bce_term": {"en": "BCE, point i's term:", "ko": "BCE, i번째 점의 항:"},
    "landscape.why.mse_stalls": {
        "en": "every MSE term times at most {f}:\nrecorded {grad} = {g}, no push",
        "ko": "MSE의 모든 항에 {f} 이하가 곱해짐:\n기록된 {grad} = {g}, 밀어주지 못함",
    },
    "landscape.why.bce_pushes": {
        "en": "points with {y1}: each pushes with {m}:\nrecorded {grad} = {g}",
        "ko": "{y1}인 점: 각각 {m}로 밀어줌:\n기록된 {grad} = {g}",
    },
    "landscape.why.verdict": {
        "en": "after {n} epochs: MSE still at ({mw0}, {mw1}), BCE at ({bw0}, {bw1})",
        "ko": "{n} 에폭 후: MSE는 그대로 ({mw0}, {mw1}), BCE는 ({bw0}, {bw1})",
    },
    "landscape.why.reason": {
        "en": "MSE's terms carry {factor}, about 0 here; BCE's do not",
        "ko": "MSE의 항에는 여기서 거의 0인 {factor}이 곱해지고, BCE의 항에는 없다",
    },
    # the surface built once ----------------------------------------------------
    "landscape.once.point": {
        "en": "one (w0, w1) → one curve → one loss → one point on the surface",
        "ko": "(w0, w1) 하나 → 곡선 하나 → 손실 하나 → 곡면 위의 점 하나",
    },
    "landscape.once.row": {
        "en": "w0 swept with w1 fixed: a row of the surface",
        "ko": "w1을 고정하고 w0를 움직이면: 곡면의 한 줄",
    },
    "landscape.once.grid": {
        "en": "every w1: every row, the whole surface",
        "ko": "모든 w1에 대해: 모든 줄, 곡면 전체",
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
        "en": "stuck on a flat plateau:\n{grad} = {g}",
        "ko": "평평한 고원에 갇힘:\n{grad} = {g}",
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
        "en": "MSE at the start: a plateau,\n{dldw0} = {slope}",
        "ko": "초기값에서 MSE: 평지,\n{dldw0} = {slope}",
    },
    "landscape.mse_bce.section_bce_verdict": {
        "en": "BCE at the start: a slope down,\n{dldw0} = {slope}",
        "ko": "초기값에서 BCE: 내리막,\n{dldw0} = {slope}",
    },
    "landscape.mse_bce.summary_head": {
        "en": "{loss}: three starts, {n} epochs",
        "ko": "{loss}: 세 초기값, {n} 에폭",
    },
    "landscape.mse_bce.conclusion": {
        "en": "MSE: the start decides; the worst start has no hope.\nFix the loss: with BCE every start heads for W*.",
        "ko": "MSE: 초기값에 달려 있고, 최악의 초기값은 희망이 없어 보인다.\n손실함수의 개선: BCE를 쓰면 모든 초기값이 W*로 향한다.",
    },
    "landscape.verdict.mse_stuck": {
        "en": "MSE: flat at the start, {grad} = {g}:\nstays put",
        "ko": "MSE: 초기값에서 평평함, {grad} = {g}:\n그대로",
    },
    "landscape.verdict.bce_escapes": {
        "en": "BCE: steep at the start, {grad} = {g}:\nescapes to ({w0}, {w1})",
        "ko": "BCE: 초기값에서 가파름, {grad} = {g}:\n({w0}, {w1})로 탈출",
    },
}
