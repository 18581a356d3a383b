"""The hardened PDF path: fonts from static files, nothing else fetched or embedded."""

import subprocess

import pytest

from common.pdf import StaticOnlyFetcher, render_pdf

HOSTILE = """
<html><head><style>@font-face { font-family: PretendardGOV; src: url(fonts/PretendardGOV-Regular.otf); }
html { font-family: PretendardGOV; }</style>
<link rel="attachment" href="file:///etc/passwd">
<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">
</head><body><p>인천신용보증재단 보증서</p>
<img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">
<img src="../../../../etc/passwd"></body></html>
"""


def test_only_static_files_are_fetched_and_korean_text_is_extractable(tmp_path):
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(HOSTILE, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert b"root:x:0:0" not in pdf
    assert any("etc/passwd" in url for url in fetcher.refused)
    assert any("169.254.169.254" in url for url in fetcher.refused)
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "인천신용보증재단 보증서" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "PretendardGOV" in fonts


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "https://static.invalid/../settings.py",
        "https://static.invalid/fonts/../../config/settings/base.py",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)
