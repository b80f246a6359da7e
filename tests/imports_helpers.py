"""Helpers the import tests share: write a CSV the way an export tool would, run the CLI."""
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def write_csv(tmp_path: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run_import(runner, kind: str, path: str, *extra: str):
    return runner.invoke(args=["import", kind, str(path), *extra])
