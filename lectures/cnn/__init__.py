"""CNN on MNIST 0/1 (dl2024 05wk-2): the complaint about flattening images, Conv2d as a sliding weighted
sum on a real digit, ReLU and MaxPool2d on real feature maps, Flatten 16×12×12 -> 2304, and the course's
net trained 50 full-batch epochs with Adam: its filters, one digit's feature maps, its predictions."""

from . import experiments, notes_examples  # noqa: F401  (registers the runs; discovery imports .parts, the lesson)
