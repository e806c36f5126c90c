"""/api/admin/medias: the media library (CONTRACT §4, §8). Read: every role; write: staff.

Uploads are multipart (`file` + optional `name`, `tags`, `validFrom`, `validUntil`,
`duration`); WEBPAGE, RSS and DATASET are created with JSON (`url` or `dataSourceId`).
"""

from __future__ import annotations

from typing import Annotated, Any

from flask import current_app, jsonify, request
from flask_login import current_user

from signage import schemas
from signage.access.matrix import Permission
from signage.bodies import Array, Body, Id, Number, Str, check, omitted, one_of
from signage.content import media_rules
from signage.content.library import add_upload, source_problem
from signage.content.payloads import media_json
from signage.content.queries import library_query
from signage.core.validation import ValidationError
from signage.core.wire import parse_instant
from signage.datasources.feed_media import add_feed_link, delete_feed_media, update_feed_media
from signage.media.sniff import Unsupported
from signage.media.uploads import TooLarge, receive
from signage.models import Media
from signage.models.enums import MediaType
from signage.web.api.blueprint import bp
from signage.web.errors import ApiError
from signage.web.guard import requires
from signage.web.http import get_or_404, json_body, paginate, parse_id, search_term
from signage.web.openapi import accepts, answers, paged

LINK_TYPES = ("WEBPAGE", "RSS", "DATASET")
FILE_READ_ONLY = ("url", "dataSourceId")
UPLOAD_FIELDS = {"name", "tags", "validFrom", "validUntil", "duration"}
# The upload's multipart form (its texts checked like their JSON counterparts, _form_args).
UPLOAD_FORM = {
    "type": "object",
    "required": ["file"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string", "contentMediaType": "application/octet-stream"},
        "tags": {"type": "array", "items": {"type": "string"}},
        **{name: {"type": "string"} for name in sorted(UPLOAD_FIELDS - {"tags"})},
    },
}


def _rule(rule: Any) -> Any:
    """A media_rules function (raising ValueError) as a field's check."""
    return check(lambda value: _problem(rule, value))


MediaName = Annotated[Str, _rule(media_rules.clean_name)]
Tags = Annotated[Array, _rule(media_rules.clean_tags)]
Duration = Annotated[Number, _rule(media_rules.clean_duration)]
Instant = Annotated[Str, _rule(parse_instant)]
Url = Annotated[Str, _rule(media_rules.clean_url)]
LinkType = one_of(*LINK_TYPES)
# The source's existence too, so one 422 names it beside every other bad field; which fields
# fit which media (a web page's URL, url or dataSourceId) and the validity window's order are
# checked by signage.content, all together, as it writes.
SourceRef = Annotated[Id, check(source_problem)]


class MediaUpdate(Body):
    name: MediaName = omitted()
    tags: Tags = omitted()
    duration: Duration | None = omitted()
    valid_from: Instant | None = omitted()
    valid_until: Instant | None = omitted()
    url: Url | None = omitted()
    data_source_id: SourceRef | None = omitted()


class LinkCreate(MediaUpdate):
    type: LinkType


ARGS = {
    "name": ("name", media_rules.clean_name),
    "tags": ("tags", media_rules.clean_tags),
    "duration": ("duration", media_rules.clean_duration),
    "validFrom": ("valid_from", parse_instant),
    "validUntil": ("valid_until", parse_instant),
    "url": ("url", media_rules.clean_url),
}


def _problem(rule: Any, value: Any) -> str | None:
    try:
        rule(value)
    except ValueError as exc:
        return exc.args[0]
    return None


def _args(data: dict[str, Any]) -> dict[str, Any]:
    """Validated JSON values to the services' arguments (null stays None)."""
    out, errors = media_rules.check_fields({key: value for key, value in data.items() if key in ARGS}, ARGS)
    if errors:
        raise ValidationError(errors)
    if "dataSourceId" in data:
        value = data["dataSourceId"]
        out["data_source_id"] = None if value is None else parse_id(str(value))
    return out


def _form_args() -> dict[str, Any]:
    """The multipart fields, checked like their JSON counterparts."""
    unknown = {key: "Unknown field." for key in request.form if key not in UPLOAD_FIELDS}
    if unknown:
        raise ValidationError(unknown)
    posted: dict[str, Any] = {}
    for key in ARGS:
        if key not in UPLOAD_FIELDS or key not in request.form:
            continue
        if key == "tags":
            # Repeated `tags` fields, or one comma-separated text.
            posted[key] = [tag for field in request.form.getlist("tags") for tag in field.split(",")]
        elif value := request.form.get(key, "").strip():
            posted[key] = value
    out, errors = media_rules.check_fields(posted, ARGS)
    if errors:
        raise ValidationError(errors)
    return out


@bp.get("/medias")
@requires(Permission.MEDIA_READ)
@paged("q", "type", "tag")
@answers(schemas.page_of(schemas.Media))
def medias_list():
    """Newest first. `?type=`, `?tag=` (exact, case-insensitive), `?q=` (name)."""
    query = library_query(request.args.get("type"), request.args.get("tag"), search_term())
    return jsonify(paginate(query, media_json))


@bp.post("/medias")
@requires(Permission.MEDIA_WRITE)
@accepts(LinkCreate, form=UPLOAD_FORM)
@answers(schemas.Media, 201)
def medias_create():
    if request.is_json:
        return _create_link()
    limit = current_app.config["SIGNAGE"].media_max_bytes
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise ApiError(413, f"The file is larger than {limit} bytes.")
    if not request.mimetype.startswith("multipart/form-data"):
        raise ApiError(415, "Send a file as multipart/form-data, or a link media as JSON.")
    upload = request.files.get("file")
    if upload is None or not upload.filename and upload.content_length == 0:
        raise ValidationError({"file": "This field is required."})
    args = _form_args()
    try:
        received = receive(upload.stream, limit)
    except TooLarge as exc:
        raise ApiError(413, f"The file is larger than {limit} bytes.") from exc
    try:
        media = add_upload(
            received,
            name=args.pop("name", None) or media_rules.default_name(upload.filename),
            tags=args.pop("tags", []),
            duration=args.pop("duration", None),
            valid_from=args.pop("valid_from", None),
            valid_until=args.pop("valid_until", None),
            created_by=current_user.id,
        )
    except Unsupported as exc:
        raise ApiError(415, exc.args[0], "unsupported_media") from exc
    finally:
        received.path.unlink(missing_ok=True)
    return jsonify(media_json(media)), 201


def _create_link():
    data = LinkCreate.validated(json_body())
    args = _args(data)
    media = add_feed_link(
        type=MediaType(data["type"]),
        name=args.get("name") or args.get("url") or data["type"].title(),
        url=args.get("url"),
        data_source_id=args.get("data_source_id"),
        tags=args.get("tags") or [],
        duration=args.get("duration"),
        valid_from=args.get("valid_from"),
        valid_until=args.get("valid_until"),
        created_by=current_user.id,
    )
    return jsonify(media_json(media)), 201


@bp.get("/medias/<media_id>")
@requires(Permission.MEDIA_READ)
@answers(schemas.Media)
def medias_show(media_id: str):
    return jsonify(media_json(get_or_404(Media, media_id, "media")))


@bp.put("/medias/<media_id>")
@requires(Permission.MEDIA_WRITE)
@accepts(MediaUpdate)
@answers(schemas.Media)
def medias_update(media_id: str):
    """Partial: only the fields sent change; null clears duration, validity, url."""
    media = get_or_404(Media, media_id, "media")
    current = media_json(media)
    body = json_body()
    if media.type.value not in LINK_TYPES:
        # A file's url is where the server serves it, and it reads no data source: both are
        # read-only for it, like its id.
        body = {
            key: value for key, value in body.items() if key not in FILE_READ_ONLY or value != current[key]
        }
    # What a GET gave may come back as it was: its read-only fields are ignored when unchanged.
    data = MediaUpdate.validated(body, current=current)
    args = _args(data)
    if "tags" in args and args["tags"] is None:
        args["tags"] = []
    update_feed_media(media, **args)
    return jsonify(media_json(media))


@bp.delete("/medias/<media_id>")
@requires(Permission.MEDIA_WRITE)
@answers(None, 204)
def medias_delete(media_id: str):
    """409 `media_in_use` naming the playlists, unless `?force=true` (items removed)."""
    media = get_or_404(Media, media_id, "media")
    force = request.args.get("force", "").lower() in {"1", "true", "yes"}
    delete_feed_media(media, force=force)
    return "", 204
