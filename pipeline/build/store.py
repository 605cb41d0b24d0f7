"""Atomic writes of event tables in the format the file extension names."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import atomic_write_bytes

if TYPE_CHECKING:  # imported where a table is read or written: a build's workers need none
    import pandas as pd

FORMATS = (".jsonl", ".csv", ".parquet")


def _plain(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist"):  # numpy scalars and arrays (Parquet reads lists as arrays)
        return value.tolist()
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts: lists stay lists, missing values become None, numpy scalars Python ones."""
    import pandas as pd

    columns = []
    for name in frame.columns:
        col = frame[name]
        missing = col.isna().to_numpy(dtype=bool)
        values = col.astype(object).tolist()
        if isinstance(col.dtype, (pd.StringDtype, pd.Int64Dtype)):  # Python str and int already
            columns.append([None if m else v for v, m in zip(values, missing, strict=True)])
        else:  # lists, numpy scalars and arrays
            columns.append([None if m else _plain(v) for v, m in zip(values, missing, strict=True)])
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)] if columns else [{} for _ in range(len(frame))]


def to_jsonl_bytes(frame: pd.DataFrame) -> bytes:
    """One JSON object per line, UTF-8, lists kept as lists, missing values as null."""
    return rows_to_jsonl_bytes(records(frame))


def rows_to_jsonl_bytes(rows: list[dict]) -> bytes:
    """Plain rows (as records gives them) as JSONL: the same bytes as to_jsonl_bytes of their table."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # as json.dumps(r, ensure_ascii=False), made once
    return ("\n".join(map(encode, rows)) + "\n").encode("utf-8") if rows else b""


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table atomically as .jsonl, .csv (lists joined with "; ") or .parquet."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        data = to_jsonl_bytes(frame)
    elif suffix == ".csv":
        data = safe_csv(frame).encode("utf-8")
    elif suffix == ".parquet":
        import io

        buf = io.BytesIO()
        frame.to_parquet(buf, index=False)
        data = buf.getvalue()
    else:
        raise ValueError(f"{path}: unknown output format {suffix!r} (choose one of {', '.join(FORMATS)})")
    atomic_write_bytes(path, data)


# A text cell starting with one of these is run as a formula by spreadsheets (OWASP: CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """A table as CSV that a spreadsheet opens safely: lists joined with "; ", and every text
    cell that would run as a formula defused (every CSV Kronologi writes goes through here)."""
    flat = frame.copy()
    for col in flat.columns:
        if flat[col].dtype == object:
            flat[col] = flat[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        if flat[col].dtype == object or str(flat[col].dtype).startswith("str"):
            flat[col] = flat[col].map(neutralise_cell)
    return flat.to_csv(index=False)


def write_rows(rows: list[dict], path: str | Path, table: Callable[[], pd.DataFrame]) -> None:
    """Write checked rows as write_table writes their table: JSONL straight from the rows
    (no table needed), other formats through `table()`, which makes it."""
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        atomic_write_bytes(path, rows_to_jsonl_bytes(rows))
    else:
        write_table(table(), path)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by write_table; an events or skip table gets its declared dtypes."""
    import pandas as pd

    from .. import schema

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        frame = pd.DataFrame(rows)
        for columns in (schema.EVENT_COLUMNS, schema.SKIPPED_COLUMNS):
            if len(frame.columns) and set(frame.columns) == set(columns):
                return schema.coerce(frame, columns)
        return frame
    if suffix == ".csv":
        return pd.read_csv(path)
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise ValueError(f"{path}: unknown table format {suffix!r} (choose one of {', '.join(FORMATS)})")


def skipped_path_for(out: str | Path) -> Path:
    """Where the skip report of an output goes: `<out stem>.skipped.jsonl` beside it."""
    out = Path(out)
    return out.with_name(f"{out.stem}.skipped.jsonl")
