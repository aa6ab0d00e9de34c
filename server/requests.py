"""The app's Request: a JSON body that cannot be read is the client's mistake, a 400."""

from __future__ import annotations

from typing import Any

from litestar import Request

from server.errors import BadRequest


class AttuneRequest(Request[Any, Any, Any]):
    """Answer 400 for bodies msgspec refuses outside its DecodeError (bad UTF-8, deep nesting)."""

    async def json(self) -> Any:
        """Decode the JSON body, refusing bytes that are not UTF-8 or nest absurdly deep."""
        try:
            return await super().json()
        except UnicodeDecodeError:
            raise BadRequest("The body is not valid UTF-8 JSON.") from None
        except RecursionError:
            # msgspec stops at its own depth limit; no real request comes near it.
            raise BadRequest("The body nests too deeply to be a real request.") from None
