"""Which statement line each stored amount belongs to, and the sign it counts with.

Every (dataset, account, category) present is classified once per data version, in this order:
an admin's kind for the account in that dataset, the kind the user chose for it when importing
into that dataset (`upload_batches.options["settings"]["account_kinds"]`), an admin's kind for
the account everywhere, the built-in vocabulary (`elara.finance.kinds`), else *unclassified*.
The result is a *bucket*: the kind, with the line a subtotal states ("subtotal:net_income") or
the depreciation mark of an operating expense ("operating_expense:depreciation").

Signs (docs/finance.md): amounts are stored as the file states them; each upload's
`settings.sign` says how they map to the one convention Elara shows (revenue and income
positive, costs positive, profits positive):

    natural            revenue +, costs +          every amount counts as stored
    expenses_negative  revenue +, costs -          cost amounts are negated
    debit_positive     debits +, credits -         income and profit amounts are negated

An upload without a sign setting (older data) gets one from its dataset's totals: revenue
summing negative means debit_positive, costs summing negative means expenses_negative.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select, tuple_
from sqlalchemy.orm import Session

from elara.core import data_version
from elara.finance.kinds import (
    EXPENSE_KINDS,
    INCOME_KINDS,
    INCOME_OFFSET,
    AccountKind,
    classify,
    line_of,
    normalise_name,
    sign_from_totals,
)
from elara.models import AccountKindEntry, DatasetAccountKind, RollupMonthly, UploadBatch

UNCLASSIFIED = "unclassified"
NATURAL, EXPENSES_NEGATIVE, DEBIT_POSITIVE = "natural", "expenses_negative", "debit_positive"
SIGNS = (NATURAL, EXPENSES_NEGATIVE, DEBIT_POSITIVE)
# Subtotal lines that state a cost: they follow the cost sign, every other subtotal the income.
_COST_LINES = frozenset({"cost_of_sales", "operating_expenses"})


def bucket(kind: AccountKind, line: str | None) -> str:
    return f"{kind.value}:{line}" if line else kind.value


def kind_of(bucket_name: str) -> str:
    return bucket_name.split(":", 1)[0]


@functools.lru_cache(maxsize=4096)
def multiplier(bucket_name: str, sign: str) -> int:
    """How an amount of a bucket, stored under a sign convention, counts on screen."""
    kind, _, line = bucket_name.partition(":")
    if line == INCOME_OFFSET:  # other operating income: an income, counted against the costs
        return 1 if sign == DEBIT_POSITIVE else -1
    if kind in EXPENSE_KINDS or (kind == AccountKind.subtotal and line in _COST_LINES):
        return -1 if sign == EXPENSES_NEGATIVE else 1
    if kind in INCOME_KINDS or kind == AccountKind.subtotal:
        return -1 if sign == DEBIT_POSITIVE else 1
    return 1


Pair = tuple[str, str]  # (account, category or "")


@dataclass
class Plan:
    """Every present (dataset, account, category) classified, and each upload's sign."""

    buckets: dict[tuple[int, str, str], str] = field(default_factory=dict)
    batch_signs: dict[tuple[int, int | None], str] = field(default_factory=dict)
    dataset_signs: dict[int, str] = field(default_factory=dict)
    _fingerprints: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    _cases: dict[Any, ColumnElement[str]] = field(default_factory=dict, repr=False, compare=False)

    def sign(self, dataset_id: int, batch_id: int | None) -> str:
        found = self.batch_signs.get((dataset_id, batch_id))
        return found or self.dataset_signs.get(dataset_id, NATURAL)

    def bucket_of(self, dataset_id: int, account: str, category: str | None) -> str:
        """The bucket of one account of a dataset (as `case` gives it in SQL)."""
        return self.buckets.get((dataset_id, account, category or ""), UNCLASSIFIED)

    def fingerprint(self, dataset_id: int) -> str:
        """What this plan classifies one dataset's accounts as, in 64 hex digits: the rows of
        `rollup_company_kind` built under the same fingerprint hold this plan's buckets."""
        found = self._fingerprints.get(dataset_id)
        if found is None:
            pairs = sorted((a, c, b) for (d, a, c), b in self.buckets.items() if d == dataset_id)
            found = hashlib.sha256(repr(pairs).encode()).hexdigest()
            self._fingerprints[dataset_id] = found
        return found

    def case(self, model: Any) -> ColumnElement[str]:
        """CASE giving each row its bucket (every present pair is listed, so ELSE is rare);
        made once per table (a plan is kept per data version: see `plan_for`)."""
        found = self._cases.get(model)
        if found is None:
            whens = _whens(model, self.buckets)
            found = case(*whens, else_=literal(UNCLASSIFIED)) if whens else literal(UNCLASSIFIED)
            self._cases[model] = found
        return found


def _whens(model: Any, buckets: dict[tuple[int, str, str], str]) -> list[Any]:
    by_pair: dict[Pair, dict[int, str]] = defaultdict(dict)
    for (dataset_id, account, category), name in buckets.items():
        by_pair[(account, category)][dataset_id] = name
    uniform: dict[Pair, str] = {}
    special: dict[tuple[int, str], list[Pair]] = defaultdict(list)
    for pair, per_dataset in by_pair.items():
        if len(set(per_dataset.values())) == 1:
            uniform[pair] = next(iter(per_dataset.values()))
        else:
            for dataset_id, name in per_dataset.items():
                special[(dataset_id, name)].append(pair)
    pair_col = tuple_(model.account, func.coalesce(model.category, ""))
    whens: list[Any] = [
        (and_(model.dataset_id == dataset_id, pair_col.in_(pairs)), literal(name))
        for (dataset_id, name), pairs in sorted(special.items())
    ]
    per_account: dict[str, set[str]] = defaultdict(set)
    for (account, _), name in uniform.items():
        per_account[account].add(name)
    by_pairs: dict[str, list[Pair]] = defaultdict(list)
    by_accounts: dict[str, list[str]] = defaultdict(list)
    for (account, category), name in sorted(uniform.items()):
        if len(per_account[account]) > 1:
            by_pairs[name].append((account, category))
        elif account not in by_accounts[name]:
            by_accounts[name].append(account)
    whens += [(pair_col.in_(pairs), literal(name)) for name, pairs in sorted(by_pairs.items())]
    whens += [
        (model.account.in_(accs), literal(name)) for name, accs in sorted(by_accounts.items())
    ]
    return whens


@dataclass(frozen=True)
class Overrides:
    """The admins' and the importers' kinds, by normalised account name."""

    everywhere: dict[str, str]
    per_dataset: dict[int, dict[str, str]]

    def classify(self, dataset_id: int, account: str, category: str) -> str:
        key = normalise_name(account)
        chosen = self.per_dataset.get(dataset_id, {}).get(key) or self.everywhere.get(key)
        if chosen is not None and chosen in AccountKind.__members__:
            kind = AccountKind(chosen)
            return bucket(kind, line_of(kind, account))
        found = classify(account, category or None)
        return bucket(found.kind, found.line) if found else UNCLASSIFIED


def load_overrides(session: Session, dataset_ids: Iterable[int]) -> Overrides:
    """Admin entries, with the kinds chosen at import beneath each dataset's admin entries."""
    ids = sorted(set(dataset_ids))
    everywhere = {
        key: kind
        for key, kind in session.execute(
            select(AccountKindEntry.account_key, AccountKindEntry.kind)
        )
    }
    per_dataset: dict[int, dict[str, str]] = defaultdict(dict)
    if ids:
        for dataset_id, options in session.execute(
            select(UploadBatch.dataset_id, UploadBatch.options)
            .where(UploadBatch.dataset_id.in_(ids))
            .order_by(UploadBatch.id)
        ):
            for account, kind in _chosen_kinds(options).items():
                per_dataset[dataset_id][normalise_name(account)] = kind
        rows = session.execute(
            select(
                DatasetAccountKind.dataset_id,
                DatasetAccountKind.account_key,
                DatasetAccountKind.kind,
            ).where(DatasetAccountKind.dataset_id.in_(ids))
        )
        for dataset_id, key, kind in rows:
            per_dataset[dataset_id][key] = kind
    return Overrides(everywhere, dict(per_dataset))


def _settings(options: Any) -> dict[str, Any]:
    settings = options.get("settings") if isinstance(options, dict) else None
    return settings if isinstance(settings, dict) else {}


def _chosen_kinds(options: Any) -> dict[str, str]:
    kinds = _settings(options).get("account_kinds")
    if not isinstance(kinds, dict):
        return {}
    return {str(a): str(k) for a, k in kinds.items() if str(k) in AccountKind.__members__}


def _batch_signs(session: Session, ids: list[int]) -> dict[tuple[int, int | None], str]:
    signs: dict[tuple[int, int | None], str] = {}
    query = select(UploadBatch.dataset_id, UploadBatch.id, UploadBatch.options).where(
        UploadBatch.dataset_id.in_(ids)
    )
    for dataset_id, batch_id, options in session.execute(query):
        sign = _settings(options).get("sign")
        if sign in SIGNS:
            signs[(dataset_id, batch_id)] = sign
    return signs


def build_plan(session: Session, dataset_ids: tuple[int, ...]) -> Plan:
    """Classify every present account of the datasets and settle each upload's sign."""
    plan = Plan()
    ids = sorted(set(dataset_ids))
    if not ids:
        return plan
    overrides = load_overrides(session, ids)
    query = (
        select(
            RollupMonthly.dataset_id,
            RollupMonthly.account,
            func.coalesce(RollupMonthly.category, ""),
            func.sum(RollupMonthly.amount_minor),
        )
        .where(RollupMonthly.dataset_id.in_(ids))
        .group_by(RollupMonthly.dataset_id, RollupMonthly.account, RollupMonthly.category)
    )
    totals: dict[int, dict[str, int]] = defaultdict(lambda: {"income": 0, "cost": 0})
    for dataset_id, account, category, amount in session.execute(query):
        name = overrides.classify(dataset_id, account, category)
        plan.buckets[(dataset_id, account, category)] = name
        kind = kind_of(name)
        if kind in INCOME_KINDS:
            totals[dataset_id]["income"] += int(amount or 0)
        elif kind in EXPENSE_KINDS:
            totals[dataset_id]["cost"] += int(amount or 0)
    plan.batch_signs = _batch_signs(session, ids)
    for dataset_id in ids:
        found = totals.get(dataset_id, {"income": 0, "cost": 0})
        plan.dataset_signs[dataset_id] = sign_from_totals(found["income"], found["cost"])
    return plan


_PLANS: OrderedDict[tuple[object, ...], Plan] = OrderedDict()
_PLANS_LOCK = threading.Lock()


def plan_for(session: Session, dataset_ids: tuple[int, ...], *, version: str | None = None) -> Plan:
    """The plan of these datasets, remembered per data version (every settings change bumps it)."""
    version = version if version is not None else data_version.current(session)
    if version == "0":  # nothing stored yet: too common a key to share between databases
        return build_plan(session, dataset_ids)
    key = (version, tuple(sorted(set(dataset_ids))))
    with _PLANS_LOCK:
        known = _PLANS.get(key)
    if known is not None:
        return known
    plan = build_plan(session, dataset_ids)
    with _PLANS_LOCK:
        _PLANS[key] = plan
        while len(_PLANS) > 64:
            _PLANS.popitem(last=False)
    return plan
