"""/werkvoorraad/: a civil servant's department work list."""

import math

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from initiatives.permissions import CIVIL_SERVANT, COORDINATOR, is_coordinator, role_required
from partnership.selectors.intake import clock_of, intake_for, intake_term
from partnership.selectors.worklist import with_total, without_lead_page
from partnership.selectors.worklist import worklist as worklist_sections

# Ten rows a section: the list is read between meetings, often on a phone, with up to nine
# sections; the contents at the top give each section's total, and each pages on its own.
PER_PAGE = 10
MAX_PAGE = 100_000  # beyond, a paginator says which page is the last (an OFFSET has its limits)

# Each section pages on its own query parameter, so paging one keeps the others where they are.
SECTIONS = (
    "my_commitments",
    "first_answers",
    "triage",
    "blockages",
    "commitments",
    "requests",
    "objections",
    "my_initiatives",
    "waiting",
)


def _counted(rows):
    """A reader of ``rows`` for ``_page``: the rows from an offset with the section's total, in
    one query (``with_total``: the total rides on each row as an uncorrelated subquery, which
    PostgreSQL runs once). A paginator would ask the count as a second query, so each section
    would cost one query or two depending on its length; this way it costs one at any scale."""

    def read(offset: int, limit: int):
        head = list(with_total(rows)[offset : offset + limit])
        return head, (head[0].section_total if head else 0)

    return read


def _page(read, number) -> Page:
    """The page ``number`` of a section; ``read(offset, limit)`` gives the rows from an offset
    and the total of the whole section. A number that is no page (below 1, or past the last
    one) shows the last page, as a paginator does (which then costs a second read)."""
    try:
        wanted = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        wanted = 1
    if 1 <= wanted <= MAX_PAGE:
        head, total = read((wanted - 1) * PER_PAGE, PER_PAGE)
        if head or wanted == 1:
            return _as_page(head, wanted, total)
    head, total = read(0, PER_PAGE)
    last = max(1, math.ceil(total / PER_PAGE))
    if last > 1:
        head, total = read((last - 1) * PER_PAGE, PER_PAGE)
    return _as_page(head, last, total)


def _as_page(rows, number: int, total: int) -> Page:
    paginator = Paginator(rows, PER_PAGE)
    paginator.count = total
    return Page(rows, number, paginator)


def _section(request, name: str, rows):
    param = f"{name}_page"
    number = request.GET.get(param)
    page = _page(rows, number)  # ``rows``: a reader of a page and the total (see ``_page``)

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}#{name}"

    return {
        "name": name,
        "page": page,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


@require_safe
@role_required(CIVIL_SERVANT, COORDINATOR)
def worklist(request):
    """What waits for a first answer, the triage of blockages without a department, open
    blockages, due and overdue commitments, requests waiting for a decision, one's own
    initiatives and those waiting for a coordinator. Shown for the user's own department unless
    the filter asks for another (or for all)."""
    data = request.GET.copy()
    if "department" not in data and request.user.department_id:
        data["department"] = str(request.user.department_id)
    today = timezone.localdate()
    sections = worklist_sections(user=request.user, data=data, today=today)
    ctx = {
        "filter": sections["filter"],
        "today": today,
        "first_answer_days": settings.FIRST_ANSWER_WORKING_DAYS,
        **{name: _section(request, name, sections[name]) for name in SECTIONS},
    }
    if is_coordinator(request.user):
        # Coordinators' queue: initiatives nobody speaks for any more.
        ctx["without_lead"] = _section(request, "without_lead", without_lead_page())
        # And the intake: initiatives still without a point of contact, with their clock.
        ctx["intake"] = _section(request, "intake", _counted(intake_for(request.user)))
        term = intake_term()
        ctx["intake"]["rows"] = [
            (i, clock_of(i, term=term, today=today)) for i in ctx["intake"]["page"]
        ]
    return render(request, "partnership/worklist.html", ctx)
