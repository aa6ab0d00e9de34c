"""HTTP routes for the private space, its devices, pairing and recovery."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie, State
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, Parameter

from server.context import (
    SESSION_COOKIE,
    client_address,
    provide_device,
    provide_service,
    provide_signed_in,
)
from server.errors import BadRequest
from server.openapi import EXTRA_ERRORS, SMALL_ANSWER
from server.spaces.repo import Device
from server.spaces.schemas import (
    ClaimCode,
    DeviceList,
    NewSpace,
    PairingCode,
    RecoveryCode,
    RenameDevice,
    SessionInfo,
    SignedOut,
)
from server.spaces.service import SpaceService

COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
DELETE_CONFIRMATION = "delete everything"


def _session_cookie(state: State, token: str) -> Cookie:
    secure = bool(state["services"].settings.secure_cookies)
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


def _signed_out(state: State) -> Cookie:
    cookie = _session_cookie(state, "")
    cookie.max_age = 0
    return cookie


def _signed_in(info: SessionInfo, token: str, state: State, status: int) -> Response[SessionInfo]:
    return Response(info, status_code=status, cookies=[_session_cookie(state, token)])


Claim = Callable[[str | None, str, str | None, str, str], Awaitable[tuple[SessionInfo, str]]]


async def _claim(
    claim: Claim, request: Request[Any, Any, Any], state: State, data: ClaimCode
) -> Response[SessionInfo]:
    info, token = await claim(
        request.cookies.get(SESSION_COOKIE),
        data.code,
        data.device_label,
        request.headers.get("user-agent", ""),
        client_address(request),
    )
    return _signed_in(info, token, state, 200)


# Handlers for a signed-in device: the device first, then the service (see provide_signed_in).
SIGNED_IN = {"device": Provide(provide_device), "spaces": provide_signed_in("spaces")}


class SpaceController(Controller):
    path = "/api"
    tags = ["space"]
    dependencies = {"spaces": provide_service("spaces")}

    @post(
        "/spaces",
        status_code=201,
        opt={EXTRA_ERRORS: (429,)},
        responses={
            200: ResponseSpec(
                data_container=SessionInfo,
                description="This browser already has a space: it is described, none is created.",
            )
        },
    )
    async def create_space(
        self,
        request: Request[Any, Any, Any],
        state: State,
        spaces: NamedDependency[SpaceService],
        data: JSONBody[NewSpace],
    ) -> Response[SessionInfo]:
        """Create a private space and sign this browser in to it (no form, no e-mail)."""
        info, token = await spaces.create_space(
            request.cookies.get(SESSION_COOKIE),
            data.device_label,
            request.headers.get("user-agent", ""),
            client_address(request),
        )
        if token is None:
            return Response(info, status_code=200)
        return _signed_in(info, token, state, 201)

    @get("/session", opt={SMALL_ANSWER: True})
    async def session(
        self,
        request: Request[Any, Any, Any],
        spaces: NamedDependency[SpaceService],
        known_space: str | None = Parameter(
            default=None,
            max_length=64,
            description="A space this browser was in: a signed-out answer says if it still exists.",
        ),
    ) -> SessionInfo | SignedOut:
        """Describe this browser's space and device with the CSRF token, or say it has none."""
        return await spaces.session_or_signed_out(request.cookies.get(SESSION_COOKIE), known_space)

    @post("/pairing-codes", status_code=201, dependencies=SIGNED_IN)
    async def new_pairing_code(
        self, spaces: NamedDependency[SpaceService], device: NamedDependency[Device]
    ) -> PairingCode:
        """Make a one-time code (10 minutes) for another device to join this space."""
        return await spaces.new_pairing_code(device)

    @post("/pairing-codes/claim", status_code=200, opt={EXTRA_ERRORS: (404, 429)})
    async def claim_pairing_code(
        self,
        request: Request[Any, Any, Any],
        state: State,
        spaces: NamedDependency[SpaceService],
        data: JSONBody[ClaimCode],
    ) -> Response[SessionInfo]:
        """Join the space that showed this code; the code stops working."""
        return await _claim(spaces.claim_pairing_code, request, state, data)

    @post("/recovery-code", status_code=201, dependencies=SIGNED_IN)
    async def new_recovery_code(
        self, spaces: NamedDependency[SpaceService], device: NamedDependency[Device]
    ) -> RecoveryCode:
        """Make the space's recovery code, shown only this once."""
        return await spaces.new_recovery_code(device)

    @delete("/recovery-code", dependencies=SIGNED_IN)
    async def remove_recovery_code(
        self, spaces: NamedDependency[SpaceService], device: NamedDependency[Device]
    ) -> None:
        """Stop the current recovery code from working."""
        await spaces.remove_recovery_code(device)

    @post("/recovery-code/claim", status_code=200, opt={EXTRA_ERRORS: (404, 429)})
    async def claim_recovery_code(
        self,
        request: Request[Any, Any, Any],
        state: State,
        spaces: NamedDependency[SpaceService],
        data: JSONBody[ClaimCode],
    ) -> Response[SessionInfo]:
        """Sign this browser in to the space the recovery code belongs to."""
        return await _claim(spaces.claim_recovery_code, request, state, data)

    @get("/devices", dependencies=SIGNED_IN)
    async def devices(
        self, spaces: NamedDependency[SpaceService], device: NamedDependency[Device]
    ) -> DeviceList:
        """List the devices signed in to this space, with when each was last seen."""
        return await spaces.devices(device)

    @patch("/devices/{device_id:str}", dependencies=SIGNED_IN)
    async def rename_device(
        self,
        spaces: NamedDependency[SpaceService],
        device: NamedDependency[Device],
        device_id: FromPath[str],
        data: JSONBody[RenameDevice],
    ) -> DeviceList:
        """Rename one of this space's devices."""
        await spaces.rename_device(device, device_id, data.label)
        return await spaces.devices(device)

    @delete(
        "/devices/{device_id:str}",
        status_code=204,
        dependencies=SIGNED_IN,
    )
    async def sign_out(
        self,
        state: State,
        spaces: NamedDependency[SpaceService],
        device: NamedDependency[Device],
        device_id: FromPath[str],
    ) -> Response[None]:
        """Sign a device out of this space; signing out this device clears its cookie."""
        await spaces.sign_out(device, device_id)
        cookies = [_signed_out(state)] if device_id == device.id else []
        return Response(None, status_code=204, cookies=cookies)

    @delete("/space", status_code=204, dependencies=SIGNED_IN)
    async def delete_space(
        self,
        state: State,
        spaces: NamedDependency[SpaceService],
        device: NamedDependency[Device],
        confirm: str = Parameter(description=f'Must be "{DELETE_CONFIRMATION}".', default=""),
    ) -> Response[None]:
        """Delete the space with everything in it, for every device."""
        if confirm != DELETE_CONFIRMATION:
            raise BadRequest(
                f"Deleting a space needs ?confirm={DELETE_CONFIRMATION.replace(' ', '+')}.",
                code="confirmation_required",
                field="confirm",
            )
        await spaces.delete_space(device)
        return Response(None, status_code=204, cookies=[_signed_out(state)])
