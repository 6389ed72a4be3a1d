"""config.forms.file_size: one way to write a size, for upload limits and documents."""

import pytest

from config.forms import file_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (100 * 1024 * 1024, "100 MB"),
        (10 * 1024 * 1024, "10 MB"),
        (int(1.25 * 1024 * 1024), "1.2 MB"),
        (340 * 1024, "340 KB"),
        (12, "1 KB"),
    ],
)
def test_sizes_read_as_people_write_them(size, text):
    assert file_size(size) == text
