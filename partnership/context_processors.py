from initiatives import permissions


def roles(request):
    """Role flags for the navigation; views enforce permissions themselves."""
    user = request.user
    return {
        "is_municipal": permissions.is_municipal(user),
        "is_coordinator": permissions.is_coordinator(user),
        "can_read_dashboards": permissions.can_read_dashboards(user),
        "is_initiator": user.is_authenticated
        and permissions.has_role(user, permissions.INITIATOR),
    }
