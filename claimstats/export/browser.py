"""Running a headless Chromium safely: for printing the report and for testing it.

The report is opened the way a careful reader would open an untrusted file: headless,
with a throw-away profile, no GPU, no background services, no proxy, and every host
name unresolvable, so nothing the page asks for can leave the machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from claimstats.errors import BrowserError, ConfigError

__all__ = ["BrowserError", "browser_command", "find_browser", "run_browser"]

#: names and places of a Chromium-based browser, in the order they are tried
BROWSER_CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)

#: flags given to every run; ``--no-sandbox`` is added only when running as root
SAFE_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    # a proxy from the environment would resolve host names for the browser
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # containers often have a 64 MB /dev/shm, too small for a renderer
    "--disable-dev-shm-usage",
)


def _executable(name: str | os.PathLike[str]) -> str | None:
    found = shutil.which(os.fspath(name))
    # absolute, but links kept: a snap's command is a link that dispatches on its name
    return os.path.abspath(found) if found else None


def find_browser(browser: str | os.PathLike[str] | None = None) -> str | None:
    """The absolute path of a Chromium-based browser, or None when there is none.

    Parameters
    ----------
    browser
        A browser to use instead of searching: a path or a command name on ``PATH``.
        Without it, :data:`BROWSER_CANDIDATES` are tried in order (Debian's
        ``chromium`` first).

    Returns
    -------
    str or None
        The path of the executable; None when no candidate is installed.

    Raises
    ------
    ConfigError
        When ``browser`` is given but is not an executable.

    Examples
    --------
    >>> path = find_browser()
    >>> path is None or os.path.isabs(path)
    True
    """
    if browser is not None:
        path = _executable(browser)
        if path is None:
            msg = (
                f"the browser {os.fspath(browser)!r} is not an executable file or a command on "
                "PATH; give the path of Chromium or Chrome, or install Chromium "
                "(apt-get install chromium)"
            )
            raise ConfigError(msg)
        return path
    for candidate in BROWSER_CANDIDATES:
        path = _executable(candidate)
        if path is not None:
            return path
    return None


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def browser_command(
    browser: str | os.PathLike[str],
    *extra: str,
    user_data_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """The command line that runs ``browser`` headless with the safe flags.

    Parameters
    ----------
    browser
        Path of the browser, e.g. from :func:`find_browser`.
    *extra
        More flags and, last, the address to open (``--screenshot=...``, ``file:///...``).
    user_data_dir
        A temporary, empty folder for the browser's profile, so that no profile of
        the user is read or changed and no running browser is joined. It may be given
        instead as ``--user-data-dir=...`` in ``extra``.

    Returns
    -------
    list of str
        ``browser``, :data:`SAFE_FLAGS` (and ``--no-sandbox`` when running as root,
        where Chromium's sandbox cannot start), the profile flag, then ``extra``.

    Raises
    ------
    ConfigError
        When no profile folder is given.

    Examples
    --------
    >>> command = browser_command(
    ...     "/usr/bin/chromium", "--dump-dom", "file:///tmp/report.html",
    ...     user_data_dir="/tmp/profile",
    ... )
    >>> command[0], command[-1]
    ('/usr/bin/chromium', 'file:///tmp/report.html')
    >>> "--headless" in command, "--host-resolver-rules=MAP * ~NOTFOUND" in command
    (True, True)
    >>> "--user-data-dir=/tmp/profile" in command
    True
    """
    profile = [] if user_data_dir is None else [f"--user-data-dir={os.fspath(user_data_dir)}"]
    if not profile and not any(flag.startswith("--user-data-dir=") for flag in extra):
        msg = (
            "the browser needs a profile folder of its own; pass user_data_dir= "
            "(a temporary directory) so that no user profile is used"
        )
        raise ConfigError(msg)
    sandbox = ["--no-sandbox"] if _as_root() else []
    return [os.fspath(browser), *SAFE_FLAGS, *sandbox, *profile, *extra]


def run_browser(
    browser: str | os.PathLike[str], *extra: str, timeout: float = 60.0
) -> subprocess.CompletedProcess[bytes]:
    """Run the browser once with a throw-away profile and wait for it to finish.

    Parameters
    ----------
    browser
        Path of the browser, e.g. from :func:`find_browser`.
    *extra
        Flags and the address, as for :func:`browser_command` (e.g.
        ``"--print-to-pdf=out.pdf", "file:///.../report.html"``).
    timeout
        Seconds to wait; after that the browser and its helper processes are stopped.

    Returns
    -------
    subprocess.CompletedProcess
        With the browser's stdout and stderr as bytes.

    Raises
    ------
    BrowserError
        When the browser cannot start, exits with an error, or runs past ``timeout``.

    Examples
    --------
    >>> browser = find_browser()
    >>> if browser is not None:
    ...     page = run_browser(browser, "--dump-dom", "data:text/html,<p>hello</p>").stdout
    ...     assert b"<p>hello</p>" in page
    """
    with tempfile.TemporaryDirectory(
        prefix="claimstats-browser-", ignore_cleanup_errors=True
    ) as profile:
        command = browser_command(browser, *extra, user_data_dir=profile)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            msg = f"cannot start the browser {command[0]!r}: {error}; check find_browser()"
            raise BrowserError(msg) from error
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            msg = f"the browser did not finish within {timeout:g} s; try a longer timeout"
            raise BrowserError(msg) from None
    if process.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        msg = f"the browser exited with status {process.returncode}: " + " | ".join(tail)
        raise BrowserError(msg)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
