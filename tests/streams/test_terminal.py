import io

from streams.terminal import display_width, write_table


def test_cjk_characters_take_two_columns_and_controls_none() -> None:
    assert display_width("郏县ab") == 6
    assert display_width("（全角）") == 8
    assert display_width("a\x00b") == 2


def test_columns_line_up_in_display_columns() -> None:
    out = io.StringIO()
    write_table([["issuer", "n"], ["郏县人民政府", "1"], ["x", "22"]], out)
    lines = out.getvalue().splitlines()
    assert lines == ["issuer        n", "郏县人民政府  1", "x             22"]
