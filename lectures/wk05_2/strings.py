"""On-screen strings of the sgd videos (see scenes/strings/__init__.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # part titles
    "sgd.ten.title": {"en": "GD, SGD and minibatch SGD on 10 samples",
                      "ko": "10개 샘플로 보는 GD, SGD, 미니배치 SGD"},
    "sgd.shuffle.title": {"en": "DataLoader: which samples form each batch",
                          "ko": "DataLoader: 배치는 어떤 샘플로 이루어지나"},
    "sgd.mnist.title": {"en": "MNIST zeros vs ones: GD vs minibatch SGD",
                        "ko": "MNIST 0과 1: GD vs 미니배치 SGD"},
    "sgd.mnist.same": {"en": "{n} updates each: {e_gd} epochs × 1 batch, {e_mb} epochs × {b} batches",
                       "ko": "각각 {n}번 업데이트: {e_gd} 에폭 × 1 배치, {e_mb} 에폭 × {b} 배치"},
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
    "sgd.ten.steady": {"en": "GD: lr × largest curvature = {lr} × {lam} = {prod} < 1: no step turns back",
                       "ko": "GD: 학습률 × 가장 큰 곡률 = {lr} × {lam} = {prod} < 1: 되돌아가는 스텝 없음"},
    "sgd.ten.zoom": {"en": "magnified: updates {a}-{b}, a dot per update: GD goes straight, SGD and minibatch zigzag",
                     "ko": "업데이트 {a}-{b} 확대, 점 하나가 업데이트 하나: GD는 곧게, SGD와 미니배치는 지그재그"},
    "sgd.ten.why_minibatch": {
        "en": "Why minibatch is noisy here: unshuffled, sorted samples\n(y = 1 first, then 0): each batch pulls its own way, the same\nevery epoch; and L is a sum: 3 samples, about 3x the step",
        "ko": "미니배치가 요동치는 이유: 섞지 않은 정렬된 샘플\n(y = 1 먼저, 그다음 0): 배치마다 매 에폭 같은 쪽으로 당김;\n또 L은 합: 샘플 3개면 스텝도 약 3배",
    },
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
    "sgd.mnist.zoom": {"en": "zoom on updates {a}-{z}: the minibatch\nloss jumps batch to batch ({b} per epoch)",
                       "ko": "업데이트 {a}-{z} 확대: 미니배치 손실은\n배치마다 출렁임 (에폭당 {b}개)"},
    "sgd.mnist.digits": {"en": "test digits: the minibatch model's probability of a one",
                         "ko": "테스트 숫자: 미니배치 모델이 예측한 1일 확률"},
    # part 4
    "sgd.device.net": {"en": "the course's net 1 → w → 1, Adam, MSE, {n} points",
                       "ko": "강의의 신경망 1 → w → 1, Adam, MSE, 점 {n}개"},
    "sgd.device.seconds": {"en": "seconds per {e} epochs (log scale)", "ko": "{e} 에폭당 초 (로그 눈금)"},
    "sgd.device.width": {"en": "hidden nodes w", "ko": "은닉 노드 수 w"},
    "sgd.device.no_gpu": {"en": "no CUDA GPU where this was recorded: no GPU bar of ours",
                          "ko": "이 기록을 만든 컴퓨터에 CUDA GPU 없음: 우리 GPU 막대 없음"},
    "sgd.device.speedup": {"en": "here: GPU {x}× faster at {w} nodes", "ko": "여기서: {w} 노드에서 GPU가 {x}배 빠름"},
    "sgd.device.growth": {"en": "our CPU: {x}× the time for {r}× the nodes",
                          "ko": "우리 CPU: 노드 {r}배에 시간 {x}배"},
    "sgd.device.measured": {"en": "ours: the plain loop on {t} thread,\nthe median of {r} runs; {w} nodes,\n{e} epochs: wall {wall} s,\nCPU time {cpu} s",
                            "ko": "우리 측정: 스레드 {t}개로 돈\n기본 루프, {r}번 실행의 중앙값;\n{w} 노드, {e} 에폭: 경과 시간 {wall}초,\nCPU 시간 {cpu}초"},
    "sgd.device.cpu": {"en": "CPU here: {m} epochs × {f}", "ko": "여기 CPU: {m} 에폭 × {f}"},
    "sgd.device.cuda": {"en": "GPU here: {m} epochs × {f}", "ko": "여기 GPU: {m} 에폭 × {f}"},
    "sgd.device.course_cpu": {"en": "CPU, the course's", "ko": "CPU, 강의 노트"},
    "sgd.device.course_gpu": {"en": "GPU, the course's", "ko": "GPU, 강의 노트"},
    "sgd.device.faster": {"en": "the course, {w} nodes: CPU {c} s, GPU {g} s: the CPU is faster?",
                          "ko": "강의, {w} 노드: CPU {c}초, GPU {g}초: cpu가 더 빠르게 나온다..?"},
    "sgd.device.course_big": {"en": "the course: at {w} nodes the GPU is about {x}× faster",
                              "ko": "강의: node가 {w}인 경우 gpu가 {x}배 더 빠르다"},
    "sgd.device.cpu_cores": {"en": "CPU: few, strong cores", "ko": "CPU: 적지만 일을\n잘하는 코어"},
    "sgd.device.gpu_cores": {"en": "GPU: many, weak cores", "ko": "GPU: 일은 못하지만\n다수의 코어"},
    # sgd-motivation (wording of the Korean from the course's notes, 05wk-2 section 3)
    "sgd.motivation.title": {"en": "Why SGD? Isn't something odd here?", "ko": "의문: 좀 이상하지 않아요?"},
    "sgd.motivation.data": {"en": "the data we analyse:\n{n} points, y = 2x + noise",
                            "ko": "우리가 분석하는 데이터:\n{n}개의 점, y = 2x + 오차"},
    "sgd.motivation.drawn": {"en": "drawn: 1 point in {k}", "ko": "그림: {k}개 중 1개"},
    "sgd.motivation.too_much": {"en": "x.to(\"cuda:0\") for all of it?\n{mb} MB now, more as data grows;\nGPUs are expensive...",
                                "ko": "데이터가 커지면 x.to(\"cuda:0\")는\n난리나겠는걸? (지금 {mb} MB)\ngpu가 너무 비쌈.."},
    "sgd.motivation.idea": {"en": "idea: use only 1 point in {k}?", "ko": "아이디어: 데이터를 {k}개 중에\n1개 꼴로만 쓰면?"},
    "sgd.motivation.fit_all": {"en": "fit on all {n}", "ko": "{n}개 전부로 적합"},
    "sgd.motivation.fit_sub": {"en": "fit on {n} (1 in {k})", "ko": "{n}개로 적합 ({k}개 중 1개)"},
    "sgd.motivation.good_enough": {"en": "nearly the same line:\n1 point in 100 is accurate enough",
                                   "ko": "대충 이걸로만 적합해도\n충분히 정확할 것 같은데?"},
    "sgd.motivation.algo_title": {"en": "Do x, y all have to go to the GPU?",
                                  "ko": "x,y 데이터를 굳이 모두 gpu에 넘길 필요가 있나?"},
    "sgd.motivation.step1": {"en": "1. split the data in half", "ko": "1. 데이터를 반으로 나눈다."},
    "sgd.motivation.step2": {"en": "2. put the even obs' x, y and all of\n    net's parameters on the GPU",
                             "ko": "2. 짝수obs의 x,y 그리고 net의 모든\n    파라메터를 GPU에 올린다."},
    "sgd.motivation.step3": {"en": "3. yhat, loss, grad, update", "ko": "3. yhat, loss, grad, update 수행"},
    "sgd.motivation.step4": {"en": "4. take the even obs off the GPU,\n    put the odd obs on",
                             "ko": "4. 짝수obs의 x,y를 GPU메모리에서 내리고\n    홀수obs의 x,y를 올린다."},
    "sgd.motivation.step5": {"en": "5. yhat, loss, grad, update", "ko": "5. yhat, loss, grad, update 수행"},
    "sgd.motivation.step6": {"en": "6. take the odd obs off the GPU,\n    put the even obs on",
                             "ko": "6. 홀수obs의 x,y를 GPU메모리에서 내리고\n    짝수obs의 x,y를 올린다."},
    "sgd.motivation.step7": {"en": "7. repeat", "ko": "7. 반복"},
    "sgd.motivation.works": {"en": "Would that work? Yes.", "ko": "이러면 되는거아니야???? ---> 맞아요"},
    "sgd.motivation.gpu": {"en": "GPU memory", "ko": "GPU 메모리"},
    "sgd.motivation.params": {"en": "net's parameters", "ko": "net의 파라메터"},
    "sgd.motivation.even": {"en": "even obs", "ko": "짝수obs"},
    "sgd.motivation.odd": {"en": "odd obs", "ko": "홀수obs"},
    "sgd.motivation.terms_title": {"en": "The names", "ko": "용어의 정리"},
    "sgd.motivation.uses": {"en": "samples per slope", "ko": "slope 계산에 쓰는 샘플"},
    "sgd.motivation.old": {"en": "old", "ko": "옛날"},
    "sgd.motivation.new": {"en": "today", "ko": "요즘"},
    "sgd.motivation.all": {"en": "ver1: all", "ko": "ver1: 모든"},
    "sgd.motivation.one": {"en": "ver2: one", "ko": "ver2: 하나만"},
    "sgd.motivation.some": {"en": "ver3: m (≤ n)", "ko": "ver3: 몇개만 (m ≤ n)"},
    "sgd.motivation.today_sgd": {"en": "today minibatch SGD is simply called SGD",
                                 "ko": "요즘은 ver3(몇개만)을 그냥 stochastic gradient descent라고 부름"},
    "sgd.motivation.ds_title": {"en": "Dataset (ds): the samples, indexed one by one",
                                "ko": "Dataset(ds): 샘플을 하나씩 인덱싱"},
    "sgd.motivation.ds_tensors": {"en": "looks like ds.tensors = (x, y)", "ko": "생긴건 ds.tensors = (x,y) 임"},
    "sgd.motivation.ds_item": {"en": "ds[0]: the first sample, (x_0, y_0)", "ko": "ds[0]: 첫 번째 샘플 (x_0, y_0)"},
    "sgd.motivation.tuple_item": {"en": "(x, y)[0]: all of x", "ko": "(x,y)[0]: x 전체"},
    "sgd.motivation.not_tuple": {"en": "not the tuple (x, y) itself: indexing works differently",
                                 "ko": "(x,y) 튜플자체는 아님.. 인덱싱이 다르게 동작"},
    # the course's names (English terms in both languages, as the course writes them)
    "sgd.terms.v1_old": {"en": "gradient descent,\nbatch gradient descent", "ko": "gradient descent,\nbatch gradient descent"},
    "sgd.terms.v2_old": {"en": "stochastic gradient descent", "ko": "stochastic gradient descent"},
    "sgd.terms.v3_old": {"en": "mini-batch gradient descent,\nmini-batch stochastic gradient descent",
                         "ko": "mini-batch gradient descent,\nmini-batch stochastic gradient descent"},
    "sgd.terms.v1_new": {"en": "gradient descent", "ko": "gradient descent"},
    "sgd.terms.v2_new": {"en": "stochastic gradient descent\nwith batch size = 1", "ko": "stochastic gradient descent\nwith batch size = 1"},
    "sgd.terms.v3_new": {"en": "stochastic gradient descent", "ko": "stochastic gradient descent"},
    # gpu-usage (05wk-2 section 2, "GPU 사용방법" and "주의점")
    "sgd.gpu.title": {"en": "Using a GPU in PyTorch", "ko": "파이토치에서 gpu를 쓰는 방법"},
    "sgd.gpu.cpu_mem": {"en": "CPU memory", "ko": "CPU 메모리"},
    "sgd.gpu.gpu_mem": {"en": "GPU memory (cuda:0)", "ko": "GPU 메모리 (cuda:0)"},
    "sgd.gpu.copy": {"en": "x.to(\"cuda:0\") returns a copy: x stays on the CPU",
                     "ko": "tensor: x.to(\"cuda:0\")는 복사본을 돌려줌, x는 cpu에 그대로"},
    "sgd.gpu.moves": {"en": "net.to(\"cuda:0\") moves the net itself", "ko": "net: net.to(\"cuda:0\")는 net 자체를 옮김"},
    # the comment written after net_gpu = net_cpu.to("cuda:0"), in the comments' grey
    "sgd.gpu.moved": {"en": "# the same net, moved", "ko": "# 같은 net을 옮긴 것"},
    # beside the GPU memory meter: what its fill shows
    "sgd.gpu.in_use": {"en": "in use", "ko": "사용 중"},
    "sgd.gpu.checked": {"en": "checked with torch now on device '{d}': x.to(d) is x: {a}, net.to(d) is net: {b}",
                        "ko": "지금 torch로 확인 (장치 '{d}'): x.to(d) is x: {a}, net.to(d) is net: {b}"},
    "sgd.gpu.memory": {"en": "the course's nvidia-smi: GPU memory in use grows after .to(\"cuda:0\")",
                       "ko": "강의의 nvidia-smi: gpu에 메모리를 올리면 gpu 메모리가 점유됨"},
    # beside the call itself, as the course's comment on it (the call was written twice on one line)
    "sgd.gpu.mismatch": {"en": "# fails: GPU works with GPU, CPU with CPU",
                         "ko": "# 이 경우는 안된다 (gpu는 gpu끼리, cpu는 cpu끼리 연산)"},
    "sgd.gpu.error_label": {"en": "torch's error on a CUDA machine (no CUDA here to run it):",
                            "ko": "CUDA가 있는 컴퓨터에서 torch의 오류 (여기에는 CUDA 없음):"},
    "sgd.gpu.timing": {"en": "the course, {e} epochs at {w} nodes: CPU {c} s, GPU {g} s\nat {W} nodes: the GPU is about {x}× faster",
                       "ko": "강의, {w} 노드로 {e} 에폭: CPU {c}초, GPU {g}초\nnode가 {W}인 경우 gpu가 {x}배 더 빠르다"},
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


#: torch's message when a CUDA net gets a CPU tensor (F.linear on cuda:0 weights with a cpu input); shown
#: labelled as torch's on a CUDA machine, since none is here to produce it
CUDA_MISMATCH_ERROR = ("RuntimeError: Expected all tensors to be on the same device,\n"
                       "but found at least two devices, cuda:0 and cpu!")
