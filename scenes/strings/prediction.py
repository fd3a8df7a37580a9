"""On-screen strings of the prediction videos of 05wk-1 (see scenes/strings/__init__.py).

The Korean follows the course's notes (../shared/course/05wk-1.md, section 1 "예측").
"""

STRINGS: dict[str, dict[str, str]] = {
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
}
