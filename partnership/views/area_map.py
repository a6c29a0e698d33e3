"""A schematic map of the city's 14 areas: one tile per area, placed roughly where it lies
(west to east, north of the Maas above the south), with the inventory and the initiatives in it.
No tiles are fetched from elsewhere: the SVG is written here, every text escaped, and the table
beside it holds the same numbers."""

import html

from django.db.models import Count
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from initiatives.models import Area, Initiative
from partnership.models import InventoryItem

# (column, row) of each area's tile: north of the river in rows 0 to 2, the south in row 3.
TILES = {
    "Hoek van Holland": (0, 1),
    "Rozenburg": (1, 2),
    "Pernis": (2, 2),
    "Hoogvliet": (2, 3),
    "Overschie": (3, 0),
    "Delfshaven": (3, 1),
    "Hillegersberg-Schiebroek": (4, 0),
    "Noord": (4, 1),
    "Centrum": (4, 2),
    "Charlois": (3, 3),
    "Feijenoord": (4, 3),
    "Prins Alexander": (6, 0),
    "Kralingen-Crooswijk": (5, 1),
    "IJsselmonde": (5, 3),
}
TILE_W, TILE_H, GAP = 130, 86, 8


def area_rows() -> list[dict]:
    """Per area: items open to initiatives, all items on offer (not withdrawn) and public
    initiatives. Three queries whatever the numbers."""
    items = dict(
        InventoryItem.objects.exclude(status=InventoryItem.Status.WITHDRAWN)
        .order_by()
        .values_list("area_id")
        .annotate(n=Count("id"))
    )
    open_items = dict(
        InventoryItem.objects.filter(status=InventoryItem.Status.AVAILABLE)
        .order_by()
        .values_list("area_id")
        .annotate(n=Count("id"))
    )
    initiatives = dict(
        Initiative.objects.public().order_by().values_list("area_id").annotate(n=Count("id"))
    )
    return [
        {
            "name": name,
            "slug": slug,
            "available": open_items.get(pk, 0),
            "items": items.get(pk, 0),
            "initiatives": initiatives.get(pk, 0),
        }
        for pk, name, slug in Area.objects.order_by("name").values_list("pk", "name", "slug")
    ]


def _e(text) -> str:
    return html.escape(str(text))


def area_map_svg(rows: list[dict], url: str) -> SafeString:
    """The tiles, linked to the inventory filtered on the area. Areas not in ``TILES`` (a name
    changed) go on an extra row at the bottom, so none is lost."""
    placed, extra = [], 0
    for row in rows:
        position = TILES.get(row["name"])
        if position is None:
            position = (extra, 4)
            extra += 1
        placed.append((row, position))
    cols = max(c for _r, (c, _y) in placed) + 1
    lines = max(y for _r, (_c, y) in placed) + 1
    width, height = cols * (TILE_W + GAP), lines * (TILE_H + GAP) + 20
    title = gettext("The inventory and initiatives per area")
    desc = gettext(
        "A schematic map of the 14 areas: each tile shows the items open to initiatives and the "
        "public initiatives in that area. The table beside it holds the same numbers."
    )
    river_y = 3 * (TILE_H + GAP) - GAP / 2 + 1
    # A group, not an image: its tiles are links (an image may hold no interactive parts).
    out = [
        f'<svg class="chart area-map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="area-map-t area-map-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="area-map-t">{_e(title)}</title><desc id="area-map-d">{_e(desc)}</desc>',
        f'<line class="river" x1="0" y1="{river_y}" x2="{width}" y2="{river_y}" stroke-width="4"/>',
    ]
    for row, (col, line) in placed:
        x, y = col * (TILE_W + GAP), line * (TILE_H + GAP)
        available = gettext("%(n)s open") % {"n": row["available"]}
        initiatives = gettext("%(n)s initiatives") % {"n": row["initiatives"]}
        out.append(
            f'<a href="{_e(url)}?area={_e(row["slug"])}">'
            f'<rect class="tile" x="{x}" y="{y}" width="{TILE_W}" height="{TILE_H}" rx="6" '
            f'fill="#eef3f8" stroke="#3d5a80"/>'
            f'<text class="label" x="{x + 8}" y="{y + 20}" fill="#1b1b1b" font-weight="bold" '
            f'font-size="12">{_e(row["name"])}</text>'
            f'<text x="{x + 8}" y="{y + 46}" fill="#1b1b1b" font-size="12">{_e(available)}</text>'
            f'<text x="{x + 8}" y="{y + 68}" fill="#1b1b1b" font-size="12">{_e(initiatives)}</text>'
            "</a>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
