from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from kirjaamo.imports.reading import ImportFileError, detect_delimiter, open_table
from kirjaamo.imports.tests.files import write_xlsx


def rows_of(path):
    with open_table(path) as table:
        return table.header, list(table.rows), table


@pytest.mark.parametrize("bom", ["\ufeff", ""])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_it_reads_utf8_csv_with_or_without_bom_and_either_delimiter(tmp_path, bom, delimiter):
    path = tmp_path / "f.csv"
    d = delimiter
    path.write_text(
        f"{bom}Customer Number{d}first-names{d}LAST_NAME\r\nA1{d}Äijä{d}Öhman\r\n",
        encoding="utf-8",
    )
    header, rows, table = rows_of(path)
    assert header == ["customer_number", "first_names", "last_name"]
    assert rows == [(2, ["A1", "Äijä", "Öhman"])]
    assert table.format == "csv"
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_header_decides_the_delimiter_even_with_commas_in_the_data(tmp_path):
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter("a,b,c") == ","
    path = tmp_path / "f.csv"
    path.write_text('name;street\r\n"Oy Ab, Helsinki";"Katu 1, as. 2"\r\n', encoding="utf-8")
    header, rows, _t = rows_of(path)
    assert header == ["name", "street"]
    assert rows == [(2, ["Oy Ab, Helsinki", "Katu 1, as. 2"])]


def test_blank_rows_are_skipped_but_row_numbers_stay_as_in_the_file(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a;b\n1;2\n;\n\n3;4\n", encoding="utf-8")
    _h, rows, _t = rows_of(path)
    assert [number for number, _cells in rows] == [2, 5]


def test_a_quoted_value_may_span_lines_and_still_counts_as_one_row(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('a;b\n"x\ny";2\n3;4\n', encoding="utf-8")
    _h, rows, _t = rows_of(path)
    assert rows == [(2, ["x\ny", "2"]), (3, ["3", "4"])]


def test_it_reads_the_first_sheet_of_an_xlsx_with_typed_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "f.xlsx",
        ["customer_number", "opened_on", None],
        [[1001, dt.datetime(2026, 1, 31), None], [None, None, None], ["A2", "1.2.2026", None]],
    )
    header, rows, table = rows_of(path)
    assert table.format == "xlsx"
    assert header == ["customer_number", "opened_on"]
    assert rows[0] == (2, [1001, dt.datetime(2026, 1, 31), None])
    assert rows[1][0] == 4


def test_it_refuses_a_file_that_is_not_utf8_and_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("a;b\n1;2\nÄijä;3\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="line 3") as info:
        rows_of(path)
    assert "CSV UTF-8" in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"PK\x03\x04 not really a zip", "XLSX"),
    ],
)
def test_it_refuses_files_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "bad"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        rows_of(path)


def test_it_refuses_a_missing_file_and_a_directory(tmp_path):
    with pytest.raises(ImportFileError, match="does not exist"):
        rows_of(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="directory"):
        rows_of(tmp_path)


def test_it_refuses_a_csv_with_an_unclosed_quote(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('a;b\n"1;2\n3;4', encoding="utf-8")
    with pytest.raises(ImportFileError, match="malformed"):
        rows_of(path)
