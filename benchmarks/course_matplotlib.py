"""The course's own 03wk-2 animation, rebuilt as the baseline: matplotlib FuncAnimation.

20 frames, figure 7.5 x 3.5 in, left the data and the fitted curve, right a 3D scatter
of the 14,300-point loss surface with the path; written to MP4 at 1080p by ffmpeg.
Usage: python benchmarks/course_matplotlib.py OUT.mp4 [experiment-id] [frames]
(frames other than the course's 20 sample the first 100 epochs evenly, for per-frame timing).
"""

import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import animation  # noqa: E402

import engine  # noqa: E402


def main(out: str, eid: str = "03wk-2/mse-good", frames: int | str = 20) -> float:
    r = engine.record(eid)
    land = engine.landscape_for(r)
    W0, W1 = np.meshgrid(land.w0s, land.w1s)
    x, y = r.data("x")[:, 0], r.data("y")[:, 0]
    b, w, loss = r.param("0.bias")[:, 0], r.param("0.weight")[:, 0, 0], r.state_loss
    fig = plt.figure(figsize=(7.5, 3.5))
    ax1 = fig.add_subplot(1, 2, 1)
    ax2 = fig.add_subplot(1, 2, 2, projection="3d")
    ax1.plot(x, y, "o", alpha=0.02)
    ax1.plot(x, r.data("prob")[:, 0], "--")
    (line,) = ax1.plot(x, r.prediction[0][:, 0], "--b")
    ax2.scatter(W0.ravel(), W1.ravel(), land.loss.ravel(), s=0.001)
    ax2.scatter(-1, 5, land.at(-1, 5), s=200, marker="*")
    n = int(frames)
    frames = range(0, 100, 5) if n == 20 else np.linspace(0, 99, n).round().astype(int)  # course: 20 frames

    def animate(epoch):
        line.set_ydata(r.prediction[epoch][:, 0])
        ax2.scatter(b[epoch], w[epoch], loss[epoch], color="grey")
        return (line,)

    ani = animation.FuncAnimation(fig, animate, frames=frames)
    t0 = time.perf_counter()
    ani.save(out, writer=animation.FFMpegWriter(fps=10), dpi=1080 / 3.5)
    return time.perf_counter() - t0


if __name__ == "__main__":
    print(main(*sys.argv[1:]))
