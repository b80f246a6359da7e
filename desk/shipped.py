"""Where the folders the desk ships beside its code are: templates/, static/ and migrations/.

In a checkout (and an editable install) they are the repository's top-level folders; an installed
wheel carries them as desk_files/templates, desk_files/static and desk_files/migrations beside
the desk package (see setup.py)."""
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent


def folder(name: str) -> Path:
    """The shipped folder `name` ("templates", "static", "migrations")."""
    installed = CODE_ROOT / "desk_files" / name
    return installed if installed.is_dir() else CODE_ROOT / name
