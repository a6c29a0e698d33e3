from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A person as partners read them: their name, and for the city's staff their department
    ("Sanne de Boer, Stadsbeheer"). Select the user's department with the row (no query)."""
    if user is None:
        return ""
    if user.department_id:
        return f"{user.display_name}, {user.department}"
    return user.display_name
