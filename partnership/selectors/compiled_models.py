"""Model instances read by a queryset compiled once per process (``compiled``, for querysets).

Building and compiling a queryset with a few ``select_related`` joins costs Python about a
millisecond (the joined models' columns, their aliases, the ordering), more than PostgreSQL takes
to run it; the partner page ran half a dozen such queries on every view. Here the queryset is
built once per shape with stand-ins for the request's values, its SQL and the way a row becomes
instances kept, and each call runs that SQL with the values put in and makes the same instances
Django's own iteration would (the model and its ``select_related`` relations), then runs the
queryset's prefetches on them as usual.

For a query with an ``IN`` list, ``padded`` rounds the list up to a few lengths (repeating its
last value, which changes nothing in the result), so that there are few shapes to keep.
"""

from django.db import connection
from django.db.models import prefetch_related_objects
from django.db.models.query import get_related_populators
from django.utils import timezone

# Shapes kept per process; past this many a query is compiled for its one use (as Django would).
MAX_SHAPES = 512

_shapes: dict[tuple, "_Shape"] = {}


class _Shape:
    """A compiled queryset: its SQL and parameters (stand-ins among them), and how a row becomes
    instances (as ``django.db.models.query.ModelIterable`` reads it)."""

    def __init__(self, queryset):
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info
        if compiler.annotation_col_map or compiler.has_extra_select or not klass_info:
            raise ValueError("only plain model querysets (with select_related) are compiled")
        if queryset._known_related_objects:
            raise ValueError("a related manager's queryset is not compiled")
        self.sql, self.params = sql, tuple(params)
        self.db = queryset.db
        self.prefetch = tuple(queryset._prefetch_related_lookups)
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        select = compiler.select
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, queryset.db)
        self.converters = [
            (i, convs, expression)
            for i, (convs, expression) in compiler.get_converters(
                [s[0] for s in select[: compiler.col_count]]
            ).items()
        ]

    def rows(self, values: dict[int, object]) -> list:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, _with_values(self.params, values))
            rows = cursor.fetchall()
        if self.converters:
            converted = []
            for row in rows:
                row = list(row)
                for i, convs, expression in self.converters:
                    value = row[i]
                    for convert in convs:
                        value = convert(value, expression, connection)
                    row[i] = value
                converted.append(row)
            rows = converted
        return rows

    def instances(self, values: dict[int, object]) -> list:
        objs = []
        for row in self.rows(values):
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objs.append(obj)
        return objs


def instances(key: tuple, build, values: dict) -> list:
    """The instances of the queryset ``build()`` returns (built with stand-ins, the keys of
    ``values``, where the request's values go), in its order, with its ``select_related``
    relations and its ``prefetch_related`` lookups. Compiled once per process for
    ``key`` (which must name everything the shape of the SQL depends on) on the current
    database and time zone."""
    key = (connection.vendor, connection.alias, timezone.get_current_timezone_name(), *key)
    shape = _shapes.get(key)
    if shape is None:
        shape = _Shape(build())
        if len(_shapes) < MAX_SHAPES:
            _shapes[key] = shape
    objs = shape.instances(values)
    if shape.prefetch and objs:
        prefetch_related_objects(objs, *shape.prefetch)
    return objs


def _with_values(params, values: dict) -> list:
    """``params`` with each stand-in (a key of ``values``: a number or a text no row has)
    replaced by its value."""
    return [values.get(p, p) if type(p) in (int, str) else p for p in params]


def padded(ids, sizes=(1, 2, 4, 8, 16, 32, 64, 128)) -> list:
    """``ids`` (a non-empty collection) as a list of the next of ``sizes`` at least as long
    (or as is when longer than all), its last id repeated: ``IN`` reads the same."""
    ids = list(ids)
    size = next((s for s in sizes if s >= len(ids)), len(ids))
    return ids + [ids[-1]] * (size - len(ids))
