"""Document every operation's error answers with the app's one error shape, ErrorBody."""

from __future__ import annotations

from litestar.constants import RESERVED_KWARGS
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.types import Empty

from server.errors import ErrorBody

ERROR_DESCRIPTIONS = {
    400: "The request is not valid; error.field names the part at fault.",
    401: "This browser is not signed in to a space.",
    403: "A write from another site, or without this session's CSRF token.",
    404: "There is no such thing in this space.",
    409: "This id is already used for something else.",
    413: "The body is larger than this operation accepts.",
    429: "Too many attempts from this address; Retry-After says when to try again.",
}
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A handler names statuses its rules cannot infer: @post(..., opt={"errors": (429,)}).
EXTRA_ERRORS = "errors"
# A handler whose answer is always below the compression threshold skips the compression
# middleware, whose per-request setup was ~10% of a check-in PUT: opt={SMALL_ANSWER: True}.
SMALL_ANSWER = "small_answer"


class ErrorResponses(ReceiveRoutePlugin):
    """Give each API operation the error statuses it can answer, all in the ErrorBody shape."""

    def receive_route(self, route: BaseRoute) -> None:
        """Add the error responses to each handler of an HTTP route as the app registers it."""
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            statuses = error_statuses(handler, has_path_parameters=bool(route.path_parameters))
            documented = {
                status: ResponseSpec(
                    data_container=ErrorBody,
                    description=ERROR_DESCRIPTIONS[status],
                    generate_examples=False,
                )
                for status in sorted(statuses)
            }
            if handler.status_code == 204:
                # Litestar documents a JSON null for Response[None]; a 204 has no body at all.
                documented[204] = ResponseSpec(data_container=None, description="Done; no body.")
            # The handler's own responses, if any, are more precise than the generic ones.
            handler.responses = {**documented, **(handler.responses or {})}


def error_statuses(handler: HTTPRouteHandler, *, has_path_parameters: bool) -> set[int]:
    """Return the error statuses the handler can answer, from what it takes and needs."""
    parameters = set(handler.parsed_fn_signature.parameters)
    inputs = parameters - set(handler.resolve_dependencies()) - RESERVED_KWARGS - {"self"}
    takes_body = "data" in parameters or handler.request_max_body_size is not Empty
    statuses: set[int] = set(handler.opt.get(EXTRA_ERRORS, ()))
    if inputs or takes_body or has_path_parameters:
        statuses.add(400)
    if "device" in parameters:
        statuses.add(401)
    # Writes need the same origin, and signed-in writes the CSRF token.
    if handler.http_methods & WRITES:
        statuses.add(403)
    if has_path_parameters:
        statuses.add(404)
    # A PUT under a client-made id clashes when that id already holds something else.
    if "PUT" in handler.http_methods and has_path_parameters:
        statuses.add(409)
    if takes_body:
        statuses.add(413)
    return statuses
