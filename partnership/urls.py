"""The municipality's side of the partnership: the partner page, logging, requests, the work
list, the request register, privacy and the audit trail.

Most paths hang under /initiatieven/<slug>/ because they belong to one initiative's file; the
root URLconf includes the initiatives app first, so its fixed paths (nieuw/, mijn/...) win over
the <slug>/ pages below.
"""

from django.urls import path

from partnership.views import (
    anchor,
    audit,
    frameworks,
    intake,
    inventory,
    mine,
    objections,
    partner_page,
    peers,
    privacy,
    proposals,
    register,
    request_kinds,
    requests,
    users,
    value_profile,
    worklist,
)
from partnership.views import logging as log_views
from partnership.views import notifications as notification_views

app_name = "partnership"
urlpatterns = [
    path("beheer/gebruikers/", users.user_list, name="user_list"),
    path("beheer/gebruikers/<int:pk>/", users.user_roles, name="user_roles"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("meldingen/", notification_views.notification_list, name="notification_list"),
    path("meldingen/gelezen/", notification_views.notification_read, name="notification_read"),
    path(
        "meldingen/instellingen/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path("account/gegevens/", privacy.my_data, name="my_data"),
    path("account/verwijderen/", privacy.delete_account, name="delete_account"),
    path("beheer/audit/", audit.audit_log, name="audit_log"),
    path("beheer/beleidskaders/", frameworks.policy_frameworks, name="policy_frameworks"),
    path(
        "beheer/beleidskaders/<int:pk>/",
        frameworks.policy_framework_edit,
        name="policy_framework_edit",
    ),
    path("beheer/verwijderen/<slug:model>/<int:pk>/", audit.hard_delete, name="hard_delete"),
    path("beheer/herstellen/<slug:model>/<int:pk>/", audit.restore, name="restore_item"),
    path("initiatieven/<slug:slug>/geschiedenis/", audit.initiative_audit, name="initiative_audit"),
    path(
        "initiatieven/<slug:slug>/archiveren/<slug:model>/<int:pk>/",
        audit.archive_item,
        name="archive_item",
    ),
    path("verzoeken/", register.request_register, name="request_register"),
    path("verzoeken/soorten/", request_kinds.request_kinds, name="request_kinds"),
    path("verzoeken/soorten/<int:pk>/", request_kinds.request_kind_edit, name="request_kind_edit"),
    path("werkvoorraad/", worklist.worklist, name="worklist"),
    path("intake/", intake.intake, name="intake"),
    path("intake/termijn/", intake.intake_term_edit, name="intake_term"),
    path(
        "initiatieven/<slug:slug>/verzoeken/nieuw/", requests.request_create, name="request_create"
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/",
        requests.request_detail,
        name="request_detail",
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/in-behandeling/",
        requests.request_consider_view,
        name="request_consider",
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/besluit/",
        requests.request_decide_view,
        name="request_decide",
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/intrekken/",
        requests.request_withdraw_view,
        name="request_withdraw",
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/termijn/",
        requests.request_clock_view,
        name="request_clock",
    ),
    path(
        "initiatieven/<slug:slug>/verzoeken/<int:pk>/bezwaar/",
        objections.objection_create,
        name="objection_create",
    ),
    path(
        "initiatieven/<slug:slug>/bezwaren/<int:pk>/",
        objections.objection_detail,
        name="objection_detail",
    ),
    path(
        "initiatieven/<slug:slug>/bezwaren/<int:pk>/beslissen/",
        objections.objection_answer_view,
        name="objection_answer",
    ),
    path(
        "initiatieven/<slug:slug>/bezwaren/<int:pk>/toewijzen/",
        objections.objection_assign_view,
        name="objection_assign",
    ),
    path(
        "initiatieven/<slug:slug>/bezwaren/<int:pk>/intrekken/",
        objections.objection_withdraw_view,
        name="objection_withdraw",
    ),
    path(
        "initiatieven/<slug:slug>/partners/nieuw/",
        requests.partner_link_create,
        name="partner_link_create",
    ),
    path(
        "initiatieven/<slug:slug>/opdrachten/nieuw/",
        requests.contract_create,
        name="contract_create",
    ),
    path("initiatieven/<slug:slug>/contact/nieuw/", log_views.contact_new, name="contact_new"),
    path(
        "initiatieven/<slug:slug>/contact/<int:pk>/reageren/",
        log_views.contact_answer,
        name="contact_answer",
    ),
    path(
        "initiatieven/<slug:slug>/toezegging/nieuw/",
        log_views.commitment_new,
        name="commitment_new",
    ),
    path(
        "initiatieven/<slug:slug>/toezegging/<int:pk>/afhandelen/",
        log_views.commitment_settle,
        name="commitment_settle",
    ),
    path(
        "initiatieven/<slug:slug>/toezegging/<int:pk>/eigenaar/",
        log_views.commitment_reassign,
        name="commitment_reassign",
    ),
    path(
        "initiatieven/<slug:slug>/toezegging/<int:pk>/betwisten/",
        log_views.commitment_dispute,
        name="commitment_dispute",
    ),
    path("initiatieven/<slug:slug>/knelpunt/nieuw/", log_views.blockage_new, name="blockage_new"),
    path(
        "initiatieven/<slug:slug>/knelpunt/melden/", log_views.blockage_raise, name="blockage_raise"
    ),
    path(
        "initiatieven/<slug:slug>/knelpunt/<int:pk>/reageren/",
        log_views.blockage_respond,
        name="blockage_respond",
    ),
    path(
        "initiatieven/<slug:slug>/knelpunt/<int:pk>/doorsturen/",
        log_views.blockage_handoff,
        name="blockage_handoff",
    ),
    path(
        "initiatieven/<slug:slug>/knelpunt/<int:pk>/escaleren/",
        log_views.blockage_escalate,
        name="blockage_escalate",
    ),
    path(
        "initiatieven/<slug:slug>/knelpunt/<int:pk>/afhandelen/",
        log_views.blockage_settle,
        name="blockage_settle",
    ),
    path(
        "initiatieven/<slug:slug>/knelpunt/<int:pk>/beoordelen/",
        log_views.rate_blockage,
        name="rate_blockage",
    ),
    path(
        "initiatieven/<slug:slug>/verzoek/<int:pk>/beoordelen/",
        log_views.rate_request,
        name="rate_request",
    ),
    path(
        "initiatieven/<slug:slug>/reactie/<int:pk>/beantwoorden/",
        log_views.reply_answer,
        name="reply_answer",
    ),
    path(
        "initiatieven/<slug:slug>/opdrachten/<int:pk>/antwoorden/",
        log_views.contract_dispute_answer,
        name="contract_dispute_answer",
    ),
    path("initiatieven/<slug:slug>/aanspreekpunt/", log_views.assign, name="initiative_assign"),
    path("initiatieven/<slug:slug>/waarde/", value_profile.value_profile, name="value_profile"),
    path("initiatieven/mijn/", mine.my_initiatives, name="my_initiatives"),
    path("initiatieven/<slug:slug>/", partner_page.initiative_detail, name="initiative_detail"),
    path("overnemen/", inventory.inventory_list, name="inventory_list"),
    path("overnemen/nieuw/", inventory.inventory_create, name="inventory_create"),
    path("overnemen/<int:pk>/", inventory.inventory_detail, name="inventory_detail"),
    path("overnemen/<int:pk>/bewerken/", inventory.inventory_edit, name="inventory_edit"),
    path("overnemen/<int:pk>/aanvragen/", inventory.inventory_apply_view, name="inventory_apply"),
    path("mijn-organisatie/", anchor.anchor_home, name="anchor_home"),
    path(
        "mijn-organisatie/bijdrage/nieuw/",
        anchor.anchor_contribution_create,
        name="anchor_contribution_create",
    ),
    path(
        "initiatieven/<slug:slug>/opdrachten/<int:pk>/betwisten/",
        anchor.contract_dispute_view,
        name="contract_dispute",
    ),
    path("beloften/", anchor.pledge_edit, name="pledge_edit"),
    path(
        "initiatieven/<slug:slug>/ankerinstellingen/",
        anchor.anchor_grants,
        name="anchor_grants",
    ),
]

# Rules on the table (issue 16): proposals to change a policy framework, public once submitted.
urlpatterns += [
    path("regels/", proposals.proposal_list, name="proposal_list"),
    path("regels/feed/", proposals.proposal_feed, name="proposal_feed"),
    path("regels/nieuw/", proposals.proposal_create, name="proposal_create"),
    path("regels/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("regels/<int:pk>/bewerken/", proposals.proposal_edit, name="proposal_edit"),
    path("regels/<int:pk>/indienen/", proposals.proposal_submit, name="proposal_submit"),
    path("regels/<int:pk>/intrekken/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path("regels/<int:pk>/steunen/", proposals.proposal_support, name="proposal_support"),
    path("regels/<int:pk>/casus/", proposals.proposal_evidence, name="proposal_evidence"),
    path("regels/<int:pk>/antwoord/", proposals.proposal_answer, name="proposal_answer"),
    # Finding each other: the initiatives one rule blocks (issue 16).
    path("regels/kaders/<int:pk>/lotgenoten/", peers.peer_list, name="peer_list"),
    path("regels/kaders/<int:pk>/zichtbaarheid/", peers.peer_listing, name="peer_listing"),
    path("regels/lotgenoten/<int:pk>/", peers.peer_conversation, name="peer_conversation"),
    path(
        "regels/kaders/<int:pk>/versie/",
        proposals.framework_version_create,
        name="framework_version_create",
    ),
]
