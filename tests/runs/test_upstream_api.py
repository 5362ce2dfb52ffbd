"""The parts of papermill, nbclient and ipykernel that runs/inprocess.py uses beyond their API.

docs/DESIGN.md ("The in-process engine and its upstream parts") lists each with the versions it
was checked against. When an upstream release renames, drops or re-signs one of them, this test
fails naming the part and the installed version — before a report run fails in a scheduler.
"""

from __future__ import annotations

import inspect
from importlib.metadata import version
from typing import Any

import pytest

# (distribution, "module:qualname", parameters the engine passes or overrides)
PARTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("papermill", "papermill.clientwrap:PapermillNotebookClient.papermill_execute_cells", ()),
    ("papermill", "papermill.engines:Engine.execute_managed_notebook", ("nb_man", "kernel_name")),
    ("papermill", "papermill.engines:papermill_engines.register", ("name", "engine")),
    ("nbclient", "nbclient.client:NotebookClient.reset_execution_trackers", ()),
    ("nbclient", "nbclient.client:NotebookClient.set_widgets_metadata", ()),
    ("nbclient", "nbclient.client:NotebookClient._get_timeout", ("cell",)),
    ("nbclient", "nbclient.client:NotebookClient.process_message", ("msg", "cell", "cell_index")),
    ("nbclient", "nbclient.client:timestamp", ("msg",)),
    (
        "nbclient",
        "nbclient.exceptions:CellTimeoutError.error_from_timeout_and_cell",
        ("msg", "timeout", "cell"),
    ),
    ("nbclient", "nbclient.exceptions:CellExecutionError.from_cell_and_msg", ("cell", "msg")),
    ("nbclient", "nbclient.exceptions:CellExecutionComplete", ()),
    ("ipykernel", "ipykernel.inprocess.manager:InProcessKernelManager.start_kernel", ()),
    ("ipykernel", "ipykernel.inprocess.manager:InProcessKernelManager.shutdown_kernel", ()),
    (
        "ipykernel",
        "ipykernel.inprocess.client:InProcessKernelClient.execute",
        ("code", "store_history", "stop_on_error"),
    ),
    ("ipykernel", "ipykernel.inprocess.client:InProcessKernelClient.get_shell_msg", ()),
    ("ipykernel", "ipykernel.inprocess.client:InProcessKernelClient.get_iopub_msg", ()),
    ("ipykernel", "ipykernel.inprocess.ipkernel:InProcessInteractiveShell.clear_instance", ()),
]

# attributes the engine reads or sets on nbclient's NotebookClient (traits or plain attributes)
CLIENT_ATTRIBUTES = (
    "skip_cells_with_tag",
    "record_timing",
    "force_raise_errors",
    "allow_errors",
    "allow_error_names",
    "iopub_timeout",
    "code_cells_executed",
)
# set by the engine before a cell's outputs, as nbclient's own async_execute_cell does
ENGINE_SETS = ("clear_before_next_output",)


def _resolve(target: str) -> Any:
    import importlib

    module, _, qualname = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(("dist", "target", "params"), PARTS, ids=[p[1] for p in PARTS])
def test_upstream_part_is_there_with_its_parameters(
    dist: str, target: str, params: tuple[str, ...]
) -> None:
    where = f"{target} ({dist} {version(dist)}; see docs/DESIGN.md, the in-process engine)"
    try:
        obj = _resolve(target)
    except (ImportError, AttributeError) as err:
        pytest.fail(f"{where} is gone: {err}")
    if not params:
        return
    accepted = inspect.signature(obj).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
    missing = [p for p in params if p not in accepted and not takes_any]
    assert not missing, f"{where} no longer takes {missing}: signature {inspect.signature(obj)}"


def test_notebook_client_attributes_are_there() -> None:
    from nbclient.client import NotebookClient

    client = NotebookClient(nb={"cells": [], "metadata": {}})  # type: ignore[arg-type]
    client.reset_execution_trackers()
    missing = [a for a in CLIENT_ATTRIBUTES if not hasattr(client, a)]
    source = inspect.getsource(NotebookClient)
    missing += [a for a in ENGINE_SETS if f"self.{a}" not in source]
    assert not missing, f"nbclient {version('nbclient')} NotebookClient lacks {missing}"
