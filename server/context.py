"""What a request handler can ask for: the core, and each feature's services by name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.types import ControllerRouterHandler

from server.changes import Changes
from server.clock import Clock
from server.db import Database
from server.keys import load_or_create_secret
from server.library import Library, load_library
from server.ratelimit import RateLimiter
from server.scheduler import Job, Scheduler
from server.settings import Settings
from server.spaces.repo import Device, SpaceRepo
from server.spaces.service import SpaceService

SESSION_COOKIE = "attune_session"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Core:
    """What every feature may build on: settings, time, storage, the secret and sign-in."""

    settings: Settings
    clock: Clock
    db: Database
    secret: bytes
    spaces: SpaceService
    library: Library
    # Spaces whose schedule, settings or devices changed: the reminder loop plans them again.
    changes: Changes


class Worker(Protocol):
    """Something that runs for the app's whole life: started after the database opens."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True)
class Feature:
    """What one feature adds: named services, route handlers, scheduler jobs and workers."""

    services: Mapping[str, object] = field(default_factory=dict)
    routes: Sequence[ControllerRouterHandler] = ()
    jobs: Sequence[Job] = ()
    workers: Sequence[Worker] = ()


@dataclass(frozen=True)
class Services:
    """The app's long-lived parts; one instance per app, kept in app.state."""

    core: Core
    scheduler: Scheduler
    named: Mapping[str, object]
    workers: Sequence[Worker] = ()

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def clock(self) -> Clock:
        return self.core.clock

    @property
    def db(self) -> Database:
        return self.core.db

    @property
    def spaces(self) -> SpaceService:
        return self.core.spaces

    def feature(self, name: str) -> object:
        """Return the service a feature registered under name."""
        try:
            return self.named[name]
        except KeyError:
            raise LookupError(f"no feature registered a service called {name!r}") from None


def build_core(settings: Settings, clock: Clock) -> Core:
    """Assemble the parts every feature shares; nothing is opened yet."""
    secret = load_or_create_secret(settings.data_path)
    db = Database(settings.database_path)
    spaces = SpaceService(
        SpaceRepo(db),
        clock,
        secret,
        creations=RateLimiter(
            clock,
            limit=settings.spaces_per_hour_per_address,
            window=timedelta(hours=1),
            what="new spaces",
        ),
        claims=RateLimiter(
            clock,
            limit=settings.pairing_attempts_per_10min,
            window=timedelta(minutes=10),
            what="code attempts",
        ),
    )
    library = load_library(settings.shell_dir)
    return Core(
        settings=settings,
        clock=clock,
        db=db,
        secret=secret,
        spaces=spaces,
        library=library,
        changes=Changes(),
    )


def compose(core: Core, features: Sequence[Feature]) -> Services:
    """Register every feature's services by name, refusing a name given twice."""
    named: dict[str, object] = {}
    for feature in features:
        for name, service in feature.services.items():
            if name in named:
                raise ValueError(f"two features register a service called {name!r}")
            named[name] = service
    scheduler = Scheduler(core.clock, [job for feature in features for job in feature.jobs])
    workers = [worker for feature in features for worker in feature.workers]
    return Services(core=core, scheduler=scheduler, named=named, workers=workers)


def provide_services(state: State) -> Services:
    services: Services = state["services"]
    return services


def provide_service(name: str) -> Provide:
    """Hand a handler the service a feature registered under name."""

    def provide(state: State) -> Any:
        return provide_services(state).feature(name)

    return Provide(provide, sync_to_thread=False)


def provide_signed_in(name: str) -> Provide:
    """Hand a signed-in handler the service a feature registered under name, after its device.

    Litestar resolves independent async dependencies together in a task group, which costs more
    per request than both lookups; depending on the device makes them two plain steps.
    """

    def provide(state: State, device: NamedDependency[Any]) -> Any:
        return provide_services(state).feature(name)

    return Provide(provide, sync_to_thread=False)


async def provide_device(request: Request[Any, Any, Any], state: State) -> Device:
    """Resolve the signed-in device from its cookie; 401 without one, 403 without CSRF token."""
    return await provide_services(state).spaces.authenticate(
        request.cookies.get(SESSION_COOKIE), request.method, request.headers.get(CSRF_HEADER)
    )


def client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"
