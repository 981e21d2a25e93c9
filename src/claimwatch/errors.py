"""Every error claimwatch raises on purpose, in one tree.

    ClaimwatchError                 base: catch this to handle any claimwatch failure
    ├── ConfigError                 a setting or option has a value we cannot use
    ├── BadRequest                  a request the data cannot answer (empty claim, wrong language)
    ├── StoreError                  the store cannot be opened, migrated or written
    │   └── NotFound                an id that names nothing in the store
    ├── SourceError                 one input item cannot be turned into an article
    │   ├── UnreadableSource        missing, unreadable, binary, empty or oversized input
    │   ├── MalformedSource         broken JSON, feed, WARC or gzip; wrong or lying charset
    │   └── ExtractionError         the item was read but holds no article text
    └── FetchError                  a URL could not be fetched (carries the URL)
        ├── BlockedURL              refused before sending: bad scheme, private address, robots.txt
        ├── HTTPStatusError         the server answered with an error status
        ├── FetchTimeout            no answer in time, after retries
        ├── TooManyRedirects        the redirect limit was reached (or a loop)
        ├── ResponseTooLarge        the body is over the size limit
        └── UnsupportedContent      the content type is not one we can extract

Messages are one line that names the item and says what to do next where there is
something to do.
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base class of every error claimwatch raises on purpose."""


class ConfigError(ClaimwatchError):
    """A setting or command-line option has a value we cannot use."""


class BadRequest(ClaimwatchError):
    """A request the stored data cannot answer as asked: an empty claim, an article in a
    language the models do not read."""


class StoreError(ClaimwatchError):
    """The store cannot be opened, migrated or written."""


class NotFound(StoreError):
    """An id that names nothing in the store."""


class SourceError(ClaimwatchError):
    """One input item cannot be turned into an article; the rest of the batch goes on."""


class UnreadableSource(SourceError):
    """Missing, unreadable, binary, empty or oversized input."""


class MalformedSource(SourceError):
    """Broken JSON, feed, WARC or gzip, or text in a charset we cannot decode."""


class ExtractionError(SourceError):
    """The item was read but holds no article text."""


class FetchError(ClaimwatchError):
    """A URL could not be fetched."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class BlockedURL(FetchError):
    """Refused before anything was sent: scheme, private address or robots.txt."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, url: str = "", status: int = 0) -> None:
        super().__init__(message, url)
        self.status = status


class FetchTimeout(FetchError):
    """No answer in time, after every retry."""


class TooManyRedirects(FetchError):
    """The redirect limit was reached, or the redirects loop."""


class ResponseTooLarge(FetchError):
    """The response body is over the size limit."""


class UnsupportedContent(FetchError):
    """The response's content type is not one claimwatch can extract."""
