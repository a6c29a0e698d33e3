"""The intake's answer to a registration in the initiatives app (a signal: that app sits below
this one and may not call it): the area's coordinators hear of it once the row is committed."""

from partnership import notifications


def on_initiative_registered(sender, *, initiative, **kwargs) -> None:
    notifications.after_commit(notifications.initiative_registered, initiative=initiative)
