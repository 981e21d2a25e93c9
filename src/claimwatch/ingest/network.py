"""The network side of sources: a polite Fetcher, and feed validators kept in the store."""

from __future__ import annotations

from claimwatch.ingest.fetch import (
    FEED_TYPES,
    HTML_TYPES,
    TEXT_TYPES,
    Fetcher,
    FetchPolicy,
    Validators,
)
from claimwatch.ingest.sources import Fetched, Fetching
from claimwatch.settings import Settings
from claimwatch.store import Store
from claimwatch.store.queries import feed_validators

ACCEPTED = frozenset(HTML_TYPES) | frozenset(FEED_TYPES) | frozenset(TEXT_TYPES)


class NetworkFetching(Fetching):
    """Fetches pages and feeds; the HTTP client is made on first use and closed by close()."""

    def __init__(self, settings: Settings, store: Store, fetcher: Fetcher | None = None) -> None:
        self.settings = settings
        self.store = store
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(FetchPolicy.from_settings(self.settings))
        return self._fetcher

    def get(self, url: str, *, conditional: bool = False) -> Fetched:
        validators = None
        if conditional:
            etag, last_modified = feed_validators(self.store.engine, url)
            validators = Validators(etag=etag, last_modified=last_modified)
        result = self.fetcher.fetch(url, accept=ACCEPTED, validators=validators)
        return Fetched(
            final_url=result.final_url,
            body=None if result.not_modified else result.content,
            content_type=result.content_type,
            charset=result.charset,
            validators=(result.validators.etag, result.validators.last_modified),
        )

    def remember(self, url: str, validators: tuple[str | None, str | None]) -> None:
        self.store.writer.save_feed_state(url, *validators)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
