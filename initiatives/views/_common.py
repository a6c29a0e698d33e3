from initiatives.models import Initiative, Membership


def lead_of(initiative: Initiative):
    """The current lead's membership, from the prefetched list."""
    return next((m for m in initiative.current_members if m.role == Membership.Role.LEAD), None)
