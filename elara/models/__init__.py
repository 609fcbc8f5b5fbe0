"""Every table in one metadata, so each service and Alembic see one schema."""

from elara.models.assistant import AssistantConversation, CompanyName
from elara.models.audit import AppSetting, AuditChainHead, AuditEntry
from elara.models.base import Base, utcnow
from elara.models.dataset import (
    Dataset,
    DatasetError,
    DatasetRecord,
    DatasetStatus,
    FxRate,
    RollupAccountDaily,
    RollupAccountMonthly,
    RollupCompanyKind,
    RollupDimensionPair,
    RollupKindPlan,
    RollupMonthly,
    RollupPairBuild,
    RollupPairTotals,
    UploadBatch,
    UploadSession,
)
from elara.models.finance import AccountKindEntry, DatasetAccountKind, RollupDimensionMonthly
from elara.models.job import UploadJob
from elara.models.recipe import ImportRecipe
from elara.models.subscription import AlertRule, AlertState, Subscription
from elara.models.user import PasswordResetToken, RefreshSession, Role, User
from elara.models.view import DefaultView, SavedView

__all__ = [
    "AccountKindEntry",
    "AlertRule",
    "AlertState",
    "AppSetting",
    "AssistantConversation",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "CompanyName",
    "Dataset",
    "DatasetAccountKind",
    "DatasetError",
    "DatasetRecord",
    "DatasetStatus",
    "DefaultView",
    "FxRate",
    "ImportRecipe",
    "PasswordResetToken",
    "RefreshSession",
    "Role",
    "RollupAccountDaily",
    "RollupAccountMonthly",
    "RollupCompanyKind",
    "RollupDimensionMonthly",
    "RollupDimensionPair",
    "RollupKindPlan",
    "RollupMonthly",
    "RollupPairBuild",
    "RollupPairTotals",
    "SavedView",
    "Subscription",
    "UploadBatch",
    "UploadJob",
    "UploadSession",
    "User",
    "utcnow",
]
