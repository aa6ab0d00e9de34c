"""Private spaces: creation on first visit, device sessions, pairing and recovery."""

from __future__ import annotations

import hmac
import secrets
import uuid
from datetime import timedelta
from functools import lru_cache, partial

import msgspec

from server.clock import Clock
from server.errors import Forbidden, NotFound, Unauthorized
from server.keys import derive, hash_token
from server.ratelimit import RateLimiter
from server.spaces import codes
from server.spaces.repo import Device, SpaceRepo
from server.spaces.schemas import (
    DeviceInfo,
    DeviceList,
    PairingCode,
    RecoveryCode,
    SessionInfo,
    SignedOut,
)
from server.spaces.sessions import SESSION_CACHE_SIZE, OneLookup, SessionCache

PAIRING_LIFETIME = timedelta(minutes=10)
LAST_SEEN_GRANULARITY = timedelta(minutes=5)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SpaceService:
    def __init__(
        self,
        repo: SpaceRepo,
        clock: Clock,
        secret: bytes,
        *,
        creations: RateLimiter,
        claims: RateLimiter,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self._secret = secret
        self._creations = creations
        self._claims = claims
        self._sessions = SessionCache(clock)
        self._lookups = OneLookup()
        # An HMAC per request adds up; the token for a session never changes.
        self._csrf = lru_cache(maxsize=SESSION_CACHE_SIZE)(partial(derive, secret, "csrf"))

    def csrf_token(self, device: Device) -> str:
        return self._csrf(device.token_hash)

    def space_changed(self, space_id: str) -> None:
        """Forget what this process keeps of a space whose zone or recovery code changed."""
        self._sessions.space_changed(space_id)

    async def authenticate(self, token: str | None, method: str, csrf: str | None) -> Device:
        """Return the caller's device; writes must also carry the session's CSRF token."""
        device = await self.device_for(token)
        if device is None:
            raise Unauthorized("This browser is not signed in to a space.")
        if method in UNSAFE_METHODS and not hmac.compare_digest(
            csrf or "", self.csrf_token(device)
        ):
            raise Forbidden("The request is missing this session's CSRF token.", code="csrf")
        now = self.clock.now()
        if now - device.last_seen_at >= LAST_SEEN_GRANULARITY:
            await self.repo.touch_device(device.id, now)
            device = msgspec.structs.replace(device, last_seen_at=now)
            self._sessions.put(device)
        return device

    async def device_for(self, token: str | None) -> Device | None:
        """Find the token's device, from the session cache when it was looked up just now."""
        if not token:
            return None
        token_hash = hash_token(token)
        device = self._sessions.get(token_hash)
        if device is None:
            generation = self._sessions.generation
            device = await self._lookups.get(
                f"device:{token_hash}:{generation}", lambda: self.repo.device_by_token(token_hash)
            )
            if device is not None:
                self._sessions.put(device, read_in=generation)
        return device

    async def create_space(
        self, token: str | None, label: str | None, user_agent: str, address: str
    ) -> tuple[SessionInfo, str | None]:
        """Create a space and this device's session; an existing session is returned as is."""
        existing = await self.device_for(token)
        if existing is not None:
            return await self.session_info(existing), None
        self._creations.hit(address)
        device, new_token = self._new_device("", label, user_agent)
        space_id = str(uuid.uuid4())
        device = msgspec.structs.replace(device, space_id=space_id)
        await self.repo.create_space(space_id, device)
        return await self.session_info(device), new_token

    async def session_or_signed_out(
        self, token: str | None, known_space: str | None
    ) -> SessionInfo | SignedOut:
        """Describe the token's session; without one, say so (a first visit is not an error)."""
        try:
            return await self.session_info(await self.authenticate(token, "GET", None))
        except Unauthorized:
            pass
        if known_space is None:
            return SignedOut()
        # Space ids are random and only ever shown to that space's devices, so this tells a
        # signed-out device no more than it knew: whether to say "signed out" or "gone".
        return SignedOut(space_exists=await self.repo.space(known_space) is not None)

    async def session_info(self, device: Device) -> SessionInfo:
        space = self._sessions.space(device.space_id)
        if space is None:
            generation = self._sessions.generation
            space = await self._lookups.get(
                f"space:{device.space_id}:{generation}", lambda: self.repo.space(device.space_id)
            )
            if space is not None:
                self._sessions.put_space(space, read_in=generation)
        if space is None:
            raise Unauthorized("This browser's space no longer exists.")
        return SessionInfo(
            space_id=space.id,
            device_id=device.id,
            device_label=device.label,
            csrf_token=self.csrf_token(device),
            time_zone=space.time_zone,
            has_recovery_code=space.has_recovery_code,
            space_created_at=space.created_at,
        )

    async def new_pairing_code(self, device: Device) -> PairingCode:
        """Make a one-time code that lets another device join; it replaces any earlier code."""
        code = codes.new_code(codes.PAIRING_LENGTH)
        expires_at = self.clock.now() + PAIRING_LIFETIME
        await self.repo.set_pairing_code(device.space_id, self._code_hash(code), expires_at)
        return PairingCode(code=code, expires_at=expires_at)

    async def claim_pairing_code(
        self, token: str | None, code: str, label: str | None, user_agent: str, address: str
    ) -> tuple[SessionInfo, str]:
        """Join the space whose live code this is, leaving any space this browser was in."""
        self._claims.hit(address)
        device, new_token = self._new_device("", label, user_agent)
        space_id = await self.repo.claim_pairing_code(
            self._code_hash(code), self.clock.now(), device
        )
        if space_id is None:
            raise NotFound(
                "That pairing code is not valid. Codes work once, for 10 minutes.",
                code="invalid_code",
            )
        joined = msgspec.structs.replace(device, space_id=space_id)
        return await self._switch_to(token, joined, new_token)

    async def new_recovery_code(self, device: Device) -> RecoveryCode:
        """Make the space's recovery code, shown once; any earlier code stops working."""
        code = codes.new_code(codes.RECOVERY_LENGTH)
        now = self.clock.now()
        await self.repo.set_recovery_code(device.space_id, self._code_hash(code), now)
        self.space_changed(device.space_id)
        return RecoveryCode(code=code, created_at=now)

    async def remove_recovery_code(self, device: Device) -> None:
        await self.repo.set_recovery_code(device.space_id, None, self.clock.now())
        self.space_changed(device.space_id)

    async def claim_recovery_code(
        self, token: str | None, code: str, label: str | None, user_agent: str, address: str
    ) -> tuple[SessionInfo, str]:
        """Restore access to the space this recovery code belongs to, on this device."""
        self._claims.hit(address)
        space_id = await self.repo.space_for_recovery(self._code_hash(code))
        if space_id is None:
            raise NotFound("That recovery code is not valid.", code="invalid_code")
        device, new_token = self._new_device(space_id, label, user_agent)
        await self.repo.add_device(device)
        return await self._switch_to(token, device, new_token)

    async def devices(self, device: Device) -> DeviceList:
        rows = await self.repo.devices(device.space_id)
        with_reminders = await self.repo.devices_with_reminders(device.space_id)
        return DeviceList(
            devices=[
                DeviceInfo(
                    id=d.id,
                    label=d.label,
                    created_at=d.created_at,
                    last_seen_at=d.last_seen_at,
                    current=d.id == device.id,
                    reminders=d.id in with_reminders,
                )
                for d in rows
            ]
        )

    async def rename_device(self, device: Device, device_id: str, label: str) -> None:
        if not await self.repo.rename_device(device.space_id, device_id, label):
            raise NotFound("No such device in this space.")
        self._sessions.forget_device(device_id)

    async def sign_out(self, device: Device, device_id: str) -> None:
        """Sign a device out; the last device out of a space with no recovery code deletes it."""
        if device_id == device.id:
            # Nobody could ever reach that space again, so its personal data should not linger.
            await self._leave(device)
        elif not await self.repo.remove_device(device.space_id, device_id):
            raise NotFound("No such device in this space.")
        self._sessions.forget_device(device_id)

    async def delete_space(self, device: Device) -> None:
        await self.repo.delete_space(device.space_id)
        self._sessions.forget_space(device.space_id)

    async def _leave(self, device: Device) -> None:
        await self.repo.leave_space(device)
        self._sessions.forget_device(device.id)

    async def _switch_to(
        self, token: str | None, joined: Device, new_token: str
    ) -> tuple[SessionInfo, str]:
        previous = await self.device_for(token)
        if previous is not None:
            await self._leave(previous)
        return await self.session_info(joined), new_token

    def _new_device(self, space_id: str, label: str | None, user_agent: str) -> tuple[Device, str]:
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        device = Device(
            id=str(uuid.uuid4()),
            space_id=space_id,
            token_hash=hash_token(token),
            label=label or codes.device_label(user_agent),
            created_at=now,
            last_seen_at=now,
        )
        return device, token

    def _code_hash(self, code: str) -> str:
        return derive(self._secret, "code", codes.normalise_code(code))
