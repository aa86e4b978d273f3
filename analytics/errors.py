"""The one user-facing exception type: a Chinese message naming the file and what to do."""

from __future__ import annotations


class ReportError(Exception):
    """A problem the user can act on (bad file, bad option, busy store).

    ``message`` is a complete Chinese sentence; ``file`` names the file concerned (or is empty when
    the problem is not about one file). ``str(err)`` gives the text shown in the UI and the CLI.
    """

    def __init__(self, message: str, *, file: str = "") -> None:
        self.message = message
        self.file = file
        super().__init__(self.text)

    @property
    def text(self) -> str:
        """The message as shown to users: prefixed by the file name when there is one."""
        return f"《{self.file}》：{self.message}" if self.file else self.message
