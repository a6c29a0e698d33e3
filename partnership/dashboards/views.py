"""Council dashboards: five pages of figures, each with its chart, table and downloads.

Readers are council members, civil servants and coordinators. A dashboard that a coordinator
made public is open to everyone; otherwise visitors are sent to log in and other users get 403.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import permissions
from partnership.dashboards import cache, exports, svg
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.forms import DashboardSettingsForm
from partnership.dashboards.registry import (
    BY_SLUG,
    DASHBOARDS,
    Dashboard,
    Figure,
    public_slugs,
)
from partnership.dashboards.selectors import (
    SMALL_CELL,
    filter_options,
    read_snapshot,
    too_few_initiatives,
)
from partnership.dashboards.services import dashboard_visibility_set
from partnership.dashboards.tables import HIDDEN, number_text

EXPORT_FORMATS = ("csv", "csv-nl", "xlsx")
NUM_CLASS = mark_safe(' class="num"')
DASH = "–"


def _deny(request):
    """Visitors log in first; a logged-in user without the right gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _table(board: Dashboard, figure: Figure, flt: DashboardFilter, exact: bool):
    """The figure's table: exact for coordinators, small numbers hidden for everyone else
    (page, chart and downloads all take it from here)."""
    table = cache.figure_table(board, figure, flt)
    return table if exact else figure.protected(table)


def _figure_context(board: Dashboard, figure: Figure, flt: DashboardFilter, exact: bool) -> dict:
    table = figure.selector(flt)  # the page as a whole is cached (``_figures``)
    table = table if exact else figure.protected(table)
    title = str(figure.title)
    numeric = [NUM_CLASS if c.numeric else "" for c in table.columns][1:]

    def cells(row):
        """(row header, [(class attribute, text), ...]): formatted once here and written out
        by ``svg.table_rows`` (thousands of cells per page at city scale)."""
        return (
            row[0],
            [
                (cls, DASH if v is None else str(v) if v is HIDDEN else number_text(v))
                for v, cls in zip(row[1:], numeric, strict=True)
            ],
        )

    context = {
        "key": figure.key,
        "anchor": f"figure-{figure.key}",
        "title": title,
        "explanation": figure.explanation,
        "definitions": figure.definitions(),
        "table": table,
        "wide": len(table.columns) > 5,
        "body": svg.table_rows([cells(row) for row in table.rows]),
        "total": svg.table_rows([cells(table.total)]) if table.total else None,
        "charts": [
            (chart.get("caption"), svg.chart_svg(chart, f"chart-{figure.key}-{i}"))
            for i, chart in enumerate(figure.chart(table, title))
        ],
    }
    # Written out once, then cached with the figures: a warm page pastes four strings per
    # figure instead of unpickling tables and walking templates.
    html = render_to_string("dashboards/figure_content.html", {"fig": context})
    return {"key": figure.key, "anchor": context["anchor"], "title": title, "html": html}


def _too_few_computation(flt: DashboardFilter):
    """Whether too few initiatives are in scope to show council members any figure: cached
    like a figure (one entry, whether asked alone or with the filter options)."""
    return ("too-few",), partial(too_few_initiatives, flt)


def _too_few(flt: DashboardFilter) -> bool:
    return cache.cached(flt, *_too_few_computation(flt))


def _figures(board: Dashboard, flt: DashboardFilter, exact: bool) -> tuple[bool, list, dict]:
    """Whether the figures are hidden (too few initiatives), each figure as the page shows it
    (table cells and charts already written out) and the filter form's areas and themes.

    Each is cached on its own under the tables it read (``cache``): a write recomputes the
    figures that read what it changed and no others (a logged contact leaves the commitments
    warm), and a warm page is one query for the versions."""
    mode = "exact" if exact else "protected"
    figures = [
        (
            (board.slug, figure.key, "page", mode),
            partial(_figure_context, board, figure, flt, exact),
        )
        for figure in board.figures
    ]
    options = (("filter-options",), filter_options)
    if exact:  # one snapshot for the options and the figures
        found, *shown = cache.cached_many(flt, [options, *figures])
        return False, shown, found
    # Council members see the figures only when enough initiatives are in scope.
    found, hidden = cache.cached_many(flt, [options, _too_few_computation(flt)])
    if hidden:
        return True, [], found
    return False, cache.cached_many(flt, figures), found


def _dashboard_export(board: Dashboard, flt: DashboardFilter, exact: bool):
    """The whole dashboard as one workbook: every figure on its own sheet and an explanation."""
    with read_snapshot():
        figures = [
            (
                str(figure.title),
                str(figure.explanation),
                figure.definitions(),
                _table(board, figure, flt, exact),
            )
            for figure in board.figures
        ]
    notes = [] if exact else [small_numbers_note()]
    return exports.dashboard_xlsx_response(
        filename=board.slug,
        title=str(board.title),
        filters=flt.describe(),
        figures=figures,
        notes=notes,
    )


def small_numbers_note() -> str:
    return gettext(
        'A figure resting on fewer than %(n)s initiatives or ratings is shown as "< %(n)s", and '
        "so is a second figure where the first could otherwise be worked out from a total."
    ) % {"n": SMALL_CELL}


def _export(request, board: Dashboard, flt: DashboardFilter, fmt: str, exact: bool):
    if fmt == "xlsx" and "figure" not in request.GET:
        return _dashboard_export(board, flt, exact)
    figure = board.figure(request.GET.get("figure", ""))
    if figure is None:
        raise Http404
    with read_snapshot():
        table = _table(board, figure, flt, exact)
    filename = f"{board.slug}-{figure.key}"
    if fmt in ("csv", "csv-nl"):
        dutch = fmt == "csv-nl"
        return exports.csv_response(
            table, filename=f"{filename}-nl" if dutch else filename, dutch=dutch
        )
    return exports.xlsx_response(
        table,
        filename=filename,
        title=str(figure.title),
        explanation=" ".join([str(figure.explanation), *figure.definitions()]),
        filters=flt.describe(),
    )


@require_safe
def dashboard_index(request):
    user = request.user
    if permissions.can_read_dashboards(user):
        boards = DASHBOARDS
        public = public_slugs() if permissions.is_coordinator(user) else set()
    else:
        public = public_slugs()
        boards = tuple(d for d in DASHBOARDS if d.slug in public)
        if not boards:
            return _deny(request)
    ctx = {"dashboards": boards, "public": public}
    return render(request, "dashboards/index.html", ctx)


@require_safe
def dashboard(request, slug: str):
    board = BY_SLUG[slug]
    is_reader = permissions.can_read_dashboards(request.user)
    if not is_reader and slug not in public_slugs():
        return _deny(request)
    flt = DashboardFilter(request.GET)
    # Coordinators see exact figures; everyone else is not shown the figures of a handful of
    # initiatives (page and downloads alike).
    exact = permissions.is_coordinator(request.user)
    fmt = request.GET.get("format")
    if fmt in EXPORT_FORMATS and (exact or not _too_few(flt)):
        return _export(request, board, flt, fmt, exact)
    hidden, figures, options = _figures(board, flt, exact)
    flt.use_options(**options)
    ctx = {
        "too_few": hidden,
        "small_cell": SMALL_CELL,
        "exact": exact,
        "small_numbers_note": small_numbers_note(),
        "board": board,
        "dashboards": DASHBOARDS if is_reader else (),
        "filter": flt,
        "filters_text": flt.describe(),
        "print_view": request.GET.get("view") == "print",
        "made_on": exports.made_on(),
        "figures": figures,
    }
    return render(request, "dashboards/dashboard.html", ctx)


@require_http_methods(["GET", "POST"])
@permissions.role_required(permissions.COORDINATOR)
def dashboard_settings(request):
    public = public_slugs()
    data = request.POST if request.method == "POST" else None  # no box ticked is a valid answer
    form = DashboardSettingsForm(data, initial={"public": sorted(public)})
    if request.method == "POST" and form.is_valid():
        dashboard_visibility_set(
            public_slugs=set(form.cleaned_data["public"]), changed_by=request.user
        )
        messages.success(request, gettext("Dashboard visibility saved."))
        return redirect("dashboards:dashboard_settings")
    ctx = {"form": form, "dashboards": DASHBOARDS, "public": public}
    return render(request, "dashboards/settings.html", ctx)
