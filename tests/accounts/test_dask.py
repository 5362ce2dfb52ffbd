"""The accounts job on a real Dask cluster: a `dask scheduler` and two workers on 127.0.0.1.

A 2-million-row partitioned register is aggregated here and as one Dask task a partition; the
tables must be equal (floats to 1e-12 relative, since the order in which the streaming engine adds
a partition's rows is not fixed; counts exactly).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from polars.testing import assert_frame_equal

from analytics.accounts import aggregate_register, region_rows, write_partitioned_register
from analytics.cli.accounts import accounts

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}  # the workers import this checkout's package
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(BIN / "dask"), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            cwd=ROOT,
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # the worker's nanny and its two worker processes
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from distributed import Client

    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    scheduler = _start(
        [
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(sched_file),
        ],
        tmp / "scheduler.log",
    )
    workers = None
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        workers = _start(
            [
                "worker",
                address,
                "--nworkers",
                "2",
                "--nthreads",
                "1",
                "--host",
                "127.0.0.1",
                "--no-dashboard",
                "--local-directory",
                str(tmp),
            ],
            tmp / "workers.log",
        )
        with Client(address, set_as_default=False, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        if workers is not None:
            _stop(workers)
        _stop(scheduler)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("register") / "firms_2m_synthetic"
    return write_partitioned_register(root, rows=2_000_000, seed=23)


def test_local_and_dask_tables_are_equal(cluster: str, register: Path, tmp_path: Path) -> None:
    from distributed import Client

    local = aggregate_register(register)
    with Client(cluster, set_as_default=False, timeout="30s") as client:
        calls: list[tuple[int, int]] = []
        on_dask = aggregate_register(
            register, client=client, progress=lambda d, t: calls.append((d, t))
        )
    assert_frame_equal(on_dask.table, local.table, check_exact=False, rel_tol=1e-12)
    assert_frame_equal(on_dask.codes, local.codes, check_exact=False, rel_tol=1e-12)
    assert_frame_equal(on_dask.bad_codes, local.bad_codes)
    # every row accounted for, province by province as the generator split them
    assert int(local.codes["rows"].sum()) == 2_000_000
    assert local.table.height > 400 and on_dask.synthetic
    assert calls[0] == (0, 2_000_000) and calls[-1] == (2_000_000, 2_000_000)
    assert len(calls) == 1 + 5 * len(region_rows(2_000_000))  # one task a province × year

    # the command: --executor dask writes the same table as the local build
    args = ["build", "--firms", str(register), "--quiet"]
    for where, extra in (("local", []), ("dask", ["--executor", "dask", "--scheduler", cluster])):
        result = CliRunner().invoke(accounts, [*args, *extra, "--data-dir", str(tmp_path / where)])
        assert result.exit_code == 0, result.output
    name = "processed/accounts/de_firm_accounts_synthetic.parquet"
    assert_frame_equal(
        pl.read_parquet(tmp_path / "dask" / name),
        pl.read_parquet(tmp_path / "local" / name),
        check_exact=False,
        rel_tol=1e-12,
    )
