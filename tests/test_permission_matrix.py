"""Who may do what, for every URL (issue 9).

The table ``PAGES`` below holds, for every named URL pattern in the URL configuration, how to build
its arguments from a small world and what each role gets. The guard test walks the resolver, so a
new page without an entry breaks the build: whoever adds a page decides who may see it.

Roles, in the order of every row: a visitor (not logged in), the member (lead) of the public
initiative, another initiator (no member), a civil servant, a council member and a coordinator.
Answers: 200, 403 (may see the initiative but not do this), 404 (must not know that it exists),
405 (the page takes POST only), ``LOGIN`` (a redirect to log in) or ``To("url_name")``, a redirect
that is the page's real behaviour and not a refusal. Pages that hang on an initiative have a
second row, ``private``: the same page on a private initiative that the member is not in; an
archived public initiative must answer every role as the private one does.

Each page is asked with GET and with POST (refused roles change nothing in the database), with an
item of another initiative in its path (404 for whoever may act on its own item), and with POST
without a CSRF token (refused). A page that a visitor, another initiator or a council member may
read never shows them a member's name, e-mail address or phone number, nor the private or
archived initiative.

Left out: Django's admin (a back office; tested apart below: without staff status every role is
sent to the admin's login) and static or media files (no patterns outside DEBUG). allauth's pages
under accounts/ are listed like every other page, with allauth's own behaviour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives.models import InitiativePartner, Invitation, Membership
from partnership.models import RequestKind
from partnership.services import peers
from tests.support import factories as f
from tests.support import factories_proposals as proposals
from tests.support.factories_requests import objection

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "other_initiator", "civil_servant", "council_member", "coordinator")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass(frozen=True)
class To:
    """A redirect to the page named ``url_name`` (by resolving the Location's path)."""

    url_name: str

    def __str__(self) -> str:
        return f"302 to {self.url_name}"


LOGIN = To("account_login")
Answer = int | To
Row = tuple[Answer, Answer, Answer, Answer, Answer, Answer]

GET = "GET"  # safe methods only: POST is 405 for everyone
GET_POST = "GET POST"  # a form: POST is refused exactly as GET is
POST = "POST"  # POST only: GET is 405 for everyone, the row is the answer to POST


@dataclass(frozen=True)
class Page:
    kwargs: Callable[[SimpleNamespace, SimpleNamespace], dict]
    methods: str
    public: Row
    private: Row | None = None
    # Where POST is refused otherwise than the method rule above says (allauth's pages).
    post: Row | None = None


# Arguments, from the world ``w`` and one side ``s`` of it (the public, private or archived
# initiative with one of each item).
def NONE(w, s):
    return {}


def SLUG(w, s):
    return {"slug": s.initiative.slug}


def ITEM(attr: str):
    def kwargs(w, s):
        return {"slug": s.initiative.slug, "pk": getattr(s, attr).pk}

    return kwargs


def ARCHIVE(w, s):
    return {"slug": s.initiative.slug, "model": "contact", "pk": s.contact.pk}


def HARD_DELETE(w, s):
    return {"model": "contact", "pk": s.contact.pk}


def TOKEN(w, s):
    return {"token": w.invitation.token}


def USER(w, s):
    return {"pk": w.users["other_initiator"].pk}


def KIND(w, s):
    return {"pk": w.kind.pk}


def INVENTORY(w, s):
    return {"pk": w.inventory_item.pk}


def DEPARTMENT(w, s):
    return {"pk": w.users["civil_servant"].department_id}


def POLICY_FRAMEWORK(w, s):
    return {"pk": w.policy_framework.pk}


def DIMENSION(w, s):
    return {"pk": w.dimension.pk}


def INDICATOR(w, s):
    return {"pk": w.indicator.pk}


def PROPOSAL(w, s):
    return {"pk": w.proposal.pk}


def DRAFT(w, s):
    return {"pk": w.draft.pk}


def PROPOSAL_FRAMEWORK(w, s):
    return {"pk": w.proposal.policy_framework_id}


def BLOCKING_FRAMEWORK(w, s):
    return {"pk": w.pub.blockage.policy_framework_id}


def PEER(w, s):
    return {"pk": w.peer_listing.pk}


def EMAIL_KEY(w, s):
    return {"key": "bestaat-niet"}


def RESET_KEY(w, s):
    return {"uidb36": "zz", "key": "bestaat-niet"}


DETAIL = To("partnership:initiative_detail")
AUDIT = To("partnership:initiative_audit")
PROPOSAL_PAGE = To("partnership:proposal_detail")
OBJECTION = To("partnership:objection_detail")
FRAMEWORK = To("publicvalue:value_framework")
HOME = To("home")
NOTES = To("partnership:notification_list")
# allauth sends on to these where there is nothing to do yet (no code asked, a password set, no
# recent login for a security change).
CODE = To("account_request_reauthentication_code")
CHANGE = To("account_change_password")
REAUTH = To("account_reauthenticate")

# fmt: off
PAGES: dict[str, Page] = {
    #                                              visitor member other civil  council coord
    # Open to everyone.
    "home": Page(NONE, GET,                        (200,   200,   200,  200,   200,    200)),
    "health": Page(NONE, GET,                      (200,   200,   200,  200,   200,    200)),
    "partnership:privacy": Page(NONE, GET,                     (200,   200,   200,  200,   200,    200)),
    "initiatives:catalogue": Page(NONE, GET,                   (200,   200,   200,  200,   200,    200)),
    "partnership:request_register": Page(NONE, GET,            (200,   200,   200,  200,   200,    200)),
    "partnership:inventory_list": Page(NONE, GET,              (200,   200,   200,  200,   200,    200)),
    "partnership:inventory_detail": Page(INVENTORY, GET,       (200,   200,   200,  200,   200,    200)),
    # Applying for an item of the inventory: for one's own initiative (others are told they
    # have none); keeping the inventory: the city, each department its own items.
    "partnership:inventory_apply": Page(INVENTORY, GET_POST,   (LOGIN, 200,   200,  200,   200,    200)),
    "partnership:inventory_create": Page(NONE, GET_POST,       (LOGIN, 403,   403,  200,   403,    200)),
    "partnership:inventory_edit": Page(INVENTORY, GET_POST,    (LOGIN, 403,   403,  403,   403,    200)),
    # Anchor institution staff only (see tests/test_anchor_permissions.py for that role).
    "partnership:anchor_home": Page(NONE, GET,                 (LOGIN, 403,   403,  403,   403,    403)),
    "partnership:anchor_contribution_create": Page(NONE, GET_POST,
                                                   (LOGIN, 403,   403,  403,   403,    403)),
    # The yearly pledge: anchor staff for their organisation, coordinators for the city.
    "partnership:pledge_edit": Page(NONE, GET_POST,            (LOGIN, 403,   403,  403,   403,    200)),
    # Members dispute what an anchor institution (or the city) recorded about their initiative.
    "partnership:contract_dispute": Page(ITEM("contract"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                             private=              (LOGIN, 404,   404,  403,   404,    403)),
    # Members choose what more than the public fields an anchor institution linked to them sees.
    "partnership:anchor_grants": Page(SLUG, GET_POST,  (LOGIN, 200,   403,  403,   403,    403),
                             private=              (LOGIN, 404,   404,  403,   404,    403)),
    # Django's language switch sends a GET back to the home page without switching.
    "set_language": Page(NONE, GET_POST,           (HOME,  HOME,  HOME, HOME,  HOME,   HOME)),
    # The initiative page: public fields for all, the partner page for members and the city.
    "partnership:initiative_detail": Page(SLUG, GET,           (200,   200,   200,  200,   200,    200),
                              private=             (404,   404,   404,  200,   404,    200)),
    "partnership:value_profile": Page(SLUG, GET,               (200,   200,   200,  200,   200,    200),
                          private=                 (404,   404,   404,  200,   404,    200)),

    # One's own account and initiatives: anyone logged in may register an initiative.
    "accounts:profile": Page(NONE, GET_POST,                   (LOGIN, 200,   200,  200,   200,    200)),
    "partnership:my_data": Page(NONE, GET,                     (LOGIN, 200,   200,  200,   200,    200)),
    "partnership:notification_list": Page(NONE, GET,           (LOGIN, 200,   200,  200,   200,    200)),
    "partnership:notification_read": Page(NONE, POST,          (LOGIN, NOTES, NOTES, NOTES, NOTES,  NOTES)),
    "partnership:notification_preferences": Page(NONE, GET_POST, (LOGIN, 200, 200,  200,   200,    200)),
    "partnership:delete_account": Page(NONE, GET_POST,         (LOGIN, 200,   200,  200,   200,    200)),
    "partnership:my_initiatives": Page(NONE, GET,              (LOGIN, 200,   200,  200,   200,    200)),
    "initiatives:initiative_create": Page(NONE, GET_POST,      (LOGIN, 200,   200,  200,   200,    200)),
    # The token AND the verified address it was sent to: only the invitee (nieuw@example.org,
    # none of these roles) may join; anyone else is told it was for another address; a member
    # already in goes to the page.
    "initiatives:invitation_accept": Page(TOKEN, GET_POST,     (LOGIN, DETAIL, 403, 403,   403,    403)),

    # What members do with their initiative.
    "initiatives:initiative_edit": Page(SLUG, GET_POST,        (LOGIN, 200,   403,  403,   403,    403),
                            private=               (LOGIN, 404,   404,  403,   404,    403)),
    "initiatives:initiative_invite": Page(SLUG, GET_POST,      (LOGIN, 200,   403,  403,   403,    403),
                              private=             (LOGIN, 404,   404,  403,   404,    403)),
    "initiatives:initiative_hand_lead": Page(SLUG, GET_POST,   (LOGIN, 200,   403,  403,   403,    403),
                                 private=          (LOGIN, 404,   404,  403,   404,    403)),
    "initiatives:initiative_leave": Page(SLUG, GET_POST,       (LOGIN, 200,   403,  403,   403,    403),
                             private=              (LOGIN, 404,   404,  403,   404,    403)),
    "initiatives:invitation_revoke": Page(ITEM("invitation"), POST,
                                                   (LOGIN, DETAIL, 403, 403,   403,    403),
                              private=             (LOGIN, 404,   404,  403,   404,    403)),
    "initiatives:initiative_status": Page(SLUG, GET_POST,      (LOGIN, 200,   403,  200,   403,    200),
                              private=             (LOGIN, 404,   404,  200,   404,    200)),
    # The audit trail: members and coordinators. Archiving: each side only what it wrote; the
    # contact in the path was logged by the municipality, so members may not hide it.
    "partnership:initiative_audit": Page(SLUG, GET,            (LOGIN, 200,   403,  403,   403,    200),
                             private=              (LOGIN, 404,   404,  403,   404,    200)),
    "partnership:archive_item": Page(ARCHIVE, GET_POST,        (LOGIN, 403,   403,  200,   403,    200),
                         private=                  (LOGIN, 404,   404,  200,   404,    200)),

    # The partner page's actions: the municipality logs, members answer, coordinators assign.
    "partnership:contact_new": Page(SLUG, GET_POST,            (LOGIN, 403,   403,  200,   403,    200),
                        private=                   (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:contact_answer": Page(ITEM("contact"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                           private=                (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:commitment_new": Page(SLUG, GET_POST,         (LOGIN, 403,   403,  200,   403,    200),
                           private=                (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:commitment_settle": Page(ITEM("commitment"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                              private=             (LOGIN, 404,   404,  200,   404,    200)),
    # Another owner: the commitment's department (the civil servant's own here) and coordinators.
    "partnership:commitment_reassign": Page(ITEM("commitment"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                                private=           (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:commitment_dispute": Page(ITEM("commitment"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                               private=            (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:blockage_new": Page(SLUG, GET_POST,           (LOGIN, 403,   403,  200,   403,    200),
                         private=                  (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:blockage_raise": Page(SLUG, GET_POST,         (LOGIN, 200,   403,  403,   403,    403),
                           private=                (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:blockage_respond": Page(ITEM("blockage"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                             private=              (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:blockage_handoff": Page(ITEM("blockage"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                             private=              (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:blockage_escalate": Page(ITEM("blockage"), POST,
                                                   (LOGIN, 403,   403,  DETAIL, 403,   DETAIL),
                              private=             (LOGIN, 404,   404,  DETAIL, 404,   DETAIL)),
    "partnership:blockage_settle": Page(ITEM("blockage"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                            private=               (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:rate_blockage": Page(ITEM("settled_blockage"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                          private=                 (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:rate_request": Page(ITEM("decided_request"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                         private=                  (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:reply_answer": Page(ITEM("question"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                           private=                (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:contract_dispute_answer": Page(ITEM("disputed_contract"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                                      private=     (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:initiative_assign": Page(SLUG, GET_POST,      (LOGIN, 403,   403,  403,   403,    200),
                              private=             (LOGIN, 404,   404,  403,   404,    200)),

    # Requests and cooperation: members submit, the municipality decides and records.
    "partnership:request_create": Page(SLUG, GET_POST,         (LOGIN, 200,   403,  200,   403,    200),
                           private=                (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:request_detail": Page(ITEM("city_request"), GET,
                                                   (LOGIN, 200,   403,  200,   403,    200),
                           private=                (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:request_consider": Page(ITEM("city_request"), POST,
                                                   (LOGIN, 403,   403,  DETAIL, 403,   DETAIL),
                             private=              (LOGIN, 404,   404,  DETAIL, 404,   DETAIL)),
    "partnership:request_decide": Page(ITEM("city_request"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                           private=                (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:request_withdraw": Page(ITEM("city_request"), POST,
                                                   (LOGIN, DETAIL, 403, DETAIL, 403,   DETAIL),
                             private=              (LOGIN, 404,   404,  DETAIL, 404,   DETAIL)),
    "partnership:request_clock": Page(ITEM("city_request"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                          private=                 (LOGIN, 404,   404,  200,   404,    200)),
    # Objections (issue 15): members lodge and withdraw; the deciding department (the civil
    # servant's) answers, a coordinator too; a coordinator assigns.
    "partnership:objection_create": Page(ITEM("decided_request"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                             private=              (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:objection_detail": Page(ITEM("objection"), GET,
                                                   (LOGIN, 200,   403,  200,   403,    200),
                             private=              (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:objection_answer": Page(ITEM("objection"), POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                             private=              (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:objection_assign": Page(ITEM("objection"), POST,
                                                   (LOGIN, 403,   403,  403,   403,    OBJECTION),
                             private=              (LOGIN, 404,   404,  403,   404,    OBJECTION)),
    "partnership:objection_withdraw": Page(ITEM("objection"), POST,
                                                   (LOGIN, OBJECTION, 403, 403,  403,    403),
                               private=            (LOGIN, 404,   404,  403,   404,    403)),
    "partnership:partner_link_create": Page(SLUG, GET_POST,    (LOGIN, 200,   403,  200,   403,    200),
                                private=           (LOGIN, 404,   404,  200,   404,    200)),
    "partnership:contract_create": Page(SLUG, GET_POST,        (LOGIN, 403,   403,  200,   403,    200),
                            private=               (LOGIN, 404,   404,  200,   404,    200)),

    # Value records: members and the municipality record, whoever recorded corrects, the city
    # verifies; attachments may show people, so outsiders get none.
    "publicvalue:value_record_create": Page(SLUG, GET_POST,    (LOGIN, 200,   403,  200,   403,    200),
                                private=           (LOGIN, 404,   404,  200,   404,    200)),
    "publicvalue:value_record_edit": Page(ITEM("record"), GET_POST,
                                                   (LOGIN, 200,   403,  403,   403,    403),
                              private=             (LOGIN, 404,   404,  403,   404,    403)),
    "publicvalue:value_record_verify": Page(ITEM("record"), POST,
                                                   (LOGIN, 403,   403,  DETAIL, 403,   DETAIL),
                                private=           (LOGIN, 404,   404,  DETAIL, 404,   DETAIL)),
    "publicvalue:value_record_clarify": Page(ITEM("record"), GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200),
                                 private=          (LOGIN, 404,   404,  200,   404,    200)),
    "publicvalue:value_record_attachment": Page(ITEM("record"), GET,
                                                   (LOGIN, 200,   403,  200,   403,    200),
                                    private=       (LOGIN, 404,   404,  200,   404,    200)),

    # The municipality's work list; the dashboards for council, civil servants and coordinators
    # (none is made public in this world).
    "partnership:worklist": Page(NONE, GET,                    (LOGIN, 403,   403,  200,   403,    200)),
    "partnership:intake": Page(NONE, GET,                      (LOGIN, 403,   403,  200,   403,    200)),
    "partnership:intake_term": Page(NONE, GET_POST,            (LOGIN, 403,   403,  403,   403,    200)),
    "dashboards:dashboard_index": Page(NONE, GET,             (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_movement": Page(NONE, GET,          (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_blockages": Page(NONE, GET,         (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_commitments": Page(NONE, GET,       (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_public_value": Page(NONE, GET,      (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_collective_goods": Page(NONE, GET,  (LOGIN, 403,   403,  200,   200,    200)),
    "dashboards:dashboard_rules": Page(NONE, GET,             (LOGIN, 403,   403,  200,   200,    200)),

    # Coordinators only: users, the audit log, hard deletion, the value framework, the kinds of
    # request and which dashboards are public.
    "partnership:user_list": Page(NONE, GET,                   (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:user_roles": Page(USER, GET_POST,             (LOGIN, 403,   403,  403,   403,    200)),
    "accounts:department_list": Page(NONE, GET_POST,        (LOGIN, 403,   403,  403,   403,    200)),
    "accounts:department_edit": Page(DEPARTMENT, GET_POST,  (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:audit_log": Page(NONE, GET,                   (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:hard_delete": Page(HARD_DELETE, GET_POST,     (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:restore_item": Page(HARD_DELETE, POST,
                                                   (LOGIN, 403,   403,  403,   403,    AUDIT)),
    "publicvalue:value_framework": Page(NONE, GET,             (LOGIN, 403,   403,  403,   403,    200)),
    "publicvalue:value_dimension_create": Page(NONE, GET_POST, (LOGIN, 403,   403,  403,   403,    200)),
    "publicvalue:value_dimension_edit": Page(DIMENSION, GET_POST,
                                                   (LOGIN, 403,   403,  403,   403,    200)),
    "publicvalue:value_dimension_retire": Page(DIMENSION, POST,
                                                   (LOGIN, 403,   403,  403,   403,    FRAMEWORK)),
    "publicvalue:value_dimension_delete": Page(DIMENSION, POST,
                                                   (LOGIN, 403,   403,  403,   403,    FRAMEWORK)),
    "publicvalue:value_indicator_create": Page(NONE, GET_POST, (LOGIN, 403,   403,  403,   403,    200)),
    "publicvalue:value_indicator_edit": Page(INDICATOR, GET_POST,
                                                   (LOGIN, 403,   403,  403,   403,    200)),
    "publicvalue:value_indicator_retire": Page(INDICATOR, POST,
                                                   (LOGIN, 403,   403,  403,   403,    FRAMEWORK)),
    "publicvalue:value_indicator_delete": Page(INDICATOR, POST,
                                                   (LOGIN, 403,   403,  403,   403,    FRAMEWORK)),
    "partnership:request_kinds": Page(NONE, GET_POST,          (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:request_kind_edit": Page(KIND, GET_POST,      (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:policy_frameworks": Page(NONE, GET_POST,      (LOGIN, 403,   403,  403,   403,    200)),
    "partnership:policy_framework_edit": Page(POLICY_FRAMEWORK, GET_POST,
                                                   (LOGIN, 403,   403,  403,   403,    200)),
    "dashboards:dashboard_settings": Page(NONE, GET_POST,     (LOGIN, 403,   403,  403,   403,    200)),

    # Rules on the table (issue 16): the movement's page, the feed and submitted proposals are
    # public; a draft is for its authors (the member) and the municipality; support comes from
    # members of an initiative; evidence from the city; the answer from the owning department
    # (the civil servant's) or a coordinator; a new framework version from a coordinator.
    "partnership:proposal_list": Page(NONE, GET,            (200,   200,   200,  200,   200,    200)),
    "partnership:proposal_feed": Page(NONE, GET,            (200,   200,   200,  200,   200,    200)),
    "partnership:proposal_detail": Page(PROPOSAL, GET,      (200,   200,   200,  200,   200,    200)),
    "partnership:proposal_create": Page(NONE, GET_POST,     (LOGIN, 200,   200,  200,   403,    200)),
    "partnership:proposal_edit": Page(DRAFT, GET_POST,      (LOGIN, 200,   404,  403,   404,    403)),
    "partnership:proposal_submit": Page(DRAFT, POST,
                                           (LOGIN, PROPOSAL_PAGE, 404, 403, 404,  403)),
    "partnership:proposal_withdraw": Page(PROPOSAL, POST,
                                           (LOGIN, PROPOSAL_PAGE, 403, 403, 403,  403)),
    "partnership:proposal_support": Page(PROPOSAL, GET_POST, (LOGIN, 200,  403,  403,   403,    403)),
    "partnership:proposal_evidence": Page(PROPOSAL, GET_POST,
                                                   (LOGIN, 403,   403,  200,   403,    200)),
    "partnership:proposal_answer": Page(PROPOSAL, GET_POST, (LOGIN, 403,   403,  200,   403,    200)),
    "partnership:framework_version_create": Page(PROPOSAL_FRAMEWORK, GET_POST,
                                                   (LOGIN, 403,   403,  403,   403,    200)),
    # Finding each other: only members of an initiative that the rule blocks (the member's
    # public one); the city and the council do not read the initiatives' own network.
    "partnership:peer_list": Page(BLOCKING_FRAMEWORK, GET,   (LOGIN, 200,   403,  403,   403,    403)),
    "partnership:peer_listing": Page(BLOCKING_FRAMEWORK, POST,
                                    (LOGIN, To("partnership:peer_list"), 403, 403, 403,  403)),
    "partnership:peer_conversation": Page(PEER, GET_POST,   (LOGIN, 200,   403,  403,   403,    403)),

    # allauth (accounts/), as allauth behaves: logging in, signing up and resetting a password
    # are for visitors, and a logged-in user is sent on from logging in and signing up. The rest
    # needs a login. Two-factor pages ask for a recent login first (REAUTH) and are 404 while
    # the user has no authenticator (none has one here); code pages send on while no code was
    # asked for.
    "account_login": Page(NONE, GET_POST,          (200,   HOME,  HOME, HOME,  HOME,   HOME)),
    "account_signup": Page(NONE, GET_POST,         (200,   HOME,  HOME, HOME,  HOME,   HOME)),
    "account_logout": Page(NONE, GET_POST,         (HOME,  200,   200,  200,   200,    200)),
    "account_inactive": Page(NONE, GET,            (200,   200,   200,  200,   200,    200)),
    "account_reauthenticate": Page(NONE, GET_POST, (LOGIN, 200,   200,  200,   200,    200)),
    "account_request_reauthentication_code": Page(NONE, GET_POST,
                                                   (LOGIN, 200,   200,  200,   200,    200)),
    "account_confirm_reauthentication_code": Page(NONE, GET_POST,
                                                   (LOGIN, CODE,  CODE, CODE,  CODE,   CODE)),
    "account_email": Page(NONE, GET_POST,          (LOGIN, 200,   200,  200,   200,    200)),
    "account_email_verification_sent": Page(NONE, GET,
                                                   (200,   200,   200,  200,   200,    200)),
    "account_confirm_email": Page(EMAIL_KEY, GET_POST,
                                                   (200,   200,   200,  200,   200,    200),
                                  post=            (404,   404,   404,  404,   404,    404)),
    "account_change_password": Page(NONE, GET_POST,
                                                   (LOGIN, 200,   200,  200,   200,    200)),
    "account_set_password": Page(NONE, GET_POST,   (LOGIN, CHANGE, CHANGE, CHANGE, CHANGE, CHANGE)),
    "account_reset_password": Page(NONE, GET_POST, (200,   200,   200,  200,   200,    200)),
    "account_reset_password_done": Page(NONE, GET, (200,   200,   200,  200,   200,    200)),
    "account_reset_password_from_key": Page(RESET_KEY, GET_POST,
                                                   (200,   200,   200,  200,   200,    200)),
    "account_reset_password_from_key_done": Page(NONE, GET,
                                                   (200,   200,   200,  200,   200,    200)),
    "account_confirm_login_code": Page(NONE, GET_POST,
                                                   (LOGIN, HOME,  HOME, HOME,  HOME,   HOME)),
    "mfa_index": Page(NONE, GET,                   (LOGIN, 200,   200,  200,   200,    200),
                      post=                        (LOGIN, 405,   405,  405,   405,    405)),
    "mfa_authenticate": Page(NONE, GET_POST,       (LOGIN, HOME,  HOME, HOME,  HOME,   HOME)),
    "mfa_reauthenticate": Page(NONE, GET_POST,     (LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH)),
    "mfa_activate_totp": Page(NONE, GET_POST,      (LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH)),
    "mfa_deactivate_totp": Page(NONE, GET_POST,    (LOGIN, 404,   404,  404,   404,    404)),
    "mfa_view_recovery_codes": Page(NONE, GET,     (LOGIN, 404,   404,  404,   404,    404),
                                    post=          (LOGIN, 405,   405,  405,   405,    405)),
    "mfa_generate_recovery_codes": Page(NONE, GET_POST,
                                                   (LOGIN, REAUTH, REAUTH, REAUTH, REAUTH, REAUTH)),
    "mfa_download_recovery_codes": Page(NONE, GET, (LOGIN, 404,   404,  404,   404,    404),
                                        post=      (LOGIN, 404,   404,  404,   404,    404)),
}
# fmt: on

# Pages that show a member's name to someone outside the initiative, and why that is right.
PERSONAL_DATA_SHOWN = {
    "initiatives:invitation_accept": "the invitee (holding the link, logged in with the invited address) sees who invited them",
}

# Paths the table does not cover: the admin (see its own test) and static or media files.
EXCLUDED_PREFIXES = ("admin/", django_settings.STATIC_URL.lstrip("/"))
if django_settings.MEDIA_URL:
    EXCLUDED_PREFIXES += (django_settings.MEDIA_URL.lstrip("/"),)


# The URL configuration --------------------------------------------------------------------------


def _patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """(route, full name) of every pattern, recursing into includes and namespaces."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield route.replace("^", "").replace("$", ""), name


def _covered_patterns() -> list[tuple[str, str | None]]:
    return [(r, n) for r, n in _patterns() if not r.startswith(EXCLUDED_PREFIXES)]


def test_every_url_pattern_has_an_expectation():
    """A page added without an entry in PAGES (or without a name) fails here, by name."""
    patterns = _covered_patterns()
    unnamed = sorted(route for route, name in patterns if not name)
    names = [name for _route, name in patterns if name]
    shared = sorted({name for name in names if names.count(name) > 1})
    missing = sorted({name for _route, name in patterns if name and name not in PAGES})
    stale = sorted(set(PAGES) - {name for _route, name in patterns})
    assert not unnamed, f"URL patterns without a name, so without an expectation: {unnamed}"
    assert not shared, f"names given to more than one URL pattern (one row each, please): {shared}"
    assert not missing, f"URL patterns without an entry in PAGES (who may see them?): {missing}"
    assert not stale, f"entries in PAGES that match no URL pattern any more: {stale}"


def test_pages_of_an_initiative_are_also_checked_on_a_private_one():
    """Every page whose path names an initiative has a row for the private initiative."""
    without = sorted(
        name
        for route, name in _covered_patterns()
        if "<slug:slug>" in route and name in PAGES and PAGES[name].private is None
    )
    assert not without, f"pages of an initiative without a private row: {without}"


# The world ------------------------------------------------------------------------------------


def _side(initiative, lead):
    """One of each item a URL names, on ``initiative``."""
    today = timezone.localdate()
    blockage = f.BlockageFactory(initiative=initiative)
    f.BlockageHandoffFactory(blockage=blockage)
    contact = f.ContactFactory(initiative=initiative)
    return SimpleNamespace(
        initiative=initiative,
        lead=lead,
        contact=contact,
        commitment=f.CommitmentFactory(initiative=initiative),
        blockage=blockage,
        settled_blockage=f.BlockageFactory(
            initiative=initiative, status="resolved", settled_on=today, resolution="Opgelost."
        ),
        city_request=f.CityRequestFactory(initiative=initiative),
        decided_request=f.CityRequestFactory(
            initiative=initiative, status="decided", decision="granted", decided_on=today
        ),
        contract=f.ContractFactory(initiative=initiative),
        disputed_contract=f.ContractFactory(
            initiative=initiative, disputed_at=timezone.now(), dispute="Dit klopt niet."
        ),
        question=f.ReplyFactory(contact=contact, author=lead),
        objection=objection(initiative=initiative),
        invitation=Invitation.objects.create(
            initiative=initiative,
            email=f"uitgenodigd@{initiative.slug}.example.org",
            token=f"open-uitnodiging-{initiative.slug}",
            invited_by=lead,
        ),
        record=f.ValueRecordFactory(
            initiative=initiative,
            recorded_by=lead,
            attachment=SimpleUploadedFile("telling.pdf", PDF, "application/pdf"),
        ),
    )


def _build_world(media_root) -> SimpleNamespace:
    """The six roles; a public initiative led by the member; a private one and an archived one
    that the member is not in, each with its own lead; one of each item on all three."""
    users = {
        "member": f.InitiatorFactory(
            email="femke.testlid@example.org", name="Femke Testlid-Bakker", phone="06-55501234"
        ),
        "other_initiator": f.InitiatorFactory(email="ander@example.org"),
        "civil_servant": f.CivilServantFactory(email="ambtenaar@example.org"),
        "council_member": f.CouncilMemberFactory(email="raadslid@example.org"),
        "coordinator": f.CoordinatorFactory(email="coordinator@example.org"),
    }
    member = users["member"]
    private_lead = f.InitiatorFactory(
        email="priya.besloten@example.org", name="Priya Besloten-Lid", phone="06-55509876"
    )
    archived_lead = f.InitiatorFactory(
        email="arie.archief@example.org", name="Arie Archief-Lid", phone="06-55504321"
    )
    public = f.InitiativeFactory(lead=member, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk")
    private = f.InitiativeFactory(
        lead=private_lead, title="Besloten Buurtkas", slug="besloten-buurtkas", is_public=False
    )
    archived = f.InitiativeFactory(
        lead=archived_lead,
        title="Opgeheven Speeltuin",
        slug="opgeheven-speeltuin",
        archived_at=timezone.now() - dt.timedelta(days=3),
    )
    pub = _side(public, member)
    priv = _side(private, private_lead)
    # A submitted proposal by the member linking a blockage of the public and of the private
    # initiative, supported (by name) by the private one; and the member's draft.
    proposal = proposals.submitted(author=member, blockages=[pub.blockage, priv.blockage])
    proposals.support(proposal, private, by=private_lead)
    draft = proposals.draft(author=member, title="Concept van het lid")
    # The private initiative, blocked by the public one's rule too, chose to be visible to it.
    rule = pub.blockage.policy_framework
    f.BlockageFactory(initiative=private, policy_framework=rule)
    peer_listing = peers.peer_listing_set(
        initiative=private, framework=rule, by=private_lead, visible=True
    )
    sessions = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return SimpleNamespace(
        users=users,
        sessions=sessions,
        pub=pub,
        priv=priv,
        arch=_side(archived, archived_lead),
        proposal=proposal,
        draft=draft,
        peer_listing=peer_listing,
        invitation=Invitation.objects.create(
            initiative=public,
            email="nieuw@example.org",
            token="uitnodiging-voor-de-matrix",
            invited_by=member,
        ),
        kind=RequestKind.objects.get(code="grond"),
        inventory_item=f.InventoryItemFactory(department=f.department("Stadsbeheer")),
        policy_framework=f.PolicyFrameworkFactory(),
        indicator=pub.record.indicator,
        dimension=pub.record.dimension,
        media_root=media_root,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, inside a transaction that is rolled back at the end;
    every test runs in its own savepoint inside it (pytest-django's ``db``), so what a test
    changes is undone before the next one."""
    media_root = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=str(media_root)):
                built = _build_world(media_root)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _clean_state(settings, world, db):
    """The world's attachments, and no login rate limit left over from another test."""
    settings.MEDIA_ROOT = str(world.media_root)
    cache.clear()
    yield
    cache.clear()


def _client(world, role: str, **options) -> Client:
    client = Client(**options)
    if role != "visitor":
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def test_the_world_is_what_the_table_assumes(world):
    """The rows above rely on these facts; if one changes, the rows need a new look."""
    assert world.pub.initiative.is_public and not world.priv.initiative.is_public
    assert world.arch.initiative.archived_at is not None
    assert world.pub.record.verified_at is None and world.pub.record.attachment
    assert world.pub.blockage.status == "open"
    assert world.pub.city_request.status == "submitted"
    assert world.invitation.accepted_at is None
    assert not any(u.is_staff for u in world.users.values())
    outside = [world.priv.initiative, world.arch.initiative]
    assert not Membership.objects.filter(user=world.users["member"], initiative__in=outside)


# Comparing answers ----------------------------------------------------------------------------


def _describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} to {response['Location']}"
    return str(response.status_code)


def _matches(response, expected: Answer) -> bool:
    if isinstance(expected, To):
        if response.status_code != 302:
            return False
        path = urlsplit(response["Location"]).path
        try:
            return resolve(path).view_name == expected.url_name
        except Resolver404:
            return False
    return response.status_code == expected


def _is_refusal(expected: Answer) -> bool:
    return expected == LOGIN or expected in (403, 404, 405)


SIDES = {"public": "pub", "private": "priv", "archived": "arch"}
# On the archived initiative every role gets what it gets on the private one: neither has the
# member in it, and both are seen by their own members and the municipality only.
ROW_OF_SIDE = {"public": "public", "private": "private", "archived": "private"}

CASES = [
    pytest.param(name, side, id=f"{name}-{side}")
    for name, page in PAGES.items()
    for side in SIDES
    if side == "public" or page.private is not None
]


def _url_and_row(world, name: str, side: str) -> tuple[str, Row]:
    page = PAGES[name]
    s = getattr(world, SIDES[side])
    return reverse(name, kwargs=page.kwargs(world, s)), getattr(page, ROW_OF_SIDE[side])


def _post_row(name: str, row: Row) -> Row:
    """What POST answers: the explicit row, 405 on safe-only pages, else the page's own row."""
    page = PAGES[name]
    if page.post is not None:
        return page.post
    if page.methods == GET:
        return (405,) * len(ROLES)
    return row


def _personal_data(*people) -> list[str]:
    return [value for person in people for value in (person.name, person.email, person.phone)]


CHOSE_TO_BE_SEEN = {"partnership:peer_list", "partnership:peer_conversation"}


def _never_shown(world, name: str, role: str) -> list[str]:
    """What ``role`` must not read on any page: the names, e-mail addresses and phone numbers of
    the members of initiatives it is not in, and that the private or archived initiative exists
    at all. The municipality may see all of it."""
    if role in ("civil_servant", "coordinator"):
        return []
    hidden = _personal_data(world.priv.lead, world.arch.lead)
    for s in (world.priv, world.arch):
        hidden += [s.initiative.title, f"/{s.initiative.slug}/"]
    if role == "member" and name in CHOSE_TO_BE_SEEN:
        # The private initiative chose to be visible to the initiatives its rule also blocks:
        # its title, never its members or its page.
        hidden.remove(world.priv.initiative.title)
    if role != "member" and name not in PERSONAL_DATA_SHOWN:
        hidden += _personal_data(world.pub.lead)
    return hidden


@pytest.mark.parametrize("name, side", CASES)
def test_get_answers_per_role(world, name, side):
    """GET as each role gives the table's answer; no page shows a role what it may not know."""
    url, row = _url_and_row(world, name, side)
    wrong = []
    for role, expected in zip(ROLES, row, strict=True):
        if PAGES[name].methods == POST:
            expected = 405
        response = _client(world, role).get(url)
        if response.streaming:
            # Read a download to the end: the test client then closes its file.
            b"".join(response.streaming_content)
        if not _matches(response, expected):
            wrong.append(f"{role}: expected {expected}, got {_describe(response)}")
        elif response.status_code == 200 and not response.streaming:
            shown = [v for v in _never_shown(world, name, role) if v.encode() in response.content]
            if shown:
                wrong.append(f"{role}: the page shows what it may not know: {shown}")
    assert not wrong, f"GET {name} on the {side} initiative ({url}):\n  " + "\n  ".join(wrong)


def _database_rows() -> dict[str, list]:
    """Every row of every table except the sessions, to see that nothing changed."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model is Session or model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.label] = sorted(map(repr, model._base_manager.values_list()))
    return rows


def _changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def _allowed_post_ok(response) -> bool:
    """An allowed role's POST with an empty form: a form with errors, a redirect or a conflict,
    but no refusal and no server error."""
    return (
        response.status_code < 500
        and response.status_code not in (403, 404, 405)
        and not _matches(response, LOGIN)
    )


@pytest.mark.parametrize("name, side", CASES)
def test_post_answers_per_role(world, name, side):
    """POST (without CSRF enforcement, empty form) as each role. A refused role is refused as the
    table says and nothing in the database changes. An allowed role gets the table's answer on
    POST-only pages, and on forms anything but a refusal or a server error."""
    url, row = _url_and_row(world, name, side)
    post_row = _post_row(name, row)
    exact = PAGES[name].methods != GET_POST or PAGES[name].post is not None
    wrong = []
    before = _database_rows()
    allowed = []
    for role, expected in zip(ROLES, post_row, strict=True):
        if not _is_refusal(expected):
            allowed.append((role, expected))
            continue
        response = _client(world, role).post(url)
        if not _matches(response, expected):
            wrong.append(f"{role}: expected {expected}, got {_describe(response)}")
    changed = _changed_tables(before, _database_rows())
    if changed:
        wrong.append(f"refused requests changed the database: {changed}")
    for role, expected in allowed:
        response = _client(world, role).post(url)
        if not (_matches(response, expected) if exact else _allowed_post_ok(response)):
            wanted = expected if exact else "a form or a redirect"
            wrong.append(f"{role}: expected {wanted}, got {_describe(response)}")
    assert not wrong, f"POST {name} on the {side} initiative ({url}):\n  " + "\n  ".join(wrong)


def _pages_with_items() -> list[str]:
    """Pages whose path names an initiative and one of its items."""
    return [
        name
        for route, name in _covered_patterns()
        if "<slug:slug>" in route and "<int:pk>" in route and name in PAGES
    ]


@pytest.mark.parametrize("name", _pages_with_items())
def test_an_item_of_another_initiative_is_not_found(world, name):
    """The public initiative's path with the private initiative's item: whoever may act on the
    public initiative's own item gets 404 here, the others stay refused; nothing changes."""
    page = PAGES[name]
    kwargs = page.kwargs(world, world.pub)
    kwargs["pk"] = page.kwargs(world, world.priv)["pk"]
    url = reverse(name, kwargs=kwargs)
    before = _database_rows()
    wrong = []
    asks = []
    if page.methods != POST:
        asks.append(("get", page.public))
    if page.methods != GET:
        asks.append(("post", _post_row(name, page.public)))
    for method, own in asks:
        for role, on_own_item in zip(ROLES, own, strict=True):
            response = getattr(_client(world, role), method)(url)
            if _is_refusal(on_own_item):
                ok = _matches(response, LOGIN) or response.status_code in (403, 404, 405)
                wanted = "a refusal"
            else:
                ok, wanted = response.status_code == 404, 404
            if not ok:
                got = _describe(response)
                wrong.append(f"{method.upper()} {role}: expected {wanted}, got {got}")
    changed = _changed_tables(before, _database_rows())
    if changed:
        wrong.append(f"the database changed: {changed}")
    assert not wrong, f"{name} with another initiative's item ({url}):\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("name", list(PAGES))
def test_unsafe_methods_without_csrf_token_are_refused(world, name):
    """Every page refuses a POST without a CSRF token, even from a coordinator or a member."""
    url, _row = _url_and_row(world, name, "public")
    before = _database_rows()
    wrong = []
    for role in ("coordinator", "member"):
        response = _client(world, role, enforce_csrf_checks=True).post(url, {"x": "1"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            wrong.append(f"{role}: expected the CSRF refusal (403), got {_describe(response)}")
    changed = _changed_tables(before, _database_rows())
    if changed:
        wrong.append(f"the database changed: {changed}")
    assert not wrong, f"POST {name} ({url}) without a CSRF token:\n  " + "\n  ".join(wrong)


def test_the_admin_sends_every_role_without_staff_status_to_its_login(world):
    """No role of the product makes a user staff: the admin is a back office for staff only."""
    admin_login = reverse("admin:login")
    wrong = []
    for role in ROLES:
        response = _client(world, role).get("/admin/")
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith(admin_login):
            wrong.append(f"{role}: expected 302 to {admin_login}, got {_describe(response)}")
    assert not wrong, "/admin/:\n  " + "\n  ".join(wrong)
    staff = f.CoordinatorFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


# --- the anchor role on every URL (issue 17) ---------------------------------------------------
# Rather than a seventh column, one rule over the same pages and world: staff of an anchor
# institution get what an initiator without an initiative gets (the public pages and their own
# account), and their own organisation's pages besides. So an anchor sees no initiator's personal
# data, no private initiative, no city work list and no dashboard.

OWN_PAGES = {
    "partnership:anchor_home": 200,
    "partnership:anchor_contribution_create": 200,
    "partnership:pledge_edit": 200,
    # Proposals to change a rule come from initiators, civil servants and coordinators (issue
    # 16); an anchor institution supports the movement otherwise.
    "partnership:proposal_create": 403,
}
AS_OTHER = ROLES.index("other_initiator")


@pytest.fixture(scope="module")
def anchor_session(world, django_db_blocker):
    """An anchor whose organisation works with the public initiative, logged in once."""
    with django_db_blocker.unblock():
        anchor = f.AnchorFactory(email="anker@example.org", name="Anke Anker")
        InitiativePartner.objects.create(
            initiative=world.pub.initiative,
            organisation=anchor.anchor_staff.organisation,
            cooperation="accommodation",
        )
        client = Client()
        client.force_login(anchor)
        return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _anchor(session) -> Client:
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session
    return client


@pytest.mark.parametrize("name, side", CASES)
def test_an_anchor_gets_what_an_outside_initiator_gets(world, anchor_session, name, side):
    url, row = _url_and_row(world, name, side)
    expected = OWN_PAGES.get(name, row[AS_OTHER])
    if PAGES[name].methods == POST:
        expected = 405
    response = _anchor(anchor_session).get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert _matches(response, expected), (
        f"GET {url}: expected {expected}, got {_describe(response)}"
    )
    if response.status_code == 200 and not response.streaming:
        shown = [
            v
            for v in _never_shown(world, name, "other_initiator")
            if v.encode() in response.content
        ]
        assert not shown, f"GET {url} shows the anchor what it may not know: {shown}"


def test_the_anchor_pages_answer_the_anchor(world, anchor_session):
    page = _anchor(anchor_session).get(reverse("partnership:anchor_home")).content.decode()
    assert world.pub.initiative.title in page
    assert world.pub.lead.email not in page and escape(world.pub.lead.name) not in page
