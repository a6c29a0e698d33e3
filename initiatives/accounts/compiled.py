"""Queries compiled once per process, run with the values of the request.

Some pages run a query that is the same on every request but for a few values (an initiative's
id, a department's, the day): building and compiling a queryset with nested subqueries or a few
``select_related`` joins costs Python more than the database takes to run it. Such a query is
built once with stand-ins for those values (numbers no row has as a key, a date no row has, a
text no row has), its SQL kept per database, time zone (dates are cut in it in the SQL) and
shape, and run with the stand-ins replaced (``with_values``).

``compiled`` keeps the SQL of a query whose rows the caller reads itself (the partner page's
facts in ``pillar``, the work list's first answers). ``objects`` keeps a queryset of model
instances (``CompiledQuery``): each run makes the same instances Django's own iteration would
(the model's columns, its ``select_related`` relations, its annotations, the database's
converters) and runs the queryset's prefetches on them (the partner page's records, replies and
members; the work list's sections).

Here, at the bottom beside the per-request memo, so that every app may use it: the session's
user is read with it on every request (``initiatives.accounts.backends``).

A value of the request that the SQL depends on must be a stand-in or part of the key: any other
would be kept as it was on the process's first request. This leans on Django's compiler
(``klass_info``, ``get_related_populators``, ``get_converters``): check it on a Django upgrade
(the partner page's and work list's tests compare their pages with what they show).
"""

import datetime as dt

from django.db import connection
from django.db.models import DateField, prefetch_related_objects
from django.db.models.query import get_related_populators
from django.utils import timezone

# Shapes kept per process; past this many a query is compiled for its one use (as Django would).
MAX_SHAPES = 1024

_queries: dict[tuple, tuple[str, tuple]] = {}
_objects: dict[tuple, "CompiledQuery"] = {}

# Reads a date column of such a query: SQLite hands dates back as text.
A_DATE = DateField()


def _key(key: tuple) -> tuple:
    return (connection.vendor, connection.alias, timezone.get_current_timezone_name(), *key)


def _kept(store: dict, key: tuple, build):
    key = _key(key)
    found = store.get(key)
    if found is None:
        found = build()
        if len(store) < MAX_SHAPES:
            store[key] = found
    return found


def compiled(key: tuple, build) -> tuple[str, tuple]:
    """The (SQL, parameters) that ``build()`` returns, built once per process for ``key`` on
    the current database and time zone. ``build`` puts stand-ins where the values go."""

    def sql_and_params():
        sql, params = build()
        return sql, tuple(params)

    return _kept(_queries, key, sql_and_params)


def with_values(params, values: dict) -> list:
    """``params`` with each stand-in (a key of ``values``) replaced by its value; a date also
    where the query holds it as text (SQLite is sent dates as text)."""
    values = {**values, **{str(k): str(v) for k, v in values.items() if type(k) is dt.date}}
    return [values.get(p, p) if type(p) in (int, str, dt.date) else p for p in params]


def run(sql: str, params, values: dict) -> list[tuple]:
    """The rows of a compiled query, run with the request's ``values`` for its stand-ins."""
    with connection.cursor() as cursor:
        cursor.execute(sql, with_values(params, values))
        return cursor.fetchall()


class CompiledQuery:
    """A queryset of model instances compiled once: its SQL (``head``, a ``WITH`` clause, put
    before it) and how a row becomes instances, as ``django.db.models.query.ModelIterable``
    makes them."""

    def __init__(self, queryset, head: tuple[str, tuple] = ("", ())):
        if queryset._known_related_objects:
            raise ValueError("a related manager's queryset is not compiled")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()  # which also sets what the compiler selects
        select, klass_info = compiler.select, compiler.klass_info
        if compiler.has_extra_select or not klass_info:
            raise ValueError("only querysets of model instances are compiled")
        self.sql, self.params = head[0] + sql, (*head[1], *params)
        self.db = queryset.db
        self.prefetch = tuple(queryset._prefetch_related_lookups)
        self.model = klass_info["model"]
        own = klass_info["select_fields"]
        self.own = slice(own[0], own[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.own]]
        self.related = get_related_populators(klass_info, select, queryset.db)
        self.annotations = tuple(compiler.annotation_col_map.items())
        columns = [column[0] for column in select[: compiler.col_count]]
        self.converters = tuple(compiler.get_converters(columns).items())

    def objects(self, values: dict, tail: str = "") -> list:
        """The instances of the query run with ``values`` for its stand-ins, ``tail`` (a
        ``LIMIT``) added, their prefetches done."""
        found = []
        for row in run(self.sql + tail, self.params, values):
            if self.converters:  # SQLite's dates and booleans, for one
                row = list(row)
                for position, (converters, expression) in self.converters:
                    for convert in converters:
                        row[position] = convert(row[position], expression, connection)
            obj = self.model.from_db(self.db, self.init_list, row[self.own])
            for related in self.related:
                related.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        if self.prefetch and found:
            prefetch_related_objects(found, *self.prefetch)
        return found

    def page(self, values: dict, offset: int, limit: int) -> tuple[list, int]:
        """The instances from ``offset`` on (at most ``limit``) and the query's total, which
        each row carries as ``section_total`` (a window count over the whole query)."""
        found = self.objects(values, f" LIMIT {int(limit)} OFFSET {int(offset)}")
        return found, (found[0].section_total if found else 0)


def compiled_query(key: tuple, build) -> CompiledQuery:
    """The queryset ``build()`` makes with stand-ins (or the ``CompiledQuery`` it returns),
    compiled once per process for ``key`` on the current database and time zone."""

    def compile_it():
        built = build()
        return built if isinstance(built, CompiledQuery) else CompiledQuery(built)

    return _kept(_objects, key, compile_it)


def instances(key: tuple, build, values: dict) -> list:
    """The instances of the queryset ``build()`` makes with stand-ins (the keys of ``values``),
    in its order, with its ``select_related`` relations and ``prefetch_related`` lookups."""
    return compiled_query(key, build).objects(values)


def id_stand_ins(ids, first: int) -> dict[int, object]:
    """A stand-in for each of ``ids`` (``padded`` first, so that there are few lengths),
    counting down from ``first`` (numbers no row has as a key), mapped to the id it stands for:
    the stand-ins go into the query built once (``list()`` of it), the mapping into ``values``.
    The same length gives the same stand-ins, so a query kept for it fits."""
    return {first - i: pk for i, pk in enumerate(ids)}


def padded(ids, sizes=(1, 2, 4, 8, 16, 32, 64, 128)) -> list:
    """``ids`` (a non-empty collection) as a list of the next of ``sizes`` at least as long
    (or as is when longer than all), its last id repeated: ``IN`` reads the same, and a query
    compiled per length has few shapes."""
    ids = list(ids)
    size = next((s for s in sizes if s >= len(ids)), len(ids))
    return ids + [ids[-1]] * (size - len(ids))
