from initiatives.accounts import roles as r


def roles(request):
    """Role flags for the navigation; views enforce permissions themselves."""
    user = request.user
    return {
        "is_municipal": r.is_municipal(user),
        "is_coordinator": r.is_coordinator(user),
        "can_read_dashboards": r.can_read_dashboards(user),
        "is_anchor": r.has_anchor_role(user),
        "is_initiator": user.is_authenticated and r.has_role(user, r.INITIATOR),
    }
