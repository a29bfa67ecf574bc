"""Reading PDFs in tests with poppler-utils, as a person's PDF reader would."""

import subprocess


def pdftext(pdf_bytes):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout.decode()


def pdfinfo(pdf_bytes, tmp_path):
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return {
        key.strip(): value.strip()
        for key, _sep, value in (line.partition(":") for line in out.splitlines())
    }


def attachments(pdf_bytes, tmp_path):
    path = tmp_path / "detach.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, check=True)
    return out.stdout.decode()
