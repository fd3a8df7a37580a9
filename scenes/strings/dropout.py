"""On-screen strings of the dropout videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # part titles
    "dropout.overfit.title": {"en": "Overfitting: fitting pure noise", "ko": "과적합: 순수한 잡음을 맞추기"},
    "dropout.masks.title": {"en": "Dropout during training: the real masks", "ko": "학습 중의 드롭아웃: 실제 마스크"},
    "dropout.eval.title": {"en": "Training mode vs net.eval()", "ko": "학습 모드와 net.eval()"},
    "dropout.arithmetic.title": {"en": "What Dropout(0.9) does to a tensor", "ko": "Dropout(0.9)가 텐서에 하는 일"},
    "dropout.placement.title": {"en": "Where does dropout go?", "ko": "드롭아웃은 어디에 두는가?"},
    "dropout.scaling.title": {"en": "Why survivors are multiplied by 1/(1-p)", "ko": "살아남은 값에 1/(1-p)를 곱하는 이유"},
    # part 1: overfitting
    "dropout.overfit.setup": {
        "en": "y is pure noise: nothing to learn. Train on 80 points, test on the last 20.",
        "ko": "y는 순수한 잡음: 배울 것이 없다. 앞의 80개로 학습, 뒤의 20개로 테스트.",
    },
    "dropout.overfit.net": {"en": "Linear(1,512) → ReLU → Linear(512,1), Adam, MSE", "ko": "Linear(1,512) → ReLU → Linear(512,1), Adam, MSE"},
    "dropout.overfit.train_mse": {"en": "train MSE {value}", "ko": "학습 MSE {value}"},
    "dropout.overfit.test_mse": {"en": "test MSE {value}", "ko": "테스트 MSE {value}"},
    "dropout.overfit.chases": {"en": "The fit chases the noise on the train points...", "ko": "학습 자료에서는 잡음을 따라가고...",},
    "dropout.overfit.wild": {"en": "...and is wild on the 20 unseen test points.", "ko": "...처음 보는 20개의 테스트 자료에서는 엉뚱하다."},
    "dropout.overfit.cybenko": {
        "en": "Cybenko: one hidden layer can fit anything. That says nothing about unseen data.",
        "ko": "Cybenko: 은닉층 하나로 무엇이든 맞출 수 있다. 처음 보는 자료에 대해서는 아무것도 말해 주지 않는다.",
    },
    # part 2: masks
    "dropout.masks.net": {"en": "Linear(1,512) → ReLU → Dropout(0.8) → Linear(512,1)", "ko": "Linear(1,512) → ReLU → Dropout(0.8) → Linear(512,1)"},
    "dropout.masks.grid": {
        "en": "the 512 hidden units of training sample {sample} (x = {x})",
        "ko": "학습 자료 {sample}번 (x = {x})의 은닉 노드 512개",
    },
    "dropout.masks.kept": {"en": "sample {sample}: kept", "ko": "{sample}번 자료: 유지"},
    "dropout.masks.all_kept": {"en": "all 80 samples: {percent}% kept", "ko": "80개 자료 전체: {percent}% 유지"},
    "dropout.masks.before": {"en": "before dropout: every unit passes, ×1", "ko": "드롭아웃 전: 모든 노드가 그대로 ×1"},
    "dropout.masks.after": {"en": "after dropout: 80% dark, survivors ×5", "ko": "드롭아웃 후: 80%는 꺼지고 살아남은 노드는 ×5"},
    "dropout.masks.legend_dropped": {"en": "dropped", "ko": "버려짐"},
    "dropout.masks.legend_kept": {"en": "kept, ×5", "ko": "유지, ×5"},
    "dropout.masks.curve": {
        "en": "training-mode output: a new mask each epoch",
        "ko": "학습 모드의 출력: 에폭마다 새 마스크",
    },
    "dropout.masks.loss": {"en": "recorded loss", "ko": "기록된 손실"},
    "dropout.masks.recorded": {
        "en": "masks: torch's own draws, recorded in the course's run",
        "ko": "마스크: 수업의 학습에서 torch가 실제로 뽑은 것을 기록",
    },
    # part 3: train vs eval
    "dropout.eval.wrong": {"en": "Wrong: net(x) with the net still in training mode", "ko": "잘못된 사용: 학습 모드 그대로 net(x)"},
    "dropout.eval.draw": {"en": "draw {n}: a new mask every call", "ko": "{n}번째 호출: 호출마다 새 마스크"},
    "dropout.eval.right": {"en": "Right: net.eval() turns dropout off", "ko": "올바른 사용: net.eval()로 드롭아웃을 끈다"},
    "dropout.eval.smooth": {"en": "the same weights, one smooth curve", "ko": "같은 가중치, 하나의 매끈한 곡선"},
    # part 4: arithmetic
    "dropout.arithmetic.zeroed": {"en": "{n_dropped} of 20 zeroed", "ko": "20개 중 {n_dropped}개가 0"},
    "dropout.arithmetic.scaled": {"en": "{n_kept} survivors ×{scale}", "ko": "살아남은 {n_kept}개는 ×{scale}"},
    "dropout.arithmetic.eval": {"en": "eval mode: output = input", "ko": "평가 모드: 출력 = 입력"},
    "dropout.arithmetic.seed": {"en": "torch.manual_seed({seed})", "ko": "torch.manual_seed({seed})"},
    # part 5: placement
    "dropout.placement.same_mask": {
        "en": "the same mask on both sides (reseeded before each call)",
        "ko": "양쪽에 같은 마스크 (호출마다 같은 시드)",
    },
    "dropout.placement.relu_equal": {"en": "relu(0) = 0: the order does not matter", "ko": "relu(0) = 0: 순서가 상관없다"},
    "dropout.placement.sigmoid_differ": {"en": "sigmoid(0) = 0.5: the order matters", "ko": "sigmoid(0) = 0.5: 순서가 중요하다"},
    # part 6: scaling
    "dropout.scaling.net": {
        "en": "Linear(1,1000) → ReLU → Dropout(0.1) → Linear(1000,1, bias=False), 5000 epochs, then eval",
        "ko": "Linear(1,1000) → ReLU → Dropout(0.1) → Linear(1000,1, bias=False), 5000 에폭, 그 다음 eval",
    },
    "dropout.scaling.pieces": {"en": "net(x) = the sum of 1000 ReLU pieces U·W (right: 100 of them)", "ko": "net(x) = ReLU 조각 U·W 1000개의 합 (오른쪽: 그중 100개)"},
    "dropout.scaling.count": {"en": "pieces added:", "ko": "더한 조각:"},
    "dropout.scaling.keep": {"en": "keep only {kept} of 1000 pieces ({percent}%)", "ko": "1000개 중 {kept}개만 유지 ({percent}%)"},
    "dropout.scaling.without": {"en": "no ×10: the sum collapses", "ko": "×10 없이: 합이 무너진다"},
    "dropout.scaling.with": {"en": "×10: back on average", "ko": "×10: 평균적으로 제자리"},
    "dropout.scaling.average": {"en": "mean of {n} draws ×10", "ko": "{n}번 뽑은 평균 ×10"},
    "dropout.scaling.full": {"en": "all 1000 pieces", "ko": "조각 1000개 전체"},
}
