"""The public register of decided requests: what the city decided, on which grounds, in time.

Open to everyone and free of personal data: no names, e-mail addresses or reasons (which may
name people), only the kind, the area, the public initiative, the decision, its grounds and dates;
the explanation of a ground that the request's own figures contradict (written for the public:
the decision form says so); the objection term and each objection's dates and outcome (not its
words, which may name people).
"""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnership.selectors.requests import register_filter

PAGE_SIZE = 50
CSV_CHUNK = 2000
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("'", "=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The cell as text, with a quote in front when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming a csv.writer."""

    def write(self, value):
        return value


def _csv_header() -> list[str]:
    return [
        _("decided on"),
        _("kind of request"),
        _("area"),
        _("initiative"),
        _("decision"),
        _("grounds"),
        _("deadline"),
        _("on time or late"),
        _("days late"),
        _("explanation against the request's figures"),
        _("objection possible until"),
        _("objections"),
    ]


def _csv_lines(rows, language: str):
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow([csv_safe(h) for h in _csv_header()])
        for row in rows.iterator(chunk_size=CSV_CHUNK):
            late = row.days_late()
            yield writer.writerow(
                [
                    csv_safe(cell)
                    for cell in (
                        row.decided_on.isoformat(),
                        row.kind.display_name,
                        row.initiative.area.name,
                        row.initiative.title,
                        row.get_decision_display(),
                        "; ".join(g.display_name for g in row.grounds.all()),
                        row.deadline.isoformat(),
                        _("late") if late else _("on time"),
                        late,
                        row.contradiction_explanation,
                        row.objection_term_ends.isoformat() if row.is_objectionable() else "",
                        "; ".join(_objection_cell(o) for o in row.objections.all()),
                    )
                ]
            )


def _objection_cell(objection) -> str:
    state = objection.get_outcome_display() if objection.outcome else objection.get_status_display()
    return f"{objection.lodged_on.isoformat()}: {state}"


@require_safe
def request_register(request):
    register = register_filter(request.GET)
    rows = register.qs
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(
            _csv_lines(rows, translation.get_language()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="besluiten-verzoeken.csv"'
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    csv_query["format"] = "csv"
    ctx = {"filter": register, "page": page, "csv_query": csv_query.urlencode()}
    return render(request, "partnership/register.html", ctx)
