"""What the bot costs to run: training time, cold start, peak memory of each server, model size."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List

from bot.stack import Service
from bot.training import training_record_path


def _tree(pid: int) -> List[int]:
    """The process and all its descendants (from /proc)."""
    children: Dict[int, List[int]] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            children.setdefault(int(fields["PPid"].strip()), []).append(int(fields["Pid"].strip()))
        except (OSError, KeyError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _peak_rss_kb(pid: int) -> int:
    """VmHWM: the highest resident memory the process has had."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory_mb(services: List[Service]) -> Dict[str, float]:
    """Peak RSS of each server (its biggest process: the children are forks or wrappers)."""
    return {
        service.label: round(max((_peak_rss_kb(p) for p in _tree(service.process.pid)), default=0) / 1024, 1)
        for service in services
        if service.process is not None
    }


def last_training() -> Dict[str, object] | None:
    """What `make train` recorded about the last training of the model."""
    record = training_record_path()
    return json.loads(record.read_text(encoding="utf-8")) if record.is_file() else None


def model_size_mb(model: Path) -> float:
    return round(model.stat().st_size / 1024 / 1024, 1)
