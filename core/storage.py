"""File storage for what several app servers share (the finished PDFs).

`AtomicFileSystemStorage` is Django's FileSystemStorage for a folder that several processes,
or several machines through a shared mount (NFS, SMB), read while others write:

- a file is written to a temporary name in the same folder and then renamed into place
  (`os.replace`, atomic on POSIX and on NFS), so a reader never sees a half-written file;
- saving under a name that exists replaces it (the PDF cache names a file by its content's
  hash, so the same name means the same content; no "_a1b2c3d" copies pile up).

In production the same STORAGES entry may instead be django-storages' S3 backend, where a
PUT is atomic by itself (see settings.py and the README, "Two or more app servers").
"""

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def get_available_name(self, name, max_length=None):
        return name  # the same name is replaced (see _save)

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as file:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    file.write(chunk.encode() if isinstance(chunk, str) else chunk)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            os.replace(temporary, full_path)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise
        return os.path.relpath(full_path, self.location).replace("\\", "/")
