"""myorec's performance budgets, measured side by side with the floor.

Run from the repository with the venv that has myorec installed active:

    python benchmarks/run.py            # about 30 s on 2 cores
    python benchmarks/run.py --runs 21  # more runs, tighter medians

Shared CI-class machines are noisy, so every start-up figure is a ratio to a
toy CLI (click + pydantic + tabulate, one model, one table: ``toy_cli.py``)
timed in the same rounds, interleaved with the commands it is compared with.
Commands run through the installed ``myorec`` console script, never a shim,
with bytecode compiled as pip does on install. Every figure is printed beside
its budget with its noise: half the interquartile range as a share of the
median. The exit status is 1 when a budget is missed.

This is not part of the test suite (pytest only collects ``tests/``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOY_CLI = HERE / "toy_cli.py"

#: The history database: ~100k sessions, about 9 a day for 30 years, ending today.
HISTORY_ROWS = 100_000
TODAY = dt.date.today()
WEEK = "{}-W{:02d}".format(*TODAY.isocalendar()[:2])
ENGINE_WEEKS = 100_000


@dataclass
class Figure:
    name: str
    value: str
    budget: str
    passed: bool | None
    noise: str


def quartile_noise(samples: Sequence[float]) -> float:
    """Half the interquartile range over the median: how much a typical run strays."""
    q1, _, q3 = statistics.quantiles(samples, n=4)
    return (q3 - q1) / 2 / statistics.median(samples)


def noise_text(*sample_sets: Sequence[float]) -> str:
    return "±" + " / ".join(f"{100 * quartile_noise(s):.0f}%" for s in sample_sets)


def verdict(passed: bool | None) -> str:
    return {True: "pass", False: "FAIL", None: "-"}[passed]


class Runner:
    """Runs the installed console script (and the toy floor) in a clean environment."""

    def __init__(self, myorec: Path, workdir: Path) -> None:
        self.myorec = myorec
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("MYOREC_")}
        # A wheel install has its bytecode compiled; measure that, not a recompile per run.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["HOME"] = str(workdir / "home")
        self.env["XDG_DATA_HOME"] = str(workdir / "xdg")
        self.env["COLUMNS"] = "200"

    def command(self, *args: str) -> list[str]:
        return [str(self.myorec), *args]

    def toy(self) -> list[str]:
        return [sys.executable, str(TOY_CLI)]

    def run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, env=self.env, capture_output=True, text=True, check=check)

    def time_once(self, argv: list[str]) -> float:
        start = time.perf_counter()
        result = subprocess.run(argv, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{result.stderr.decode()}")
        return elapsed

    def time_rounds(self, commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
        """Interleave the commands round by round, so drift hits all of them alike."""
        for argv in commands.values():  # warm the page cache and write bytecode
            for _ in range(2):
                self.time_once(argv)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                times[name].append(self.time_once(argv))
        return times

    def peak_of(self, argv: list[str]) -> tuple[float, float]:
        """Wall time (s) and peak resident memory (MiB) of one child process."""
        with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nothing to drain while waiting
            start = time.perf_counter()
            process = subprocess.Popen(argv, env=self.env, stdout=subprocess.DEVNULL, stderr=errors)
            _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                errors.seek(0)
                raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{errors.read().decode()}")
        return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def ratio_figure(
    name: str, times: list[float], floor: list[float], limit: float | None, floor_name: str
) -> Figure:
    """A median as a ratio to the floor's median from the same rounds; no limit means no budget."""
    median, floor_median = statistics.median(times), statistics.median(floor)
    ratio = median / floor_median
    return Figure(
        name,
        f"{1000 * median:.1f} ms = {ratio:.2f}× {floor_name}",
        "-" if limit is None else f"≤ {limit:.2f}×",
        None if limit is None else ratio <= limit,
        noise_text(times, floor),
    )


def startup(runner: Runner, db: Path, runs: int) -> list[Figure]:
    """Cold starts; the issue budgets --help and --demo, the log commands are shown for reference."""
    commands = {
        "toy": runner.toy(),
        "help": runner.command("--help"),
        "demo": runner.command("report", "--demo"),
        "log add": runner.command(
            "--db", str(db), "log", "add", "aerobic", "30", "--date", TODAY.isoformat()
        ),
        "report week": runner.command("--db", str(db), "report", "--week", WEEK),
    }
    times = runner.time_rounds(commands, runs)
    toy = times["toy"]
    return [
        Figure(
            "toy CLI floor (click + pydantic + tabulate)",
            f"{1000 * statistics.median(toy):.1f} ms",
            "-",
            None,
            noise_text(toy),
        ),
        ratio_figure("myorec --help", times["help"], toy, 0.60, "floor"),
        ratio_figure("myorec report --demo", times["demo"], toy, 1.15, "floor"),
        ratio_figure("myorec log add …", times["log add"], toy, None, "floor"),
        ratio_figure("myorec report --week (small log)", times["report week"], toy, None, "floor"),
    ]


def synthetic_weeks(count: int, seed: int = 6) -> list[dict[str, float | None]]:
    """Metrics of random but plausible weeks (0-9 sessions of every kind and intensity)."""
    from myorec.core.calendar import Day
    from myorec.core.intensity import Intensity
    from myorec.core.metrics import compute_metrics
    from myorec.core.sessions import Focus, Kind, Profile, Session

    rng = random.Random(seed)
    kinds, intensities, days = list(Kind), list(Intensity), list(Day)
    weeks = []
    for _ in range(count):
        sessions = []
        for _ in range(rng.randint(0, 9)):
            kind = rng.choice(kinds)
            sessions.append(
                Session.model_construct(
                    kind=kind,
                    minutes=rng.choice((10, 20, 30, 45, 60, 90)),
                    intensity=rng.choice(intensities),
                    rpe=None,
                    day=rng.choice(days),
                    date=None,
                    name=None,
                    focus=Focus.BALANCE if kind is Kind.MOBILITY and rng.random() < 0.4 else None,
                )
            )
        weeks.append(compute_metrics(sessions, Profile(age=rng.choice((None, 35, 52, 70)))))
    return weeks


def engine_throughput(repeats: int) -> list[Figure]:
    """Person-weeks per second through ``Engine.scores``, the path next steps and trends use.

    The budget is judged on CPU time (``time.process_time``): unlike the
    start-up figures this one has no floor to divide by, and on a shared
    machine wall time also counts the moments other processes held the CPU.
    Wall-clock rates are printed beside it.
    """
    from myorec.core.engine import Engine
    from myorec.rulefolder.loader import load_rule_set

    engine = Engine(load_rule_set())
    weeks = synthetic_weeks(ENGINE_WEEKS)

    def rates(
        function: Callable[[dict[str, float | None]], object], sample: list[dict[str, float | None]]
    ) -> tuple[list[float], list[float]]:
        cpu, wall = [], []
        for _ in range(repeats):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            for metrics in sample:
                function(metrics)
            cpu.append(len(sample) / (time.process_time() - cpu_start))
            wall.append(len(sample) / (time.perf_counter() - wall_start))
        return cpu, wall

    def value(cpu: list[float], wall: list[float]) -> str:
        return f"{statistics.median(cpu) / 1000:.0f}k/CPU-s (wall {statistics.median(wall) / 1000:.0f}k/s)"

    fast_cpu, fast_wall = rates(engine.scores, weeks)
    full_cpu, full_wall = rates(engine.evaluate, weeks[: ENGINE_WEEKS // 10])
    rules = len(engine.rule_set.rules)
    return [
        Figure(
            f"engine: person-weeks/s, Engine.scores, {rules} default rules, {ENGINE_WEEKS:,} weeks",
            value(fast_cpu, fast_wall),
            "≥ 300k/s",
            statistics.median(fast_cpu) >= 300_000,
            noise_text(fast_cpu),
        ),
        Figure(
            "engine: person-weeks/s, Engine.evaluate (full trace, for reference)",
            value(full_cpu, full_wall),
            "-",
            None,
            noise_text(full_cpu),
        ),
    ]


def write_history_csv(path: Path, rows: int, seed: int = 48, per_day: int = 9) -> None:
    """myorec's own CSV format, by default ~9 sessions a day for ~30 years, ending today."""
    rng = random.Random(seed)
    first_day = TODAY - dt.timedelta(days=(rows - 1) // per_day)
    kinds = ("aerobic", "aerobic", "resistance", "mobility")
    intensities = ("light", "moderate", "moderate", "vigorous")
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("date,kind,minutes,intensity,name\n")
        for index in range(rows):
            day = first_day + dt.timedelta(days=index // per_day)
            kind, minutes, intensity = rng.choice(kinds), rng.randint(10, 90), rng.choice(intensities)
            out.write(f"{day.isoformat()},{kind},{minutes},{intensity},session {index % 97}\n")


def history(runner: Runner, workdir: Path, runs: int, import_runs: int) -> list[Figure]:
    csv_path = workdir / "history.csv"
    write_history_csv(csv_path, HISTORY_ROWS)
    empty_csv = workdir / "empty.csv"
    empty_csv.write_text("date,kind,minutes,intensity,name\n", encoding="utf-8")

    walls, peaks = [], []
    for attempt in range(import_runs):
        db = workdir / f"history-{attempt}.db"
        wall, peak = runner.peak_of(runner.command("--db", str(db), "log", "import", str(csv_path)))
        walls.append(wall)
        peaks.append(peak)
    # The multiset match's worst case: every row on one day, imported and then imported again.
    same_day_csv = workdir / "same-day.csv"
    write_history_csv(same_day_csv, HISTORY_ROWS, per_day=HISTORY_ROWS)
    same_day_db = workdir / "same-day.db"
    same_day_import = runner.command("--db", str(same_day_db), "log", "import", str(same_day_csv))
    same_day = [runner.peak_of(same_day_import)[0] for _ in range(2)]
    big_db = workdir / "history-0.db"
    empty_db = workdir / "empty.db"
    runner.run(runner.command("--db", str(empty_db), "log", "import", str(empty_csv)))

    def report(db: Path) -> list[str]:
        return runner.command("--db", str(db), "report", "--week", WEEK)

    def trend(db: Path) -> list[str]:
        return runner.command("--db", str(db), "trend", "--weeks", "52", "--until", WEEK)

    times = runner.time_rounds(
        {
            "report empty": report(empty_db),
            "report big": report(big_db),
            "trend empty": trend(empty_db),
            "trend big": trend(big_db),
        },
        runs,
    )
    empty = times["report empty"]
    figures = [
        Figure(
            "history: report --week, empty log",
            f"{1000 * statistics.median(empty):.1f} ms",
            "-",
            None,
            noise_text(empty),
        ),
        ratio_figure(
            f"history: report --week, {HISTORY_ROWS:,} sessions", times["report big"], empty, 1.2, "empty"
        ),
        ratio_figure(
            f"history: trend --weeks 52, {HISTORY_ROWS:,} sessions", times["trend big"], empty, 1.5, "empty"
        ),
        Figure(
            "history: trend --weeks 52, empty log (for reference)",
            f"{1000 * statistics.median(times['trend empty']):.1f} ms",
            "-",
            None,
            noise_text(times["trend empty"]),
        ),
        Figure(
            f"import: log import of {HISTORY_ROWS:,} CSV rows, wall time",
            f"{statistics.median(walls):.2f} s",
            "≤ 3 s",
            statistics.median(walls) <= 3.0,
            noise_text(walls) if len(walls) >= 2 else "-",
        ),
        Figure(
            f"import: {HISTORY_ROWS:,} rows on one day, then the same file again",
            f"{same_day[0]:.2f} s + {same_day[1]:.2f} s",
            "≤ 3 s each",
            max(same_day) <= 3.0,
            "-",
        ),
        Figure(
            "import: peak memory (child's ru_maxrss)",
            f"{max(peaks):.0f} MiB",
            "≤ 200 MiB",
            max(peaks) <= 200,
            "-",
        ),
    ]
    return figures


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def installed_script(explicit: str | None) -> Path:
    """The console script pip installed beside this interpreter (or the one given)."""
    candidate = Path(explicit) if explicit else Path(sys.executable).parent / "myorec"
    if not candidate.is_file():
        found = shutil.which("myorec")
        if explicit or found is None:
            raise SystemExit(f"no installed myorec console script at {candidate}: pip install . first")
        candidate = Path(found)
    with candidate.open("rb") as script:
        if b"python" not in script.readline():
            raise SystemExit(f"{candidate} is not a pip console script (a shim?): measure the real one")
    return candidate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up figure (at least 10)")
    parser.add_argument("--import-runs", type=int, default=3, help="timed imports of the 100k-row CSV")
    parser.add_argument("--myorec", help="console script to measure (default: the one beside python)")
    parser.add_argument("--skip-history", action="store_true", help="skip the 100k-session figures")
    options = parser.parse_args(argv)
    if options.runs < 10:
        parser.error("--runs must be at least 10: medians of fewer runs are noise")

    from tabulate import tabulate

    script = installed_script(options.myorec)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="myorec-bench-") as tmp:
        workdir = Path(tmp)
        runner = Runner(script, workdir)
        figures = startup(runner, workdir / "small.db", options.runs)
        figures += engine_throughput(repeats=10)
        if not options.skip_history:
            figures += history(runner, workdir, max(10, options.runs // 2), options.import_runs)

    version = runner.run(runner.command("--version")).stdout.strip()
    print(
        f"{version} · Python {platform.python_version()} · {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs ({cpu_model()}) · {options.runs} runs per start-up figure · "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    rows = [[f.name, f.value, f.budget, verdict(f.passed), f.noise] for f in figures]
    print(tabulate(rows, headers=["figure", "median", "budget", "result", "noise"], tablefmt="github"))
    return 1 if any(f.passed is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
