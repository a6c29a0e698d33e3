"""``{% filter_summary %}``: the one button a phone shows instead of a page's filter fields, with
the number of filters in use, so the first result is on the first screen. The fields sit in a
``<details class="filter-fold">`` that wide screens always show (static/css/app.css)."""

from django import template

register = template.Library()

# Query parameters that page, sort, export or pick a tab: not filters.
NOT_FILTERS = frozenset({"page", "sort", "order", "format", "figure", "view", "tab", "lang"})


@register.inclusion_tag("partials/filter_summary.html", takes_context=True)
def filter_summary(context) -> dict:
    request = context.get("request")
    active = 0
    if request is not None:
        active = sum(
            1
            for key in request.GET
            if key not in NOT_FILTERS and any(v.strip() for v in request.GET.getlist(key))
        )
    return {"active": active}
