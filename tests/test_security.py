"""Safe by default: the dashboard started as the README says listens on loopback only, with
XSRF protection, an upload limit, no error details and no raw-data export from its tables."""

from __future__ import annotations

import shutil
import socket
import tomllib

import pytest

from benchmarks.serve import running_dashboard

from .conftest import ROOT


def test_security_streamlit_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert server["address"] in ("localhost", "127.0.0.1")
    assert server["enableXsrfProtection"] is True
    assert 0 < server["maxUploadSize"] <= 5
    assert client["showErrorDetails"] == "none"
    # The table toolbar's own CSV download would bypass export.csv_bytes (formula defusing).
    assert client["disableDataExport"] is True


def _other_addresses() -> list[str]:
    """This machine's addresses that are not loopback (what another machine would connect to)."""
    found = set()
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9) if family == socket.AF_INET else ("2001:db8::1", 9))
                found.add(s.getsockname()[0])
        except OSError:
            pass
    return [a for a in found if not a.startswith("127.") and a != "::1"]


@pytest.mark.slow
def test_security_dashboard_listens_on_loopback_only(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    others = _other_addresses()
    if not others:
        pytest.skip("this machine has no non-loopback address to try")
    with running_dashboard(seeds, tmp_path / "data") as (_, port, _):
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # reachable from this machine
        for address in others:
            with pytest.raises(OSError):
                socket.create_connection((address, port), timeout=5).close()
