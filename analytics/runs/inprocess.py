"""Run a notebook in this process: papermill's semantics without a kernel process.

A papermill *engine* (``engine_name=ENGINE``) that executes the cells in ipykernel's in-process
kernel — the same IPython shell, display hooks and output streams as a kernel process, with its
messages handed over in memory instead of over ZeroMQ. Papermill still injects the parameters,
records each cell's status and times and raises :class:`papermill.PapermillExecutionError` located
by cell; nbclient still turns the kernel's messages into the notebook's outputs. What goes is the
kernel process: starting it (≈ 0.5 s), importing polars, altair and the report code in it (≈ 0.5 s,
or nothing in a process that has already imported them) and stopping it (≈ 0.4 s).

The notebook runs with this process's interpreter and modules, so it is used only for notebooks
whose kernel is this interpreter (:func:`runs_here`). A cell timeout is a ``SIGALRM`` timer, so
it applies when the engine runs in the main thread (the CLI and the batch's attempt processes); a
run's job timeout still kills its process. Each run gets a fresh shell and namespace; modules the
run imports stay imported, so run one report per process where module state matters (the batch
runner forks a fresh process per attempt).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines

__all__ = ["ENGINE", "InProcessEngine", "runs_here"]

ENGINE = "analytics-inprocess"
"""The papermill engine name (registered when this module is imported)."""


class _Timeout(BaseException):
    """Raised in the cell by the timer; becomes nbclient's ``CellTimeoutError``."""


@contextlib.contextmanager
def _timer(seconds: float | None) -> Iterator[list[bool]]:
    fired = [False]
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def ring(signum: int, frame: object) -> None:
        fired[0] = True
        raise _Timeout(f"cell ran for more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cancel_gc_task(kernel: Any) -> None:
    """Let the IOPub thread's housekeeping task end before the thread stops.

    ipykernel cancels it after its loop has stopped, so the task never runs its cancellation
    and asyncio prints "Task was destroyed but it is pending!" when the process exits.
    """
    thread = getattr(kernel, "iopub_thread", None)
    task = getattr(thread, "_event_pipe_gc_task", None)
    if thread is None or task is None or not thread.thread.is_alive():
        return
    done = threading.Event()

    async def cancel() -> None:
        task.cancel()
        with contextlib.suppress(BaseException):
            await task
        done.set()

    thread.io_loop.add_callback(cancel)
    done.wait(5)


class _Client(PapermillNotebookClient):
    """nbclient's notebook client with the in-process kernel and synchronous cells."""

    @contextlib.contextmanager
    def setup_kernel(self, **kwargs: Any) -> Iterator[None]:
        # ipykernel imports debugpy, which warns on stderr about frozen modules (a kernel
        # process is started with -Xfrozen_modules=off; this process was not)
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        from ipykernel.inprocess.ipkernel import InProcessInteractiveShell
        from ipykernel.inprocess.manager import InProcessKernelManager
        from traitlets.config import Config

        main = sys.modules.get("__main__")
        # no history database: a kernel process writes one too, but nothing reads it
        km = InProcessKernelManager(config=Config({"HistoryManager": {"enabled": False}}))
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        self.km, self.kc = km, kc
        try:
            yield
        finally:
            kc.stop_channels()
            _cancel_gc_task(km.kernel)
            km.shutdown_kernel()
            InProcessInteractiveShell.clear_instance()  # the next run gets a fresh shell
            if main is not None:  # IPython installs its user module as __main__
                sys.modules["__main__"] = main

    def execute(self, **kwargs: Any) -> Any:
        self.reset_execution_trackers()
        with self.setup_kernel(**kwargs):
            self.papermill_execute_cells()
            kernel: Any = self.km.kernel  # the kernel_info reply's language_info, without asking
            self.nb.metadata["language_info"] = dict(kernel.language_info)
            self.set_widgets_metadata()
        return self.nb

    def execute_cell(
        self,
        cell: Any,
        cell_index: int,
        execution_count: int | None = None,
        store_history: bool = True,
    ) -> Any:
        """Nbclient's ``async_execute_cell``, run synchronously against the in-process kernel."""
        if cell.cell_type != "code" or not cell.source.strip():
            return cell
        tags = cell.metadata.get("tags", [])
        if self.skip_cells_with_tag in tags:
            return cell
        if self.record_timing:
            cell["metadata"]["execution"] = {}
        allows = not self.force_raise_errors and (self.allow_errors or "raises-exception" in tags)
        timeout = self._get_timeout(cell)
        try:
            with _timer(timeout) as fired:
                msg_id = self.kc.execute(
                    cell.source, store_history=store_history, stop_on_error=not allows
                )
        except _Timeout:  # rang between the cell's end and its reply: still too long
            raise CellTimeoutError.error_from_timeout_and_cell(
                "Cell execution timed out", timeout, cell
            ) from None
        self.code_cells_executed += 1
        cell.outputs = []
        self.clear_before_next_output = False
        self._outputs(msg_id, cell, cell_index)
        reply = self.kc.get_shell_msg(timeout=0)
        if fired[0]:
            raise CellTimeoutError.error_from_timeout_and_cell(
                "Cell execution timed out", timeout, cell
            )
        if self.record_timing:
            from nbclient.client import timestamp

            cell["metadata"]["execution"]["shell.execute_reply"] = timestamp(reply)
        if execution_count:
            cell["execution_count"] = execution_count
        content = reply["content"]
        allowed = allows or content.get("ename") in self.allow_error_names
        if content["status"] == "error" and not allowed:
            raise CellExecutionError.from_cell_and_msg(cell, content)
        self.nb["cells"][cell_index] = cell
        return cell

    def _outputs(self, msg_id: str, cell: Any, cell_index: int) -> None:
        """Process the cell's messages up to its ``idle`` status.

        The kernel's IOPub thread delivers them a moment after the code has run.
        """
        while True:
            msg = self.kc.get_iopub_msg(timeout=self.iopub_timeout + 10)
            if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") != msg_id:
                continue  # not this cell's
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                return


class InProcessEngine(Engine):
    """Papermill engine: execute the cells in this process (see the module docstring)."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        """Execute ``nb_man.nb`` cell by cell, as papermill's nbclient engine does."""
        from papermill.log import logger

        kwargs.pop("input_path", None)
        kwargs.pop("start_timeout", None)
        return _Client(
            nb_man,
            timeout=execution_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            **kwargs,
        ).execute()


papermill_engines.register(ENGINE, InProcessEngine)


def runs_here(kernel_name: str) -> bool:
    """Whether kernel ``kernel_name`` runs this interpreter (so that a run may skip it).

    Parameters
    ----------
    kernel_name : str
        A Jupyter kernel's name; an unknown or non-Python kernel gives False.

    Examples
    --------
    >>> runs_here("no-such-kernel")
    False
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return False
    if not spec.argv or spec.language != "python":
        return False
    v = sys.version_info
    if spec.argv[0] in ("python", f"python{v[0]}", f"python{v[0]}.{v[1]}"):
        return True  # jupyter_client starts these with sys.executable
    found = shutil.which(spec.argv[0])
    # the same bin folder: the same environment (a symlink to the base interpreter is not enough)
    return found is not None and Path(found).absolute().parent == Path(sys.executable).parent
