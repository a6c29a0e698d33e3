"""Who counts as a demo user: the four published logins and everyone under the demo domains.

The safety check of ``seed_demo`` and ``--flush`` rely on this: any other user is real data.
"""

from django.db.models import Q

DEMO_PASSWORD = "demo-partner-2026"
DEMO_LOGINS = {
    "initiatiefnemer@example.org": "initiator",
    "ambtenaar@example.org": "civil_servant",
    "raadslid@example.org": "council_member",
    "coordinator@example.org": "coordinator",
    "anker@example.org": "anchor",
}
DEMO_DOMAIN = "demo.example.org"
MUNICIPAL_DOMAIN = f"rotterdam.{DEMO_DOMAIN}"


def demo_users_q() -> Q:
    """Users the seed created (and may delete again)."""
    return (
        Q(email__in=list(DEMO_LOGINS))
        | Q(email__iendswith=f"@{DEMO_DOMAIN}")
        | Q(email__iendswith=f".{DEMO_DOMAIN}")
    )
