"""Recording value from the partner page, its validation against the unit and the period, and
verification by the municipality (who and when kept) or a question for clarification."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.permissions import roles_of
from publicvalue.models import Evidence, ValueDimension, ValueRecord
from publicvalue.services import indicator_set_retired
from tests.support import factories as f
from tests.support.form_data import create_url, form_data

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
DUTCH_CATALOGUE = Path(__file__).resolve().parent.parent / "locale/nl/LC_MESSAGES/django.mo"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def story_data(**changes) -> dict:
    dimension = ValueDimension.objects.get(code="onderlinge-steun")
    story = {"dimension": dimension.pk, "indicator": "", "quantity": "", "evidence": Evidence.STORY}
    return form_data(**{**story, **changes})


def errors_of(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


# Who may record ---------------------------------------------------------------------------------


def test_a_member_records_a_story_without_a_number(member_client, member, initiative):
    response = member_client.post(
        create_url(initiative), story_data(narrative="Buren helpen elkaar.")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:initiative_detail", args=[initiative.slug])
    record = ValueRecord.objects.get(initiative=initiative)
    assert record.indicator is None and record.quantity is None
    assert record.evidence == Evidence.STORY
    assert record.recorded_by == member


def test_a_member_records_counted_volunteer_hours(member_client, initiative):
    response = member_client.post(create_url(initiative), form_data(quantity="40"))
    assert response.status_code == 302
    record = ValueRecord.objects.get(initiative=initiative)
    assert record.quantity == Decimal("40")
    assert record.dimension.code == "participatie"
    assert record.verified_at is None


def test_a_civil_servant_may_record_value_too(civil_servant_client, civil_servant, initiative):
    response = civil_servant_client.post(create_url(initiative), form_data())
    assert response.status_code == 302
    assert ValueRecord.objects.get(initiative=initiative).recorded_by == civil_servant


@pytest.mark.parametrize("who", ["other_initiator_client", "council_client"])
def test_others_get_403_on_a_public_initiative(request, who, initiative):
    client = request.getfixturevalue(who)
    assert client.get(create_url(initiative)).status_code == 403
    assert client.post(create_url(initiative), form_data()).status_code == 403
    assert not ValueRecord.objects.exists()


@pytest.mark.parametrize("who", ["other_initiator_client", "council_client"])
def test_outsiders_get_404_on_a_private_initiative(request, who, initiative):
    initiative.is_public = False
    initiative.save()
    client = request.getfixturevalue(who)
    assert client.get(create_url(initiative)).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, initiative):
    response = client.get(create_url(initiative))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_partner_page_partial_links_to_the_form(initiative):
    html = render_to_string(
        "publicvalue/partner_actions_value.html",
        {"initiative": initiative, "can_record_value": True},
    )
    assert create_url(initiative) in html
    assert reverse("partnership:value_profile", args=[initiative.slug]) in html


# Validation messages (English) -----------------------------------------------------------------


def test_a_negative_quantity_is_refused(member_client, initiative):
    errors = errors_of(member_client.post(create_url(initiative), form_data(quantity="-5"), **EN))
    assert errors["quantity"] == ["A quantity cannot be negative."]


def test_people_are_counted_in_whole_numbers(member_client, initiative):
    indicator = f.indicator("bereikte-bewoners")
    data = form_data(indicator=indicator.pk, dimension=indicator.dimension_id, quantity="12.5")
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["quantity"] == ["Enter a whole number of people."]


def test_kilograms_may_have_decimals(member_client, initiative):
    indicator = f.indicator("afval-opgehaald")
    data = form_data(indicator=indicator.pk, dimension=indicator.dimension_id, quantity="12.5")
    assert member_client.post(create_url(initiative), data).status_code == 302


def test_hours_are_bounded_by_volunteers_times_24_hours_a_day(member_client, initiative):
    # 8 volunteers (factory) over one day: at most 8 × 24 = 192 hours.
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    data = form_data(quantity="193", period_start=day, period_end=day)
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert len(errors["quantity"]) == 1
    message = errors["quantity"][0]
    assert message.startswith("That is more hours than the initiative's volunteers can give")
    assert "at most 192 hours (24 hours a day for each of 8 volunteers)" in message
    data["quantity"] = "192"
    assert member_client.post(create_url(initiative), data).status_code == 302


def test_an_initiative_without_volunteers_counts_one_person(member_client, initiative):
    initiative.volunteers = 0
    initiative.save()
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    data = form_data(quantity="25", period_start=day, period_end=day)
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert "at most 24 hours (24 hours a day for 1 volunteer)" in errors["quantity"][0]


def test_a_period_in_the_future_is_refused(member_client, initiative):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    data = form_data(period_start=tomorrow, period_end=tomorrow)
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["period_start"] == ["The period cannot start in the future."]
    assert errors["period_end"] == [
        "The period cannot end in the future: record value that has been produced."
    ]


def test_a_period_cannot_end_before_it_starts(member_client, initiative):
    data = form_data(
        period_start=(TODAY - dt.timedelta(days=2)).isoformat(),
        period_end=(TODAY - dt.timedelta(days=5)).isoformat(),
    )
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["period_end"] == ["The period cannot end before it starts."]


def test_a_quantity_needs_an_indicator(member_client, initiative):
    errors = errors_of(member_client.post(create_url(initiative), story_data(quantity="3"), **EN))
    assert errors["quantity"] == [
        "A quantity needs an indicator with its unit: choose an indicator, "
        "or leave the quantity empty for a story."
    ]


def test_the_indicator_must_belong_to_the_dimension(member_client, initiative):
    other = ValueDimension.objects.get(code="milieu")
    errors = errors_of(
        member_client.post(create_url(initiative), form_data(dimension=other.pk), **EN)
    )
    assert errors["indicator"] == [
        "This indicator belongs to the dimension “Participation”: "
        "choose that dimension or another indicator."
    ]


def test_a_retired_indicator_cannot_be_chosen_for_a_new_record(member_client, initiative):
    indicator_set_retired(indicator=f.indicator("vrijwilligersuren"), retired=True)
    errors = errors_of(member_client.post(create_url(initiative), form_data(), **EN))
    assert errors["indicator"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_a_deduction_needs_its_reason(member_client, initiative):
    data = form_data(deadweight_pct="20", attribution_pct="10")
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["deadweight_reason"] == [
        "Say why you deduct this deadweight: what would have happened anyway?"
    ]
    assert errors["attribution_reason"] == [
        "Say why you attribute this share to others, and to whom."
    ]


def test_a_deduction_is_a_percentage(member_client, initiative):
    data = form_data(
        deadweight_pct="120", deadweight_reason="x", attribution_pct="-1", attribution_reason="y"
    )
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["deadweight_pct"] == ["Enter a percentage from 0 to 100."]
    assert errors["attribution_pct"] == ["Enter a percentage from 0 to 100."]


def test_deductions_with_reasons_are_stored(member_client, initiative):
    data = form_data(
        deadweight_pct="20",
        deadweight_reason="Een deel kwam toch.",
        attribution_pct="100",
        attribution_reason="Het buurthuis deed het werk.",
    )
    assert member_client.post(create_url(initiative), data).status_code == 302
    record = ValueRecord.objects.get()
    assert (record.deadweight_pct, record.attribution_pct) == (Decimal("20"), Decimal("100"))


@pytest.mark.parametrize("client_fixture", ["member_client", "civil_servant_client"])
def test_nobody_picks_verified_by_the_municipality_in_the_form(request, client_fixture, initiative):
    client = request.getfixturevalue(client_fixture)
    form = client.get(create_url(initiative)).context["form"]
    assert Evidence.VERIFIED not in dict(form.fields["evidence"].choices)
    response = client.post(create_url(initiative), form_data(evidence=Evidence.VERIFIED), **EN)
    assert "evidence" in errors_of(response)
    assert not ValueRecord.objects.exists()


def test_counted_evidence_needs_a_number(member_client, initiative):
    data = story_data(evidence=Evidence.COUNTED)
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert errors["evidence"] == [
        "Counted or measured evidence needs a quantity; "
        "choose “story” for a record without a number."
    ]


def test_nonsense_input_shows_errors_not_a_500(member_client, initiative):
    data = form_data(
        quantity="veel",
        period_start="gisteren",
        dimension="x",
        indicator="99999",
        deadweight_pct="abc",
    )
    errors = errors_of(member_client.post(create_url(initiative), data, **EN))
    assert {"quantity", "period_start", "dimension", "indicator", "deadweight_pct"} <= set(errors)


# Attachments ------------------------------------------------------------------------------------


def test_a_pdf_attachment_is_kept_and_served_to_members_only(
    member_client, other_initiator_client, client, initiative
):
    data = form_data(attachment=SimpleUploadedFile("telling.pdf", PDF, "application/pdf"))
    assert member_client.post(create_url(initiative), data).status_code == 302
    record = ValueRecord.objects.get()
    assert record.attachment.name.endswith(".pdf")
    url = reverse("publicvalue:value_record_attachment", args=[initiative.slug, record.pk])
    response = member_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert other_initiator_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_the_edit_form_links_the_stored_attachment_to_the_guarded_view(
    member_client, member, initiative
):
    record = f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        attachment=SimpleUploadedFile("telling.pdf", PDF, "application/pdf"),
    )
    content = member_client.get(edit_url(record)).content.decode()
    attachment = reverse("publicvalue:value_record_attachment", args=[initiative.slug, record.pk])
    assert f'href="{attachment}"' in content
    assert f'href="{record.attachment.name}"' not in content


def test_an_attachment_over_5_mb_is_refused(member_client, initiative):
    big = SimpleUploadedFile("foto.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png")
    errors = errors_of(member_client.post(create_url(initiative), form_data(attachment=big), **EN))
    assert errors["attachment"] == ["The attachment is too large: at most 5 MB."]


def test_only_pdf_jpg_and_png_are_accepted(member_client, initiative):
    doc = SimpleUploadedFile("telling.docx", b"PK\x03\x04", "application/msword")
    errors = errors_of(member_client.post(create_url(initiative), form_data(attachment=doc), **EN))
    assert errors["attachment"] == ["Attach a PDF, JPG or PNG file."]
    fake = SimpleUploadedFile("foto.png", b"<html>not an image</html>", "image/png")
    errors = errors_of(member_client.post(create_url(initiative), form_data(attachment=fake), **EN))
    assert errors["attachment"] == ["This file is not the PDF, JPG or PNG its name says it is."]


# Editing ---------------------------------------------------------------------------------------


def edit_url(record) -> str:
    return reverse("publicvalue:value_record_edit", args=[record.initiative.slug, record.pk])


def test_a_member_corrects_their_own_unverified_record_and_history_is_kept(
    member_client, member, initiative
):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member, quantity=Decimal("50"))
    response = member_client.post(edit_url(record), form_data(quantity="45"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.quantity == Decimal("45")
    assert [h.quantity for h in record.history.order_by("history_date")] == [
        Decimal("50"),
        Decimal("45"),
    ]
    assert record.history.latest().history_user == member


def test_a_record_keeps_its_retired_indicator_when_corrected(member_client, member, initiative):
    indicator = f.indicator("vrijwilligersuren")
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member, indicator=indicator)
    indicator_set_retired(indicator=indicator, retired=True)
    response = member_client.post(edit_url(record), form_data(narrative="Aangevuld."))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.indicator, record.narrative) == (indicator, "Aangevuld.")


def test_a_verified_record_cannot_be_changed(member_client, member, civil_servant, initiative):
    record = f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        verified_by=civil_servant,
        verified_at=timezone.now(),
        evidence=Evidence.VERIFIED,
    )
    assert member_client.get(edit_url(record)).status_code == 403
    assert member_client.post(edit_url(record), form_data(quantity="1")).status_code == 403


def test_a_member_cannot_change_someone_elses_record(member_client, civil_servant, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=civil_servant)
    assert member_client.get(edit_url(record)).status_code == 403


def test_an_outsider_cannot_change_a_record(other_initiator_client, initiative):
    record = f.ValueRecordFactory(initiative=initiative)
    assert other_initiator_client.post(edit_url(record), form_data()).status_code == 403


# Verification and clarification ----------------------------------------------------------------


def verify_url(record) -> str:
    return reverse("publicvalue:value_record_verify", args=[record.initiative.slug, record.pk])


def clarify_url(record) -> str:
    return reverse("publicvalue:value_record_clarify", args=[record.initiative.slug, record.pk])


def test_a_civil_servant_verifies_a_record(civil_servant_client, civil_servant, member, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    response = civil_servant_client.post(verify_url(record))
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:initiative_detail", args=[initiative.slug])
    record.refresh_from_db()
    assert record.verified_by == civil_servant
    assert record.verified_at is not None
    assert record.evidence == Evidence.VERIFIED


def test_verification_keeps_independently_measured_evidence(
    coordinator_client, coordinator, member, initiative
):
    record = f.ValueRecordFactory(
        initiative=initiative, recorded_by=member, evidence=Evidence.MEASURED
    )
    coordinator_client.post(verify_url(record))
    record.refresh_from_db()
    assert (record.verified_by, record.evidence) == (coordinator, Evidence.MEASURED)


@pytest.mark.parametrize("who", ["member_client", "council_client", "other_initiator_client"])
def test_only_the_municipality_verifies(request, who, member, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    client = request.getfixturevalue(who)
    assert client.post(verify_url(record)).status_code == 403
    assert client.post(clarify_url(record), {"question": "?"}).status_code == 403
    record.refresh_from_db()
    assert record.verified_at is None and record.clarification_request == ""


def test_verify_is_post_only(civil_servant_client, initiative):
    record = f.ValueRecordFactory(initiative=initiative)
    assert civil_servant_client.get(verify_url(record)).status_code == 405


def test_a_civil_servant_does_not_verify_their_own_record(
    civil_servant_client, civil_servant, initiative
):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=civil_servant)
    response = civil_servant_client.post(verify_url(record), **EN)
    record.refresh_from_db()
    assert record.verified_at is None
    with translation.override("en"):
        said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["A record is verified by someone other than who recorded it."]


def test_a_record_is_verified_once(civil_servant_client, coordinator, member, initiative):
    moment = timezone.now() - dt.timedelta(days=3)
    record = f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        verified_by=coordinator,
        verified_at=moment,
        evidence=Evidence.VERIFIED,
    )
    civil_servant_client.post(verify_url(record))
    record.refresh_from_db()
    assert (record.verified_by, record.verified_at) == (coordinator, moment)


def test_a_civil_servant_asks_for_clarification(civil_servant_client, civil_servant, initiative):
    record = f.ValueRecordFactory(initiative=initiative)
    assert civil_servant_client.get(clarify_url(record)).status_code == 200
    response = civil_servant_client.post(clarify_url(record), {"question": "Hoe is dit geteld?"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.clarification_request == "Hoe is dit geteld?"
    assert record.clarification_requested_by == civil_servant
    assert record.clarification_requested_at is not None


def test_a_clarification_needs_a_question(civil_servant_client, initiative):
    record = f.ValueRecordFactory(initiative=initiative)
    response = civil_servant_client.post(clarify_url(record), {"question": ""}, **EN)
    assert response.context["form"].errors["question"] == ["This field is required."]


def test_a_record_of_another_initiative_is_not_found(civil_servant_client, initiative):
    record = f.ValueRecordFactory()  # another initiative
    url = reverse("publicvalue:value_record_verify", args=[initiative.slug, record.pk])
    assert civil_servant_client.post(url).status_code == 404


def render_item(record, user, **ctx) -> str:
    request = RequestFactory().get("/")
    request.user = user
    record = ValueRecord.objects.select_related("indicator", "dimension").get(pk=record.pk)
    context = {"initiative": record.initiative, "item": record, "user": user, **ctx}
    return render_to_string("publicvalue/item_actions_value.html", context, request=request)


def test_members_see_the_question_and_can_answer_by_changing_their_record(member, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    record.clarification_request = "Hoe is dit geteld?"
    record.clarification_requested_at = timezone.now()
    record.save()
    html = render_item(record, member, can_record_value=True, can_verify_value=False)
    assert "Hoe is dit geteld?" in html
    assert edit_url(record) in html
    assert verify_url(record) not in html


def test_civil_servants_see_verify_and_clarify_buttons(member, civil_servant, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    html = render_item(record, civil_servant, can_record_value=True, can_verify_value=True)
    assert verify_url(record) in html and clarify_url(record) in html
    assert edit_url(record) not in html


def test_members_see_the_verification(member, civil_servant, initiative, django_assert_num_queries):
    record = f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        verified_by=civil_servant,
        verified_at=timezone.now(),
    )
    request = RequestFactory().get("/")
    request.user = member
    item = ValueRecord.objects.select_related("indicator", "dimension").get(pk=record.pk)
    ctx = {
        "initiative": initiative,
        "item": item,
        "user": member,
        "can_record_value": True,
        "can_verify_value": False,
    }
    roles_of(member)  # cached per request, as on the partner page
    with django_assert_num_queries(0):  # the partial reads only the record and its joins
        html = render_to_string("publicvalue/item_actions_value.html", ctx, request=request)
    with translation.override("en"):
        html = render_to_string("publicvalue/item_actions_value.html", ctx, request=request)
    assert "Verified by the municipality on" in html
    assert edit_url(record) not in html


# Dutch messages (run once the lead has compiled the Dutch catalogue) -------------------------


dutch = pytest.mark.skipif(
    not DUTCH_CATALOGUE.exists(), reason="the Dutch catalogue has not been compiled yet"
)


@dutch
def test_in_dutch_a_negative_quantity_is_refused(member_client, initiative):
    errors = errors_of(member_client.post(create_url(initiative), form_data(quantity="-5")))
    assert errors["quantity"] == ["Een hoeveelheid kan niet negatief zijn."]


@dutch
def test_in_dutch_a_period_cannot_end_before_it_starts(member_client, initiative):
    data = form_data(
        period_start=(TODAY - dt.timedelta(days=2)).isoformat(),
        period_end=(TODAY - dt.timedelta(days=5)).isoformat(),
    )
    errors = errors_of(member_client.post(create_url(initiative), data))
    assert errors["period_end"] == ["De periode kan niet eindigen voordat ze begint."]


@dutch
def test_in_dutch_people_are_counted_in_whole_numbers(member_client, initiative):
    indicator = f.indicator("bereikte-bewoners")
    data = form_data(indicator=indicator.pk, dimension=indicator.dimension_id, quantity="2.5")
    errors = errors_of(member_client.post(create_url(initiative), data))
    assert errors["quantity"] == ["Vul een heel aantal mensen in."]
