"""On-screen strings of the sgd videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # part titles
    "sgd.ten.title": {"en": "GD, SGD and minibatch SGD on 10 samples",
                      "ko": "10개 샘플로 보는 GD, SGD, 미니배치 SGD"},
    "sgd.shuffle.title": {"en": "DataLoader: which samples form each batch",
                          "ko": "DataLoader: 배치는 어떤 샘플로 이루어지나"},
    "sgd.mnist.title": {"en": "MNIST zeros vs ones: GD vs minibatch SGD",
                        "ko": "MNIST 0과 1: GD vs 미니배치 SGD"},
    "sgd.mnist.same": {"en": "{n} updates each: {e_gd} epochs x 1 batch, {e_mb} epochs x {b} batches",
                       "ko": "각각 {n}번 업데이트: {e_gd} 에폭 x 1 배치, {e_mb} 에폭 x {b} 배치"},
    "sgd.device.title": {"en": "CPU vs GPU: training time", "ko": "CPU vs GPU: 학습 시간"},
    # part 1
    "sgd.ten.gd": {"en": "GD: all {n} samples", "ko": "GD: 샘플 {n}개 전부"},
    "sgd.ten.sgd": {"en": "SGD: {n} sample", "ko": "SGD: 샘플 {n}개"},
    "sgd.ten.minibatch": {"en": "minibatch: {n} samples", "ko": "미니배치: 샘플 {n}개"},
    "sgd.ten.setup": {"en": "same start (w0, w1) = ({w0}, {w1}), lr = {lr}, {n} updates each",
                      "ko": "같은 시작점 (w0, w1) = ({w0}, {w1}), 학습률 {lr}, 각각 {n}번 업데이트"},
    "sgd.ten.lit": {"en": "lit: the samples in this update's loss",
                    "ko": "밝은 점: 이번 업데이트의 손실에 들어간 샘플"},
    "sgd.ten.fit": {"en": "each run's fitted line", "ko": "각 방법의 적합선"},
    "sgd.ten.minimum": {"en": "least squares ({w0}, {w1})", "ko": "최소제곱해 ({w0}, {w1})"},
    "sgd.ten.loss_sum": {"en": "L (all 10)", "ko": "L (10개 전부)"},
    "sgd.ten.steady": {"en": "GD: lr x largest curvature = {lr} x {lam} = {prod} < 1: no step turns back",
                       "ko": "GD: 학습률 x 가장 큰 곡률 = {lr} x {lam} = {prod} < 1: 되돌아가는 스텝 없음"},
    "sgd.ten.rises": {"en": "L rose in {k} of {n} updates", "ko": "{n}번 중 {k}번 L 증가"},
    "sgd.update_of": {"en": "update {k} / {n}", "ko": "업데이트 {k} / {n}"},
    # part 2
    "sgd.shuffle.off": {"en": "shuffle=False: the same batches every epoch",
                        "ko": "shuffle=False: 매 에폭 같은 배치"},
    "sgd.shuffle.on": {"en": "shuffle=True: new batches every epoch",
                       "ko": "shuffle=True: 에폭마다 새 배치"},
    "sgd.shuffle.epoch": {"en": "epoch {e}", "ko": "에폭 {e}"},
    "sgd.shuffle.last_alone": {"en": "{sum}: the last batch holds what is left ({last})",
                               "ko": "{sum}: 마지막 배치에는 남은 샘플만 ({last}개)"},
    "sgd.shuffle.cover": {"en": "every epoch still uses each sample exactly once",
                          "ko": "그래도 매 에폭 모든 샘플을 정확히 한 번씩 사용"},
    # part 3
    "sgd.mnist.gd": {"en": "GD (full batch)", "ko": "GD (전체 배치)"},
    "sgd.mnist.minibatch": {"en": "minibatch ({n})", "ko": "미니배치 ({n})"},
    "sgd.mnist.accuracy": {"en": "train accuracy", "ko": "학습 정확도"},
    "sgd.mnist.memory": {"en": "{n} images per update ({mb} MB)", "ko": "업데이트마다 이미지 {n}장 ({mb} MB)"},
    "sgd.mnist.updates": {"en": "update", "ko": "업데이트"},
    "sgd.mnist.loss": {"en": "BCE loss", "ko": "BCE 손실"},
    "sgd.mnist.zoom": {"en": "updates {a}-{z}: minibatch loss jumps batch to batch ({b} per epoch)",
                       "ko": "업데이트 {a}-{z}: 미니배치 손실은 배치마다 출렁임 (에폭당 {b}개)"},
    "sgd.mnist.digits": {"en": "test digits: the minibatch model's probability of a one",
                         "ko": "테스트 숫자: 미니배치 모델이 예측한 1일 확률"},
    # part 4
    "sgd.device.net": {"en": "the course's net 1 -> w -> 1, Adam, MSE, {n} points",
                       "ko": "강의의 신경망 1 -> w -> 1, Adam, MSE, 점 {n}개"},
    "sgd.device.seconds": {"en": "seconds per {e} epochs (log scale)", "ko": "{e} 에폭당 초 (로그 눈금)"},
    "sgd.device.width": {"en": "hidden nodes w", "ko": "은닉 노드 수 w"},
    "sgd.device.no_gpu": {"en": "no CUDA GPU where this was recorded: no GPU bar of ours",
                          "ko": "이 기록을 만든 컴퓨터에 CUDA GPU 없음: 우리 GPU 막대 없음"},
    "sgd.device.speedup": {"en": "here: GPU {x}x faster at {w} nodes", "ko": "여기서: {w} 노드에서 GPU가 {x}배 빠름"},
    "sgd.device.growth": {"en": "our CPU: {x}x the time for {r}x the nodes",
                          "ko": "우리 CPU: 노드 {r}배에 시간 {x}배"},
    "sgd.device.cpu": {"en": "CPU, measured here ({m} epochs, x{f})", "ko": "CPU, 여기서 측정 ({m} 에폭, x{f})"},
    "sgd.device.cuda": {"en": "GPU, measured here ({m} epochs, x{f})", "ko": "GPU, 여기서 측정 ({m} 에폭, x{f})"},
    "sgd.device.course_cpu": {"en": "CPU, the course's figure", "ko": "CPU, 강의 노트의 값"},
    "sgd.device.course_gpu": {"en": "GPU, the course's figure", "ko": "GPU, 강의 노트의 값"},
    "sgd.device.faster": {"en": "the course, {w} nodes: CPU {c} s, GPU {g} s: the CPU is faster?",
                          "ko": "강의, {w} 노드: CPU {c}초, GPU {g}초: cpu가 더 빠르게 나온다..?"},
    "sgd.device.course_big": {"en": "the course: at {w} nodes the GPU is about {x}x faster",
                              "ko": "강의: node가 {w}인 경우 gpu가 {x}배 더 빠르다"},
    "sgd.device.cpu_cores": {"en": "CPU: few cores, each works well", "ko": "CPU: 수가 적지만 일을 잘하는 코어"},
    "sgd.device.gpu_cores": {"en": "GPU: many cores, each works poorly", "ko": "GPU: 일은 못하지만 다수의 코어"},
}


#: The course's own timing figures, quoted from its notes (../shared/course/05wk-2.md, section
#: "2. CPU vs GPU", "시간 측정 : cpu vs gpu (500 nodes)"): measured on the course's machine, shown
#: only as the course's, never as a measurement of ours. The 200,000-node result is a ratio only.
COURSE_TIMING = {
    "source": "05wk-2 notes, 2. CPU vs GPU",
    "epochs": 1000,          # for epoc in range(1000)
    "width": 500,            # torch.nn.Linear(1,500)
    "cpu_seconds": 0.36,     # "0.36초가 걸린다."
    "gpu_seconds": 0.58,     # "0.58 초가 걸린다."
    "big_width": 200_000,    # "node가 200,000 인 경우"
    "big_speedup": 80,       # "gpu가 80배 더 빠르다"
}
