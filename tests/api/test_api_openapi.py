"""The OpenAPI document (API-1): served, and the committed copy is the generated one."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from api.api import openapi_text


@pytest.mark.rule("API-1")
def test_the_committed_openapi_document_is_current():
    committed = Path(settings.BASE_DIR, "docs", "openapi.json").read_text()
    assert json.loads(committed) == json.loads(openapi_text()), "run: make openapi"


@pytest.mark.rule("API-1")
def test_the_openapi_document_is_served_and_describes_the_bearer_token(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema == json.loads(openapi_text())
    assert {"/api/customers", "/api/pool", "/api/pool/{customer_id}/claim"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
