from django import template

register = template.Library()


@register.inclusion_tag("partials/error_summary.html")
def error_summary(form):
    """The list at the top of a form that came back with errors: one line per field in error,
    linking to the field (a hidden field's error has no field to jump to: plain text)."""
    if form is None or not form.is_bound or not form.errors:
        return {"items": []}
    items = []
    for field in form:
        for error in field.errors:
            target = "" if field.is_hidden else (field.id_for_label or field.auto_id)
            items.append({"label": field.label, "error": error, "target": target})
    return {"items": items}
