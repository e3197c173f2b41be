"""The REST API (API-1): django-ninja, personal bearer tokens, the pages' own rules.

Every endpoint does what the matching page does: the same scoped selector finds the record
(404 outside the user's scope, exactly as for a missing id), the same form validates the
input, the same service writes (so limits, locks, history and notices are the same), and
lists page by the same keyset (crm/lib/paging.py). The schema is served at
/api/openapi.json and committed as docs/openapi.json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer

from api.services import token_authenticate
from crm.lib.paging import keyset_page
from crm.lib.scoping import may
from crm.parameters import param
from crm.selectors import person_name
from customers.forms.customers import CustomerFilterForm, CustomerForm, phone_masked
from customers.selectors.customers import (
    CUSTOMER_ORDER,
    customer_detail_for,
    customer_duplicates,
    customer_list_for,
    customer_ownership,
)
from customers.selectors.scope import customer_get_for, customer_scope_for
from customers.services.customers import customer_create
from deals import selectors as deal_selectors
from deals import services as deal_services
from deals.forms import DealForm, DealLineForm, PaymentForm
from pools.forms import PoolFilterForm, ReleaseNoteForm
from pools.selectors import POOL_ORDER, pool_list_for
from pools.services import pool_claim, pool_release
from visits.forms import VisitRecordForm
from visits.selectors import MY_TASK_LISTS, my_task_get_for_log, my_task_list
from visits.services import visit_record_log

SELLS = "customers.add_survey"
MANAGES = "customers.view_all_customers"
ADDS_CUSTOMERS = "customers.add_customer"
LOGS_VISITS = "visits.add_visitrecord"
ADDS_DEALS = "deals.add_deal"
ADDS_PAYMENTS = "deals.add_payment"
CONFIRMS_PAYMENTS = "deals.confirm_payment"
TASK_ORDER = ("due_on", "id")
PAYMENT_ORDER = ("recorded_at", "id")
DUPLICATES_SHOWN = 5
MAX_LINES = 50
# Ids beyond a 64-bit integer name no record: 422 before any query (SEC-7).
MAX_ID = 2**63 - 1


class TokenAuth(HttpBearer):
    """`Authorization: Bearer crm_…`: a live personal token; its user acts."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(secret=token, now=timezone.now())
        if found is None:
            return None
        request.user = found.user  # the history and the services see who acts
        request.api_token = found
        return found


api = NinjaAPI(
    title="Sales Rules CRM API",
    version="1",
    description=(
        "Customers, the pool, visit tasks, deals and payments, with exactly the scope and "
        "rules of the pages. Authenticate with a personal token: `Authorization: Bearer "
        "crm_…` (make one under your name in the menu, API tokens)."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
)


# Errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    code: str = ""
    errors: dict[str, list[str]] = {}


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": _("You may not do this."), "code": "forbidden"}, status=403
    )


@api.exception_handler(ValidationError)
def _refused(request, exc: ValidationError):
    """A service's refusal: field errors answer 400, a refusal of the whole action 409."""
    if hasattr(exc, "error_dict"):
        errors = {
            field: [str(m) for m in ValidationError(msgs).messages]
            for field, msgs in exc.error_dict.items()
        }
        body = {"detail": " ".join(m for ms in errors.values() for m in ms), "code": "invalid"}
        return api.create_response(request, {**body, "errors": errors}, status=400)
    code = next((e.code for e in exc.error_list if e.code), "") or "refused"
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "code": code}, status=409
    )


def _invalid(form) -> ValidationError:
    """A Django form's errors as the 400 answer (the page's messages, field by field)."""
    return ValidationError({field: [str(m) for m in msgs] for field, msgs in form.errors.items()})


def _require(request, *allowed: str) -> None:
    if not may(request.user, *allowed):
        raise PermissionDenied


def _data(payload: Schema) -> QueryDict:
    """A payload as the form data the page would post (booleans as a checkbox does)."""
    data = QueryDict(mutable=True)
    for key, value in payload.dict().items():
        if value is None or value is False:
            continue
        data[key] = "on" if value is True else str(value)
    return data


# Shapes -----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    phone: str
    email: str
    organisation: str
    address: str
    region: str | None
    source: str
    is_key_customer: bool
    created_at: dt.datetime
    owner: PersonOut | None
    owned_since: dt.datetime | None
    in_pool: bool
    masked: bool = Field(description="Contact details are masked while in the pool (POOL-12).")


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None
    previous_cursor: str | None


def _person(user) -> PersonOut | None:
    return PersonOut(id=user.pk, name=person_name(user)) if user is not None else None


def _customer_out(customer, *, user, ownership=None) -> CustomerOut:
    ownership = ownership if ownership is not None else getattr(customer, "ownership", None)
    owner = ownership.owner if ownership is not None and ownership.owner_id else None
    in_pool = owner is None
    masked = in_pool and not user.has_perm(MANAGES)
    return CustomerOut(
        id=customer.pk,
        kind=customer.kind,
        name=customer.name,
        phone=phone_masked(customer.phone) if masked else customer.phone,
        email="" if masked else customer.email,
        organisation=customer.organisation,
        address="" if masked else customer.address,
        region=customer.region.name if customer.region_id else None,
        source=customer.source,
        is_key_customer=customer.is_key_customer,
        created_at=customer.created_at,
        owner=_person(owner),
        owned_since=ownership.since if ownership is not None else None,
        in_pool=in_pool,
        masked=masked,
    )


def _limit(limit: int) -> int:
    return max(1, min(limit, int(param("api.page_size_max"))))


# Customers --------------------------------------------------------------------------------


class CustomerFilters(Schema):
    q: str = Field("", description="Name, phone, organisation or pinyin.")
    kind: str = ""
    source: str = ""
    owner: str = Field("", description="'mine' or 'pool'; empty: all you may see.")
    after: str = Field("", description="next_cursor of the page before.")
    before: str = Field("", description="previous_cursor of the page after.")
    limit: int = 25


@api.get("/customers", response=CustomerPage, tags=["customers"])
def customers_list(request, filters: Query[CustomerFilters]):
    """The customers you may see (SEAL-2), searched and filtered, newest first."""
    form = CustomerFilterForm(
        {"q": filters.q, "kind": filters.kind, "source": filters.source, "owner": filters.owner}
    )
    page = keyset_page(
        qs=customer_list_for(user=request.user, **form.filters()),
        size=_limit(filters.limit),
        after=filters.after,
        before=filters.before,
        order=CUSTOMER_ORDER,
    )
    return CustomerPage(
        items=[_customer_out(c, user=request.user) for c in page.rows],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


@api.get("/customers/{customer_id}", response={200: CustomerOut, 404: ErrorOut}, tags=["customers"])
def customers_detail(request, customer_id: int = Path(..., ge=1, le=MAX_ID)):
    """One customer you may see; any other id answers 404, as a missing one does."""
    customer = customer_detail_for(user=request.user, pk=customer_id)
    return _customer_out(
        customer, user=request.user, ownership=customer_ownership(customer=customer)
    )


class CustomerIn(Schema):
    kind: str = "person"
    name: str
    phone: str = ""
    email: str = ""
    organisation: str = ""
    region: int | None = None
    address: str = ""
    source: str
    is_key_customer: bool = False
    description: str = ""
    characteristics: str = ""
    business_status: str = ""
    economic_strength: str = ""
    credit_note: str = ""
    transaction_status: str = ""
    sales_summary: str = ""
    confirm_duplicates: str = Field(
        "",
        description=(
            "INTAKE-9: to save despite matches, send back the `confirm` of the 409 answer "
            "(it holds only while the matches stay the same)."
        ),
    )


class DuplicateOut(Schema):
    id: int | None = Field(description="Only for a customer you may see.")
    name: str
    masked_phone: str
    first_collector: str


class DuplicatesOut(Schema):
    detail: str
    code: str = "duplicates"
    duplicates: list[DuplicateOut]
    confirm: str


def _confirm_key(matches) -> str:
    ids = ",".join(str(c.pk) for c in matches)
    return hashlib.sha256(f"INTAKE-9:{ids}".encode()).hexdigest()[:16]


@api.post(
    "/customers",
    response={201: CustomerOut, 400: ErrorOut, 403: ErrorOut, 409: DuplicatesOut},
    tags=["customers"],
)
def customers_create(request, payload: CustomerIn):
    """A new customer, after the duplicate check (INTAKE-9): a phone or organisation that
    matches an existing customer answers 409 with the matches; send `confirm_duplicates` to
    save anyway. A rep who adds a customer owns it by first contact (POOL-1)."""
    _require(request, ADDS_CUSTOMERS)
    form = CustomerForm(_data(payload))
    if not form.is_valid():
        raise _invalid(form)
    matches = list(customer_duplicates(**form.duplicate_keys())[:DUPLICATES_SHOWN])
    if matches and payload.confirm_duplicates != _confirm_key(matches):
        visible = set(
            customer_scope_for(user=request.user)
            .filter(pk__in=[c.pk for c in matches])
            .values_list("pk", flat=True)
        )
        return Status(
            409,
            DuplicatesOut(
                detail=_("A customer with this phone or organisation exists already."),
                duplicates=[
                    DuplicateOut(
                        id=c.pk if c.pk in visible else None,
                        name=c.name,
                        masked_phone=phone_masked(c.phone),
                        first_collector=person_name(c.first_collector) if c.first_collector else "",
                    )
                    for c in matches
                ],
                confirm=_confirm_key(matches),
            ),
        )
    owner = request.user if request.user.has_perm(SELLS) else None
    customer = customer_create(
        data=form.cleaned_data, by=request.user, now=timezone.now(), owner=owner
    )
    return Status(
        201,
        _customer_out(customer, user=request.user, ownership=customer_ownership(customer=customer)),
    )


# The pool -------------------------------------------------------------------------------


class PoolFilters(Schema):
    q: str = ""
    source: str = ""
    tier: str = ""
    days: int | None = Field(None, description="In the pool for at least this many days.")
    after: str = ""
    before: str = ""
    limit: int = 25


@api.get("/pool", response={200: CustomerPage, 403: ErrorOut}, tags=["pool"])
def pool_list(request, filters: Query[PoolFilters]):
    """Ownerless customers you may claim, newest in the pool first (POOL-5)."""
    _require(request, SELLS, MANAGES)
    now = timezone.now()
    raw = {"q": filters.q, "source": filters.source, "tier": filters.tier}
    if filters.days is not None:
        raw["days"] = str(filters.days)
    form = PoolFilterForm(raw)
    page = keyset_page(
        qs=pool_list_for(user=request.user, now=now, **form.filters()),
        size=_limit(filters.limit),
        after=filters.after,
        before=filters.before,
        order=POOL_ORDER,
    )
    return CustomerPage(
        items=[_customer_out(c, user=request.user) for c in page.rows],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


class OwnershipOut(Schema):
    customer_id: int
    owner: PersonOut | None
    since: dt.datetime | None
    reason: str


@api.post(
    "/pool/{customer_id}/claim",
    response={200: OwnershipOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["pool"],
)
def pool_claim_endpoint(request, customer_id: int = Path(..., ge=1, le=MAX_ID)):
    """Claim a pool customer (POOL-5), within the limits the admin sets; a refusal answers
    409 with the reason."""
    _require(request, SELLS)
    customer = customer_get_for(user=request.user, pk=customer_id)
    ownership = pool_claim(customer=customer, user=request.user, now=timezone.now())
    return OwnershipOut(
        customer_id=customer.pk,
        owner=_person(request.user),
        since=ownership.since,
        reason=ownership.reason,
    )


class ReleaseIn(Schema):
    status: str
    contact_details: str
    progress: str


@api.post(
    "/customers/{customer_id}/release",
    response={200: OwnershipOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["pool"],
)
def pool_release_endpoint(
    request, payload: ReleaseIn, customer_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Return your customer to the pool with the note for the next rep (POOL-6)."""
    _require(request, SELLS)
    customer = customer_get_for(user=request.user, pk=customer_id)
    form = ReleaseNoteForm(_data(payload))
    if not form.is_valid():
        raise _invalid(form)
    now = timezone.now()
    pool_release(customer=customer, user=request.user, now=now, **form.cleaned_data)
    ownership = customer_ownership(customer=customer)
    return OwnershipOut(
        customer_id=customer.pk, owner=None, since=ownership.since, reason=ownership.reason
    )


# Visit tasks -------------------------------------------------------------------------------


class CustomerRef(Schema):
    id: int
    name: str


class TaskOut(Schema):
    id: int
    customer: CustomerRef
    due_on: dt.date
    visitor: str
    purpose: str
    planned_method: str
    status: str
    overdue: bool


class TaskPage(Schema):
    items: list[TaskOut]
    next_cursor: str | None
    previous_cursor: str | None


class TaskFilters(Schema):
    show: str = Field("open", description="open, overdue, today or upcoming.")
    after: str = ""
    before: str = ""
    limit: int = 25


def _task_out(task, *, today: dt.date) -> TaskOut:
    return TaskOut(
        id=task.pk,
        customer=CustomerRef(id=task.customer_id, name=task.customer.name),
        due_on=task.due_on,
        visitor=task.visitor,
        purpose=task.purpose,
        planned_method=task.planned_method,
        status=task.status,
        overdue=task.status == "open" and task.due_on < today,
    )


@api.get("/visits/tasks", response={200: TaskPage, 403: ErrorOut}, tags=["visits"])
def visit_tasks_mine(request, filters: Query[TaskFilters]):
    """Your open visit tasks, soonest due first."""
    _require(request, LOGS_VISITS)
    today = timezone.localdate()
    show = filters.show if filters.show in MY_TASK_LISTS else "open"
    page = keyset_page(
        qs=my_task_list(user=request.user, today=today, show=show),
        size=_limit(filters.limit),
        after=filters.after,
        before=filters.before,
        order=TASK_ORDER,
        descending=False,
    )
    return TaskPage(
        items=[_task_out(t, today=today) for t in page.rows],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


class VisitIn(Schema):
    method: str
    visited_at: dt.datetime
    met_whom: str
    discussed: str
    needs: str = ""
    service_opinion: str = ""
    problems: str = ""
    next_step: str
    next_on: dt.date | None = None


class VisitOut(Schema):
    id: int
    customer_id: int
    task_id: int | None
    task_closed_late: bool
    recorded_at: dt.datetime
    next_on: dt.date | None


@api.post(
    "/visits/tasks/{task_id}/log",
    response={201: VisitOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["visits"],
)
def visit_task_log(request, payload: VisitIn, task_id: int = Path(..., ge=1, le=MAX_ID)):
    """Log the visit that answers your task (VISIT-6); the task closes (late after its due
    day) and `next_on` plans your next visit."""
    _require(request, LOGS_VISITS)
    task = my_task_get_for_log(user=request.user, pk=task_id)
    data = _data(payload)
    visited_at = payload.visited_at
    if timezone.is_naive(visited_at):  # a time without an offset is the user's local time
        visited_at = timezone.make_aware(visited_at)
    data["visited_at"] = timezone.localtime(visited_at).strftime("%Y-%m-%d %H:%M:%S")
    form = VisitRecordForm(data)
    if not form.is_valid():
        raise _invalid(form)
    record = visit_record_log(
        customer=task.customer,
        by=request.user,
        now=timezone.now(),
        values=form.values(),
        task=task,
        next_on=form.cleaned_data.get("next_on"),
    )
    return Status(
        201,
        VisitOut(
            id=record.pk,
            customer_id=record.customer_id,
            task_id=record.task_id,
            task_closed_late=bool(record.task and record.task.done_late),
            recorded_at=record.recorded_at,
            next_on=record.next_on,
        ),
    )


# Deals and payments ------------------------------------------------------------------------


class LineIn(Schema):
    product: str
    quantity: int
    unit_price: Decimal


class DealIn(Schema):
    customer: int = Field(ge=1, le=MAX_ID)
    rep: int | None = Field(None, ge=1, le=MAX_ID, description="Who closed it; default: you.")
    note: str = ""
    lines: list[LineIn]


class LineOut(Schema):
    product: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


class PaymentOut(Schema):
    id: int
    deal_id: int
    amount: Decimal
    received_on: dt.date
    method: str
    status: str
    recorded_at: dt.datetime
    confirmed_at: dt.datetime | None


class DealOut(Schema):
    id: int
    customer: CustomerRef
    rep: PersonOut
    status: str
    total: Decimal
    paid: Decimal = Field(description="Confirmed payments (DEAL-1).")
    created_at: dt.datetime
    note: str
    lines: list[LineOut]
    payments: list[PaymentOut]


def _payment_out(p) -> PaymentOut:
    return PaymentOut(
        id=p.pk,
        deal_id=p.deal_id,
        amount=p.amount,
        received_on=p.received_on,
        method=p.method,
        status=p.status,
        recorded_at=p.recorded_at,
        confirmed_at=p.confirmed_at,
    )


def _deal_out(request, deal_id: int) -> DealOut:
    deal = deal_selectors.deal_get_for(user=request.user, pk=deal_id)
    return DealOut(
        id=deal.pk,
        customer=CustomerRef(id=deal.customer_id, name=deal.customer.name),
        rep=_person(deal.rep),
        status=deal.status,
        total=deal.total,
        paid=deal.paid or Decimal("0"),
        created_at=deal.created_at,
        note=deal.note,
        lines=[
            LineOut(
                product=x.product, quantity=x.quantity, unit_price=x.unit_price, amount=x.amount
            )
            for x in deal_selectors.deal_lines(deal=deal)
        ],
        payments=[_payment_out(p) for p in deal_selectors.deal_payments(deal=deal)],
    )


@api.post(
    "/deals",
    response={201: DealOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    tags=["deals"],
)
def deals_create(request, payload: DealIn):
    """Record a deal for a customer you may see; it counts once finance confirms a
    payment (DEAL-1)."""
    _require(request, ADDS_DEALS)
    customer = customer_get_for(user=request.user, pk=payload.customer)
    form = DealForm({"rep": payload.rep or request.user.pk, "note": payload.note})
    if not form.is_valid():
        raise _invalid(form)
    if not payload.lines or len(payload.lines) > MAX_LINES:
        raise ValidationError(
            {"lines": [_("A deal has between 1 and %(most)s lines.") % {"most": MAX_LINES}]}
        )
    items = []
    for number, line in enumerate(payload.lines, start=1):
        line_form = DealLineForm(_data(line))
        if not line_form.is_valid():
            raise ValidationError(
                {
                    f"lines.{number}.{field}": [str(m) for m in msgs]
                    for field, msgs in line_form.errors.items()
                }
            )
        data = line_form.cleaned_data
        items.append(deal_services.LineInput(data["product"], data["quantity"], data["unit_price"]))
    deal = deal_services.deal_create(
        customer=customer,
        rep=form.cleaned_data["rep"],
        by=request.user,
        lines=items,
        note=form.cleaned_data["note"],
        now=timezone.now(),
    )
    return Status(201, _deal_out(request, deal.pk))


@api.get("/deals/{deal_id}", response={200: DealOut, 404: ErrorOut}, tags=["deals"])
def deals_detail(request, deal_id: int = Path(..., ge=1, le=MAX_ID)):
    """A deal of a customer you may see (finance: any), with its lines and payments."""
    return _deal_out(request, deal_id)


class PaymentIn(Schema):
    amount: Decimal
    received_on: dt.date
    method: str


@api.post(
    "/deals/{deal_id}/payments",
    response={201: PaymentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["deals"],
)
def payments_create(request, payload: PaymentIn, deal_id: int = Path(..., ge=1, le=MAX_ID)):
    """Record a payment received; pending until finance confirms it (DEAL-1)."""
    _require(request, ADDS_PAYMENTS)
    deal = deal_selectors.deal_get_for(user=request.user, pk=deal_id)
    now = timezone.now()
    form = PaymentForm(_data(payload), today=timezone.localdate(now))
    if not form.is_valid():
        raise _invalid(form)
    try:
        payment = deal_services.payment_record(
            deal=deal, by=request.user, now=now, **form.cleaned_data
        )
    except deal_services.DealStateError as exc:
        raise ValidationError(
            _("This deal is cancelled; it takes no payments."), "cancelled"
        ) from exc
    return Status(201, _payment_out(payment))


@api.post(
    "/payments/{payment_id}/confirm",
    response={200: PaymentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    tags=["deals"],
)
def payments_confirm(request, payment_id: int = Path(..., ge=1, le=MAX_ID)):
    """Finance confirms a pending payment (DEAL-1); the first one makes the deal's rep the
    owner (POOL-2)."""
    _require(request, CONFIRMS_PAYMENTS)
    try:
        payment = deal_services.payment_confirm(
            payment_id=payment_id, by=request.user, now=timezone.now()
        )
    except deal_services.Payment.DoesNotExist:
        return Status(404, {"detail": "Not Found", "code": "not_found"})
    except deal_services.PaymentStateError as exc:
        raise ValidationError(
            _("This payment is no longer pending; nothing was changed."), "not_pending"
        ) from exc
    return _payment_out(payment)


class PaymentPage(Schema):
    items: list[PaymentOut]
    next_cursor: str | None
    previous_cursor: str | None


class PageQuery(Schema):
    after: str = ""
    before: str = ""
    limit: int = 25


@api.get("/payments/pending", response={200: PaymentPage, 403: ErrorOut}, tags=["deals"])
def payments_pending(request, paging: Query[PageQuery]):
    """Finance's queue of payments to confirm, oldest first."""
    _require(request, CONFIRMS_PAYMENTS)
    page = keyset_page(
        qs=deal_selectors.payments_pending(),
        size=_limit(paging.limit),
        after=paging.after,
        before=paging.before,
        order=PAYMENT_ORDER,
        descending=False,
    )
    return PaymentPage(
        items=[_payment_out(p) for p in page.rows],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


def openapi_text() -> str:
    """The OpenAPI document as committed in docs/openapi.json (stable key order)."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    return json.dumps(schema, cls=NinjaJSONEncoder, indent=2, ensure_ascii=False) + "\n"
