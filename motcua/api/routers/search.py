"""Full-text search over the digitized documents the caller may see (as the search page)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import codes_4xx
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from motcua.api.auth import OFFICER_AUTH, request_actor
from motcua.api.schemas import MAX_LIMIT, ErrorOut, InSchema
from motcua.digitization.search import MAX_QUERY_CHARS, SearchHit, search_scans

router = Router(tags=["digitization"], auth=OFFICER_AUTH)


class SearchQuery(InSchema):
    q: str = Field(
        ...,
        max_length=MAX_QUERY_CHARS,
        description="Words of the text, the file name, the applicant, the dossier code or the "
        "procedure; accents and capitals ignored. Every word must match; the last one also "
        'as the start of a word ("nguy" finds "Nguyễn").',
    )
    limit: int = Field(20, ge=1, le=MAX_LIMIT)

    @field_validator("q")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("blank", _("Give at least one word to search for."))
        return value


class SearchHitOut(Schema):
    document_id: int
    dossier_code: str
    checklist_item_id: int | None
    checklist_item: str = Field(description='The checklist item\'s name; "" for the dossier.')
    original_name: str
    snippet: str = Field(description="Some of the text as written, around the first match.")
    rank: float = Field(description="Higher is better; comparable within one answer only.")
    download_url: str = Field(description="The PDF/A copy (the original until it exists).")

    @classmethod
    def of(cls, hit: SearchHit, request: HttpRequest) -> SearchHitOut:
        path = reverse(
            "api-v1:documents_download",
            kwargs={"code": hit.dossier_code, "document_id": hit.document_id},
        )
        return cls(
            document_id=hit.document_id,
            dossier_code=hit.dossier_code,
            checklist_item_id=hit.checklist_item_id,
            checklist_item=hit.checklist_item,
            original_name=hit.original_name,
            snippet=hit.snippet,
            rank=hit.rank,
            download_url=request.build_absolute_uri(path),
        )


@router.get(
    "/search",
    response={200: list[SearchHitOut], codes_4xx: ErrorOut},
    summary="Search the digitized documents the caller may see, best match first",
)
def documents_search(request: HttpRequest, params: Query[SearchQuery]) -> list[SearchHitOut]:
    hits = search_scans(user=request_actor(request), query=params.q, limit=params.limit)
    return [SearchHitOut.of(hit, request) for hit in hits]
