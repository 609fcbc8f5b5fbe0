"""Property-based API fuzzing against our own OpenAPI document (in-process, bounded):
no 5xx, every response matches its documented schema and content type."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.factories import create_user, login

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 6


def _fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_api_conforms_to_its_schema(make_client, state):
    client = make_client(rate_limit_enabled=False)
    admin = create_user(state, role="admin", email="fuzz-admin@example.com")
    headers = login(client, admin)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", client.app)
    failures, tested = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        tested += 1
        try:
            _fuzz(operation, headers)
        except Exception as exc:
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:800]}")
    assert tested >= 20
    assert not failures, "\n\n".join(failures)
