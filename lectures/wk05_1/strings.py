"""On-screen strings of 05wk-1: prediction, the linear regression's landscape, overfitting and dropout.

The prediction's Korean follows the course's notes (../shared/course/05wk-1.md, section 1 "예측").
"""

STRINGS: dict[str, dict[str, str]] = {
    # part titles
    "dropout.overfit.title": {"en": "Overfitting: fitting pure noise", "ko": "오버피팅: 순수한 잡음을 맞추기"},
    "dropout.masks.title": {"en": "Dropout during training: the real masks", "ko": "학습 중의 드랍아웃: 실제 마스크"},
    "dropout.eval.title": {"en": "Training mode vs net.eval()", "ko": "학습 모드와 net.eval()"},
    "dropout.arithmetic.title": {"en": "What Dropout(0.9) does to a tensor", "ko": "Dropout(0.9)가 텐서에 하는 일"},
    "dropout.placement.title": {"en": "Where does dropout go?", "ko": "드랍아웃은 어디에 두는가?"},
    "dropout.scaling.title": {"en": "Why survivors are multiplied by 1/(1-p)", "ko": "살아남은 값에 1/(1-p)를 곱하는 이유"},
    # part 1: overfitting
    "dropout.overfit.setup": {
        "en": "y = randn(100) × 0.01 is pure noise: nothing to learn. Train on the first 80, test on the last 20.",
        "ko": "y = randn(100) × 0.01: 순수한 잡음, 배울 것이 없다. 앞의 80개로 학습, 뒤의 20개로 테스트.",
    },
    "dropout.overfit.net": {"en": "Linear(1,512) → ReLU → Linear(512,1), Adam, MSE", "ko": "Linear(1,512) → ReLU → Linear(512,1), Adam, MSE"},
    "dropout.overfit.legend_fit": {"en": "fitted net(x)", "ko": "적합된 net(x)"},
    "dropout.overfit.chases": {
        "en": "Train: its MSE is below that of predicting 0 (the underlying): the net has fitted part of the error",
        "ko": "학습 자료: 0 (언더라잉)을 예측할 때보다 MSE가 작다 = 오차항의 일부를 적합했다",
    },
    "dropout.overfit.wild": {
        "en": "Test: on the 20 unseen points its MSE is {ratio}× that of predicting 0: overfitting",
        "ko": "테스트 자료: 처음 보는 20개에서 0을 예측할 때의 {ratio}배 = 오버피팅",
    },
    "dropout.overfit.cybenko": {
        "en": "Cybenko: one hidden layer can fit anything, the error included.\nIt guarantees nothing about unseen data.",
        "ko": "시벤코 정리: 은닉층 하나로 무엇이든, 오차까지 맞출 수 있다.\n처음 보는 자료에서 잘 맞는다는 보장은 없다.",
    },
    "dropout.overfit.mse_title": {"en": "MSE against predicting 0", "ko": "MSE: 0 예측과 비교"},
    "dropout.overfit.train_panel": {"en": "train (80)", "ko": "학습 (80개)"},
    "dropout.overfit.test_panel": {"en": "test (20)", "ko": "테스트 (20개)"},
    # part 2: masks
    "dropout.masks.net": {"en": "Linear(1,512) → ReLU → Dropout(0.8) → Linear(512,1)", "ko": "Linear(1,512) → ReLU → Dropout(0.8) → Linear(512,1)"},
    "dropout.masks.grid": {
        "en": "the {n} hidden units of training point {sample} (x = {x})",
        "ko": "학습 자료 {sample}번 (x = {x})의 은닉 노드 {n}개",
    },
    "dropout.masks.kept": {"en": "point {sample}: kept", "ko": "{sample}번 자료: 유지"},
    "dropout.masks.all_kept": {
        "en": "all 80 points, all epochs: {percent}% kept (each unit kept with probability 1 − {p})",
        "ko": "80개 자료, 모든 에폭: {percent}% 유지 (각 노드가 1 − {p}의 확률로 유지)",
    },
    "dropout.masks.before": {"en": "before dropout: every unit passes, ×1", "ko": "드랍아웃 전: 모든 노드가 그대로 ×1"},
    "dropout.masks.after": {
        "en": "dropout: {percent}% of the units dropped (their terms vanish), survivors ×{scale}",
        "ko": "드랍아웃: 노드의 {percent}%가 꺼지고 (항이 사라짐) 살아남은 노드는 ×{scale}",
    },
    "dropout.masks.legend_relu": {"en": "0 by ReLU", "ko": "렐루가 만든 0"},
    "dropout.masks.relu": {
        "en": "{n} of the {total} units are 0 already: ReLU zeroed them (no dropout yet)",
        "ko": "{total}개 중 {n}개는 이미 0: 렐루가 0으로 만든 노드 (아직 드랍아웃 전)",
    },
    "dropout.masks.terms": {"en": "each unit's term (point {sample}):", "ko": "각 노드의 항 ({sample}번 자료):"},
    "dropout.masks.sum": {
        "en": "the output of point {sample} is the sum of all its terms, plus b",
        "ko": "{sample}번 자료의 출력 = 모든 항의 합 + b",
    },
    "dropout.masks.each": {"en": "every training point gets its own mask, so its own output", "ko": "학습 자료마다 자기 마스크, 그래서 각자의 출력"},
    "dropout.masks.updates": {
        "en": "every update draws new masks; the outputs shrink to the noise's scale (the axes rescale)",
        "ko": "업데이트마다 새 마스크; 출력은 잡음의 크기로 줄어든다 (축의 눈금이 바뀐다)",
    },
    "dropout.masks.legend_dropped": {"en": "dropped (0)", "ko": "버려짐 (0)"},
    "dropout.masks.legend_kept": {"en": "kept, ×{scale}", "ko": "유지, ×{scale}"},
    "dropout.masks.legend_output": {"en": "net(x), training mode", "ko": "학습 모드의 net(x)"},
    "dropout.masks.legend_point": {"en": "point {sample} (the grid's)", "ko": "{sample}번 자료 (왼쪽 격자)"},
    "dropout.masks.loss": {"en": "recorded loss", "ko": "기록된 손실"},
    "dropout.masks.recorded": {
        "en": "masks: torch's own draws,\nrecorded in the course's run",
        "ko": "마스크: 수업의 학습에서\ntorch가 실제로 뽑은 것을 기록",
    },
    # part 3: train vs eval
    "dropout.eval.wrong": {"en": "Wrong: net(x) with the net still in training mode", "ko": "잘못된 사용: 학습 모드 그대로 net(x)"},
    "dropout.eval.draw": {"en": "call {n}: a new mask", "ko": "{n}번째 호출: 새 마스크"},
    "dropout.eval.right": {"en": "Right: net.eval() turns dropout off", "ko": "올바른 사용: net.eval()로 드랍아웃을 끈다"},
    "dropout.eval.smooth": {"en": "same weights, one curve", "ko": "같은 가중치, 하나의 곡선"},
    "dropout.eval.legend_train_mode": {"en": "net(x), training mode", "ko": "net(x), 학습 모드"},
    "dropout.eval.legend_eval": {"en": "net(x) after net.eval()", "ko": "net.eval() 후의 net(x)"},
    "dropout.eval.legend_no_dropout": {"en": "net without dropout", "ko": "드랍아웃 없는 net"},
    "dropout.eval.test_mse_title": {"en": "test MSE (20 unseen points)", "ko": "테스트 MSE (처음 보는 20개)"},
    "dropout.eval.test_mse_no_dropout": {"en": "without dropout  {value}", "ko": "드랍아웃 없음  {value}"},
    "dropout.eval.test_mse_dropout": {"en": "with dropout  {value}", "ko": "드랍아웃 사용  {value}"},
    "dropout.eval.helps": {
        "en": "On unseen data the dropout net's error is {ratio}× smaller: dropout curbs overfitting",
        "ko": "처음 보는 자료에서 오차가 {ratio}배 작다: 드랍아웃은 오버피팅을 억제한다",
    },
    # part 4: arithmetic
    "dropout.arithmetic.zeroed": {
        "en": "{n_dropped} of {n} set to 0: each is dropped with probability {p}",
        "ko": "{n}개 중 {n_dropped}개가 0: 각 값이 {p}의 확률로 0이 된다",
    },
    "dropout.arithmetic.scaled": {
        "en": "the {n_kept} survivors ×{scale}:  {before} × {scale} = {after}",
        "ko": "살아남은 {n_kept}개는 {scale}배:  {before} × {scale} = {after}",
    },
    "dropout.arithmetic.eval": {"en": "eval mode: output = input", "ko": "평가 모드: 출력 = 입력"},
    "dropout.arithmetic.key_dropped": {"en": "dropped: 0", "ko": "버려짐: 0"},
    "dropout.arithmetic.key_kept": {"en": "survivor ×{scale}", "ko": "살아남은 값 ×{scale}"},
    "dropout.arithmetic.seed": {"en": "torch.manual_seed({seed})", "ko": "torch.manual_seed({seed})"},
    "dropout.arithmetic.course": {
        "en": "The course's printout: its own random draw (not seeded), so other cells survive",
        "ko": "수업 자료의 출력: 시드 없이 뽑은 다른 난수, 그래서 살아남은 칸이 다르다",
    },
    "dropout.arithmetic.course_onoff": {"en": "the course's property 2:", "ko": "수업 자료의 성질 2:"},
    "dropout.arithmetic.course_only": {"en": "the only survivor of {n}", "ko": "{n}개 중 유일하게 살아남은 값"},
    "dropout.arithmetic.same_rule": {
        "en": "Different draws, the same rule: ×10 for survivors, 0 for the rest; off in eval mode",
        "ko": "뽑힌 칸은 달라도 규칙은 같다: 살아남은 값은 10배, 나머지는 0; 평가 모드에서는 그대로",
    },
    # part 5: placement
    "dropout.placement.same_mask": {
        "en": "torch.manual_seed({seed}) before each call: the same mask on both sides",
        "ko": "호출마다 torch.manual_seed({seed}): 양쪽에 같은 마스크",
    },
    "dropout.placement.kept": {"en": "kept by the mask", "ko": "마스크가 유지한 값"},
    "dropout.placement.dropped": {"en": "dropped by the mask", "ko": "마스크가 버린 값"},
    "dropout.placement.relu_equal": {
        "en": "relu(0) = 0: dropout(relu(u)) = relu(dropout(u)), the order does not matter",
        "ko": "relu(0) = 0: dropout(relu(u)) = relu(dropout(u)), 순서가 상관없다",
    },
    "dropout.placement.sigmoid_differ": {
        "en": "sigmoid(0) = 0.5: a dropped unit is not 0 any more, the order matters",
        "ko": "sigmoid(0) = 0.5: 버려진 값이 0이 아니다, 순서가 중요하다",
    },
    "dropout.placement.rule": {
        "en": "Dropout goes right after the activation (otherwise it cannot make zeros)",
        "ko": "드랍아웃은 활성화 함수 바로 뒤에 오는게 맞음 (그렇지 않다면 0을 만들 수 없음)",
    },
    "dropout.placement.relu_note": {
        "en": "with ReLU the order does not matter, so it is sometimes put just before",
        "ko": "그렇지만 ReLU의 경우 활성화 함수 직전에 취하기도 함",
    },
    # part 6: scaling (the course's 05wk-1 D, "the need for mean correction")
    "dropout.scaling.net": {
        "en": "trained with Dropout({p}) for {epochs} epochs, then net.eval(): every piece is used",
        "ko": "Dropout({p})로 {epochs} 에폭 학습한 뒤 net.eval(): 모든 조각을 사용",
    },
    "dropout.scaling.data": {"en": "the data: y = relu(20x) + noise, 300 points", "ko": "데이터: y = relu(20x) + 잡음, 300개"},
    "dropout.scaling.pieces_title": {"en": "{n} of the {total} ReLUs", "ko": "{total}개 렐루 중 {n}개"},
    "dropout.scaling.pieces": {
        "en": "net(x) = U @ W: the sum of {total} ReLU pieces (each unit's output × its weight)",
        "ko": "net(x) = U @ W: 렐루 조각 {total}개의 합 (각 노드의 출력 × 가중치)",
    },
    "dropout.scaling.count": {"en": "pieces added", "ko": "더한 조각"},
    "dropout.scaling.summed": {
        "en": "all {total} pieces added up: the fitted curve net(x)",
        "ko": "{total}개를 모두 더하면 적합된 곡선 net(x)",
    },
    "dropout.scaling.suppose": {
        "en": "Suppose only 10% of the pieces were used: Dropout({p}) keeps each with probability {keep}",
        "ko": "만약 10%만 사용되었다면? Dropout({p}): 각 조각이 {keep}의 확률로 살아남는다",
    },
    "dropout.scaling.keep": {
        "en": "one random draw: {kept} of {total} kept ({percent}%)",
        "ko": "한 번 뽑은 결과: {total}개 중 {kept}개 유지 ({percent}%)",
    },
    "dropout.scaling.without": {"en": "survivors only: about 1/10", "ko": "살아남은 조각만: 약 1/10"},
    "dropout.scaling.with": {"en": "survivors ×{scale}", "ko": "살아남은 조각 ×{scale}"},
    "dropout.scaling.average": {"en": "mean of {n} draws ×{scale}", "ko": "{n}번 뽑은 평균 ×{scale}"},
    "dropout.scaling.legend_data": {"en": "data ({n} points)", "ko": "데이터 ({n}개)"},
    "dropout.scaling.full": {"en": "all {n} pieces", "ko": "조각 {n}개 전체"},
    "dropout.scaling.why": {
        "en": "×{scale} = 1/(1−p) corrects the mean: the sum stays about the same",
        "ko": "×{scale} = 1/(1−p): 출력의 평균값을 보정 (총합이 대체로 일정)",
    },
    # training flag (the course's net.training / net.eval())
    "dropout.flag.title": {"en": "net.training: dropout on in training, off in eval", "ko": "net.training: 학습할 때만 드랍아웃"},
    "dropout.flag.net": {
        "en": "the trained net with Dropout({p}); xx = the last {n} test inputs",
        "ko": "Dropout({p})로 학습한 net; xx = 테스트 입력의 마지막 {n}개",
    },
    "dropout.flag.differ": {"en": "differs between calls", "ko": "두 호출에서 다른 값"},
    "dropout.flag.train": {
        "en": "training mode: a new mask every call, so the same xx gives different outputs",
        "ko": "학습 모드: 호출마다 새 마스크, 같은 xx에 다른 출력",
    },
    "dropout.flag.eval": {
        "en": "after net.eval(): dropout is off, the same output every call",
        "ko": "net.eval() 후: 드랍아웃이 무력화, 호출마다 같은 출력",
    },
    "dropout.flag.rule": {
        "en": "on/off: dropout on while training, off when not training",
        "ko": "on/off: 학습시에는 dropout on / 학습을 하지 않을 경우는 dropout off",
    },
    # overfitting, defined (the course's 05wk-1 2A, 2D)
    "dropout.def.title": {"en": "Overfitting: fitting the error", "ko": "오버피팅 (시벤코정리의 이면)"},
    "dropout.def.data": {"en": "data", "ko": "데이터"},
    "dropout.def.underlying": {"en": "underlying", "ko": "언더라잉"},
    "dropout.def.error": {"en": "error", "ko": "오차"},
    "dropout.def.noise": {
        "en": "Here y is pure noise: the underlying is 0, every point is all error",
        "ko": "여기서 y는 순수한 잡음: 언더라잉은 0, 모든 점이 오차",
    },
    "dropout.def.should": {
        "en": "What we should fit from the data is the underlying",
        "ko": "데이터로부터 적합할 것은 언더라잉",
    },
    "dropout.def.overfit": {
        "en": "Overfitting: the net fits the error term instead",
        "ko": "오버피팅: 언더라잉 대신 오차항을 적합하고 있는 현상",
    },
    "dropout.def.legend_underlying": {"en": "underlying (0)", "ko": "언더라잉 (0)"},
    "dropout.def.anything": {
        "en": "With m large, this net can fit almost anything",
        "ko": "m이 매우 클때 이 네트워크는 거의 무엇이든 맞출 수 있다고 보면 된다",
    },
    "dropout.def.legend_data": {"en": "data ({n} points)", "ko": "데이터 ({n}개)"},
    "dropout.def.legend_fit_all": {"en": "net(x), fitted to all {n}", "ko": "{n}개 전부로 적합한 net(x)"},
    "dropout.def.mse_all": {"en": "MSE on the {n} points", "ko": "{n}개 자료의 MSE"},
    # summary (the course's 05wk-1 3B "dropout layer, summed up" and 3C)
    "dropout.summary.title": {"en": "The dropout layer, summed up", "ko": "드랍아웃 레이어 정리"},
    "dropout.summary.compute": {
        "en": "Computation: set some inputs to 0 at random,\nscale the rest so the total\nstays the same on average",
        "ko": "계산: 입력의 일부를 임의로 0으로 만들고, 0이 안된것들은\n스칼라배하여 총합이 (평균적으로)\n대체로 일정하게 되도록 조정",
    },
    "dropout.summary.mean_total": {"en": "mean over {n} masks:", "ko": "마스크 {n}개의 평균:"},
    "dropout.summary.onoff": {
        "en": "On/off: dropout on while training,\noff when not training",
        "ko": "on/off: 학습시에는 dropout on /\n학습을 하지 않을 경우는 dropout off",
    },
    "dropout.summary.penalty": {"en": "Feeling: learning under a deliberate penalty", "ko": "느낌: 일부러 패널티를 안고 학습하는 느낌"},
    "dropout.summary.effect": {"en": "Effect: it curbs overfitting", "ko": "효과: 오버피팅을 억제하는 효과가 있음"},
    "dropout.summary.note": {
        "en": "Note: dropout is not the only way\nto fight overfitting",
        "ko": "참고: 오버피팅을 잡는 방법은\n드랍아웃만 있는게 아니다",
    },
    "dropout.summary.placement": {
        "en": "Placement: right after the activation\n(ReLU does not care)",
        "ko": "위치: 활성화 함수 바로 뒤 (ReLU는 상관없음)",
    },
    "dropout.summary.penalty_panel": {
        "en": "one recorded mask:\n{percent}% of {n} units dropped",
        "ko": "기록된 마스크 하나:\n노드 {n}개 중 {percent}%가 꺼짐",
    },
    # prediction
    "prediction.goal.title": {"en": "Prediction is the goal", "ko": "예측"},
    "prediction.goal.goal": {
        "en": "Keep in mind: predicting is our goal",
        "ko": "예측하는 것이 우리의 목표임을 알아두자",
    },
    "prediction.goal.x_name": {"en": "temperature  x", "ko": "온도  x"},
    "prediction.goal.y_name": {"en": "coffee sales  y", "ko": "커피 판매량  y"},
    "prediction.goal.data": {"en": "data (x, y)", "ko": "데이터 (x, y)"},
    "prediction.goal.fit": {"en": "fitted line (epoch {epoch})", "ko": "학습된 직선 (에폭 {epoch})"},
    "prediction.goal.question": {
        "en": "At 0.1 and 0.2 degrees,\nhow much coffee do we sell?",
        "ko": "온도가 [0.1, 0.2] 일때,\n커피를 얼마나 팔까?",
    },
    "prediction.goal.zoom": {"en": "zoom: x from 0 to 0.3", "ko": "확대: x는 0에서 0.3까지"},
    "prediction.goal.conclusion": {
        "en": "net(xx): the same as putting {xx} into x = the predictions",
        "ko": "net(xx): x값에 {xx}을 넣은 효과와 같다 = 예측값을 구한 것",
    },
    # linear regression: fit, then predict
    "landscape.linreg.title": {
        "en": "Linear regression: down the loss surface to the fitted line",
        "ko": "선형회귀: 손실 곡면을 따라 내려가 적합된 직선으로",
    },
    "landscape.data": {"en": "data", "ko": "데이터"},
    "landscape.fit_line": {"en": "fitted line", "ko": "학습된 직선"},
    "landscape.linreg.bottom": {
        "en": "The bottom of the MSE surface is the line that fits the data best",
        "ko": "MSE 곡면의 바닥 = 데이터에 가장 잘 맞는 직선",
    },
}
