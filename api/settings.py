"""Settings, read from `PARRY_*` environment variables (or a `.env` file) once per process."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "development-only-secret-change-me"
SERVE_PID = "PARRY_SERVE_PID"
"""Set by `parry serve --workers N` for its workers: the process id of the server that started them."""


class Settings(BaseSettings):
    """Every setting of the service; docs/api.md lists them."""

    model_config = SettingsConfigDict(env_prefix="PARRY_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = "development"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    database_url: str = "sqlite:///./data/parry.db"
    model: str = "builtin"
    preload_model: bool = True
    warm_on_start: bool = True
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    cookie_secure: bool | None = None
    trusted_origins: list[str] = Field(
        default_factory=list, description="Origins (scheme://host:port) allowed to write besides the server's own."
    )
    max_body_bytes: int = Field(default=1_100_000, ge=1024)
    login_max_failures: int = Field(default=5, ge=1)  # per e-mail and address
    login_max_failures_per_ip: int = Field(default=50, ge=1)
    login_max_failures_per_email: int = Field(default=50, ge=1)  # from any addresses; a known browser is spared
    trusted_proxies: list[str] = Field(
        default_factory=list, description="Addresses or networks of proxies whose X-Forwarded-For is believed."
    )
    login_window_minutes: float = Field(default=15.0, gt=0)
    test_grace_seconds: float = Field(default=3.0, ge=0)
    scoring_batch_window_ms: float = Field(default=5.0, ge=0)
    scoring_max_batch: int = Field(default=32, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    worker_healthcheck_seconds: int = Field(default=60, ge=5)  # parry serve --workers N: see api.commands
    desired_retention: float = Field(default=0.9, gt=0.5, lt=1.0)
    new_steps_per_day: int = Field(default=5, ge=0, le=200)
    drill_max_per_day: int = Field(default=40, ge=1, le=1000)
    practice_count_for_test: int = Field(default=2, ge=1, le=50)
    test_requires_practice: bool = True  # a test starts only once the cycle says test_available (or expiring)
    expiry_warning_days: int = Field(default=14, ge=0, le=365)
    voice_max_seconds: float = Field(default=120.0, ge=5, le=600)  # longest spoken answer taken
    voice_max_bytes: int = Field(default=1_000_000, ge=10_000)  # 2 minutes of Opus at 32 kbit/s are ~480 kB
    speech_threads: int = Field(default=2, ge=1, le=64)  # CPU threads of the speech model, per worker
    preload_speech_model: bool = False  # load the speech model at start-up instead of on the first spoken answer
    audio_retention_days: int = Field(default=0, ge=0, le=36_500)  # recordings older are deleted daily; 0: kept

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.environment != "development" and (secret == DEFAULT_SECRET or len(secret) < 32):
            raise ValueError(
                "PARRY_SECRET_KEY must be set to a random value of at least 32 characters outside development "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"PARRY_TRUSTED_PROXIES: {entry!r} is not an IP address or network") from None
        return value

    @property
    def proxy_networks(self) -> list[IPv4Network | IPv6Network]:
        """The trusted proxies as networks."""
        return [ip_network(entry, strict=False) for entry in self.trusted_proxies]

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry the Secure flag everywhere except in development, unless set explicitly."""
        return self.cookie_secure if self.cookie_secure is not None else self.environment != "development"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
