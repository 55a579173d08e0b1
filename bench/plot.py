"""The latency distribution of each load level, as a PNG beside the JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List


def latency_plot(samples: Dict[str, List[float]], throughput: Dict[str, float], target: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(samples)
    names = ["parse seul" if k == "parse" else f"tour, concurrence {k[1:]}" for k in labels]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    left.boxplot(
        [samples[k] for k in labels],
        labels=names,
        whis=(5, 95),
        showfliers=True,
        flierprops={"markersize": 2, "alpha": 0.4},
    )
    left.set_yscale("log")
    left.set_ylabel("latence (ms, échelle log)")
    left.set_title("Distribution des latences (moustaches : p5–p95)")
    left.tick_params(axis="x", labelrotation=20)
    left.grid(axis="y", alpha=0.3)
    turns = [k for k in labels if k != "parse"]
    right.bar([k[1:] for k in turns], [throughput[k] for k in turns], color="#1f3a5f")
    right.set_xlabel("concurrence")
    right.set_ylabel("tours par seconde")
    right.set_title("Débit des tours REST complets")
    right.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return target
