"""Canonical URLs: one spelling per article, so the same page is stored once."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

#: Query parameters that only track the reader and never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
        "mc_eid", "_ga", "_gl", "ocid", "cmpid", "ncid", "s_cid", "smid", "sr_share", "share",
        "ref", "ref_src", "ref_url", "src", "source", "feature", "at_medium", "at_campaign",
        "spm", "__twitter_impression", "wt_mc", "mbid", "rss", "output",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "ga_", "pk_", "mtm_", "at_", "ns_", "hsa_", "oly_")

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_PCT = re.compile(r"%[0-9a-fA-F]{2}")


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters,
    remaining parameters sorted, percent-escapes normalised, an empty path as ``/``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _host(parts.hostname or "")
    port = f":{parts.port}" if parts.port and str(parts.port) != _DEFAULT_PORTS.get(scheme) else ""
    path = _normalise_escapes(parts.path) or "/"
    query = urlencode(sorted(_kept_params(parts.query)), doseq=True)
    return urlunsplit((scheme, host + port, path, query, ""))


def url_key(url: str) -> str:
    """What makes two URLs the same article: the canonical URL without scheme and ``www.``."""
    canon = urlsplit(canonical_url(url))
    host = canon.netloc.removeprefix("www.")
    return f"{host}{canon.path}" + (f"?{canon.query}" if canon.query else "")


def article_id_for_url(url: str) -> str:
    return "a" + hashlib.sha256(url_key(url).encode("utf-8")).hexdigest()[:15]


def article_id_for_text(text: str) -> str:
    """Id of an article that has no URL: a hash of its whitespace-normalised text."""
    normal = " ".join(text.split()).encode("utf-8")
    return "t" + hashlib.sha256(normal).hexdigest()[:15]


def host_of(url: str) -> str:
    return _host(urlsplit(url).hostname or "")


def _host(host: str) -> str:
    host = host.strip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _kept_params(query: str) -> list[tuple[str, str]]:
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        lowered = key.lower()
        if lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES):
            continue
        kept.append((key, value))
    return kept


def _normalise_escapes(path: str) -> str:
    # Decode escapes of unreserved characters, keep the rest escaped with upper-case hex.
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")
