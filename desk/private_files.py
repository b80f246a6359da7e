"""Files and folders only the desk's own user may read: the instance folder, the secret key, the
SQLite database, uploads, imports and unsent mail. Modes are set explicitly (0700 folders,
0600 files) rather than left to the process's umask."""
import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path | str) -> Path:
    """Create `path` and any missing parents as owner-only folders; an existing one is left as it is."""
    path = Path(path)
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        at = at.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # another process made it first
        os.chmod(folder, FOLDER_MODE)
    return path


def write_private(path: Path | str, data: bytes) -> None:
    """Write `path` (created or truncated) as an owner-only file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def create_once(path: Path | str, data: bytes) -> None:
    """Create `path` with `data` unless it exists; two processes starting at once keep one content
    (the file appears whole, through a hard link, or not at all)."""
    path = Path(path)
    private_folder(path.parent)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    write_private(partial, data)
    try:
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def private_sqlite_file(database_uri: str) -> None:
    """An SQLite database file about to be created is made owner-only first (SQLite then opens
    the empty file as a new database, and gives its journal the same mode)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    path = Path(url.database)
    if not path.exists():
        private_folder(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
