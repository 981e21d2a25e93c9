"""Outlets: who published an article, keyed by the URL's registered domain."""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract

from claimwatch.ingest.urls import host_of
from claimwatch.models import Outlet


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: never fetched at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    """``https://news.example.co.uk/x`` → ``example.co.uk``. Hosts under no public suffix
    (``.example``, ``.test``, intranet names) keep their last two labels; IPs stay whole."""
    host = host_of(url)
    if not host:
        return None
    parts = _extractor()(host)
    if parts.suffix and parts.domain:
        return f"{parts.domain}.{parts.suffix}"
    if re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return host
    return ".".join(host.split(".")[-2:])


def name_from_domain(domain: str) -> str:
    """A readable fallback name: ``valdor-herald.example`` → ``Valdor Herald``."""
    label = domain.split(".")[0]
    words = re.split(r"[-_]+", label)
    return " ".join(w.capitalize() for w in words if w) or domain


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unknown"


def clean_name(name: str, domain: str | None = None) -> str:
    """Site names often carry a section or slogan: ``RTV Valdor News – Latest``,
    ``Kestrel News | TV Kestrel``. Keep the part that best matches the domain, else the
    first part."""
    name = " ".join(name.split())
    parts = [p.strip() for p in re.split(r"\s+[|–—:·-]\s+", name) if p.strip()]
    if len(parts) < 2:
        return name
    if domain:
        label = set(re.split(r"[-_.]+", domain.split(".")[0].lower()))
        overlap = [len(label & set(re.findall(r"\w+", p.lower()))) for p in parts]
        if max(overlap) > 0:
            return parts[overlap.index(max(overlap))]
    return parts[0]


def outlet_for(url: str | None, name: str | None = None) -> Outlet | None:
    """The outlet of an article from its URL and/or a display name given by the source."""
    domain = registered_domain(url) if url else None
    name = clean_name(name, domain) if name and name.strip() else None
    if domain:
        return Outlet(id=domain, name=name or name_from_domain(domain), domain=domain)
    if name:
        return Outlet(id=slug(name), name=name, domain="")
    return None
