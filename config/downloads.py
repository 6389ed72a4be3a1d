"""CSV and XLSX downloads that are safe to open in a spreadsheet."""

import csv
import io

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def spreadsheet_safe(value):
    """Text that a spreadsheet will show as text: formula-like cells get a leading quote.
    Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


def xlsx_response(
    filename: str, header, rows, *, sheet: str, cell=spreadsheet_safe, notes=()
) -> HttpResponse:
    """A one-sheet XLSX download, cells safe from formula injection like the CSV ones. `cell`
    turns each value into what the sheet holds; `notes` are lines below the table, after an
    empty row."""
    import openpyxl  # noqa: PLC0415 - only these downloads need it

    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append(list(header))
    for row in rows:
        worksheet.append([cell(value) for value in row])
    if notes:
        worksheet.append([])
        for note in notes:
            worksheet.append([spreadsheet_safe(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def open_data(view):
    """Marks a view's downloads as open data: a `Link` header names their licence."""
    from functools import wraps

    from django.conf import settings

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Link"] = f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'
        return response

    return wrapped
